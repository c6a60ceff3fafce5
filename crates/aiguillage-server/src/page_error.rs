//! Errors answered to people: a French HTML page with the status of the error.
//!
//! The API answers JSON ([`crate::ApiError`]); every path outside it (the pages, the
//! reports, the assets, unknown paths) answers a [`PageError`].

use aiguillage_web::pages::error;
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, RETRY_AFTER};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};

/// A French error page: a title, a sentence saying what to do, and the status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageError {
    status: StatusCode,
    title: &'static str,
    message: String,
    /// Seconds after which to try again, sent as `Retry-After`.
    retry_after_s: Option<u32>,
}

impl PageError {
    /// A page of `status`, answered at once (no `Retry-After`).
    fn new(status: StatusCode, title: &'static str, message: impl Into<String>) -> Self {
        PageError {
            status,
            title,
            message: message.into(),
            retry_after_s: None,
        }
    }

    /// 404, with a title naming what was looked for (« Lieu introuvable »).
    pub(crate) fn not_found(title: &'static str, message: impl Into<String>) -> Self {
        PageError::new(StatusCode::NOT_FOUND, title, message)
    }

    /// 404 for a path that leads nowhere.
    pub(crate) fn no_such_page() -> Self {
        PageError::not_found(
            "Page introuvable",
            "Cette adresse ne mène à aucune page du site. Vérifiez-la, ou repartez de la recherche.",
        )
    }

    /// 400: the address cannot be read; `message` says what is wrong, in French.
    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        PageError::new(StatusCode::BAD_REQUEST, "Adresse incorrecte", message)
    }

    /// 403: the signed-in person may not do this (outside their territories or places), or
    /// a form came without its CSRF token.
    pub(crate) fn forbidden(message: impl Into<String>) -> Self {
        PageError::new(StatusCode::FORBIDDEN, "Action non autorisée", message)
    }

    /// 429: too many sign-in attempts or suggestions from here.
    pub(crate) fn too_many_requests(message: impl Into<String>) -> Self {
        PageError::new(StatusCode::TOO_MANY_REQUESTS, "Trop de demandes", message)
    }

    /// 405: pages are only read (a form of the site never sends anything else).
    pub(crate) fn method_not_allowed() -> Self {
        PageError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "Action impossible",
            "Cette page se consulte seulement : elle ne reçoit pas d'envoi.",
        )
    }

    /// 503: the server cannot answer now (it took too long); `message` says what to do.
    pub(crate) fn unavailable(message: impl Into<String>) -> Self {
        PageError::new(StatusCode::SERVICE_UNAVAILABLE, "Service indisponible", message)
    }

    /// The same page, telling the browser to try again after `seconds`.
    pub(crate) fn retry_after(self, seconds: u32) -> Self {
        PageError {
            retry_after_s: Some(seconds),
            ..self
        }
    }

    /// 503: the site serves a read-only database: nothing can be changed.
    pub(crate) fn read_only() -> Self {
        PageError::unavailable(
            "Ce site est en lecture seule pour le moment : les modifications, les propositions et \
             les connexions sont impossibles. Les lieux restent consultables.",
        )
    }

    /// 500: the cause is logged, the visitor is asked to come back.
    pub(crate) fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!("{cause}");
        PageError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Erreur du serveur",
            "La page n'a pas pu être lue. Réessayez dans un instant.",
        )
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Html(error::render(self.title, &self.message))).into_response();
        let headers = response.headers_mut();
        headers.insert(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(error::CONTENT_SECURITY_POLICY),
        );
        // The same address may work a moment later (after an import, once the typo is fixed).
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        if let Some(seconds) = self.retry_after_s {
            headers.insert(RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

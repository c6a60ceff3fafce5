//! `/connexion` and `/deconnexion`.

use std::sync::LazyLock;

use aiguillage_accounts::{hash_password, verify_password};
use aiguillage_web::pages::contrib::login::{self, LoginError, LoginView};
use aiguillage_web::paths;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::form::FormData;
use crate::auth::{
    count_failure, form_token, open_session, session_max_age, set_cookie, throttled, ClientAddress, Visitor,
    FORM_COOKIE, SESSION_COOKIE,
};
use crate::page_error::PageError;
use crate::routes::pages::page;
use crate::AppState;

/// A hash no password matches, verified for unknown addresses so that they take as long as
/// known ones: the answer's time does not tell whether an account exists.
static UNKNOWN_ACCOUNT: LazyLock<String> =
    LazyLock::new(|| hash_password("no account has this password").unwrap_or_default());

#[derive(Debug, Deserialize)]
pub(super) struct Next {
    #[serde(default)]
    next: String,
}

/// Where to go after signing in: a path of this site, the dashboard otherwise.
fn local_path(next: &str) -> &str {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next
    } else {
        paths::DASHBOARD
    }
}

/// A page with the signed-out form cookie set when it was missing.
pub(super) fn with_form_cookie(state: &AppState, mut response: Response, token: &str, new: bool) -> Response {
    if new {
        response.headers_mut().append(
            SET_COOKIE,
            set_cookie(state, FORM_COOKIE, token, session_max_age()),
        );
    }
    response
}

fn login_page(
    state: &AppState,
    headers: &HeaderMap,
    status: StatusCode,
    next: &str,
    email: &str,
    error: Option<LoginError>,
) -> Response {
    let (csrf, new) = form_token(headers);
    let html = login::render(&LoginView {
        csrf: csrf.clone(),
        next: local_path(next).to_owned(),
        email: email.to_owned(),
        error,
    });
    with_form_cookie(state, page(state, status, html), &csrf, new)
}

/// `GET /connexion`.
pub(super) async fn form(
    State(state): State<AppState>,
    Visitor(visitor): Visitor,
    Query(next): Query<Next>,
    headers: HeaderMap,
) -> Response {
    if visitor.is_some() {
        return redirect(local_path(&next.next));
    }
    login_page(&state, &headers, StatusCode::OK, &next.next, "", None)
}

/// `POST /connexion`: the same answer for an unknown address and a wrong password.
pub(super) async fn sign_in(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let form = FormData::parse(&body);
    form.check_cookie(&headers)?;
    let (email, password, next) = (form.get("email").trim(), form.get("password"), form.get("next"));
    let failed = |status, error| Ok(login_page(&state, &headers, status, next, email, Some(error)));
    if throttled(&state, email, &address)
        .await
        .map_err(|e| PageError::internal(e.message))?
    {
        return failed(StatusCode::TOO_MANY_REQUESTS, LoginError::Throttled);
    }
    let account = state
        .store
        .user_by_email(email)
        .await
        .map_err(PageError::internal)?;
    let user = match account {
        Some((user, hash)) => {
            (verify_password(&hash, password) && user.disabled_at.is_none()).then_some(user)
        }
        None => {
            verify_password(&UNKNOWN_ACCOUNT, password);
            None
        }
    };
    let Some(user) = user else {
        count_failure(&state, email, &address)
            .await
            .map_err(|e| PageError::internal(e.message))?;
        return failed(StatusCode::UNAUTHORIZED, LoginError::Incorrect);
    };
    state
        .store
        .clear_rate_events(&format!("signin:{}", email.to_lowercase()))
        .await
        .map_err(PageError::internal)?;
    let (secret, _) = open_session(&state, &user)
        .await
        .map_err(|e| PageError::internal(e.message))?;
    let mut response = redirect(local_path(next));
    response.headers_mut().append(
        SET_COOKIE,
        set_cookie(&state, SESSION_COOKIE, &secret, session_max_age()),
    );
    Ok(response)
}

/// `POST /deconnexion`.
pub(super) async fn sign_out(
    State(state): State<AppState>,
    Visitor(visitor): Visitor,
    body: Bytes,
) -> Result<Response, PageError> {
    let form = FormData::parse(&body);
    let mut response = redirect("/");
    if let Some(signed_in) = visitor {
        form.check_session(&signed_in)?;
        state
            .store
            .delete_session(&signed_in.session_hash)
            .await
            .map_err(PageError::internal)?;
    }
    response
        .headers_mut()
        .append(SET_COOKIE, set_cookie(&state, SESSION_COOKIE, "", 0));
    Ok(response)
}

/// `303 See Other` to `path`: a form's answer is a page to load, never to post again.
pub(super) fn redirect(path: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(path) {
        response.headers_mut().insert(LOCATION, value);
    }
    response
}

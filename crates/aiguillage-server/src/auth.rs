//! Who is writing: API tokens, browser sessions and their CSRF tokens, and the sign-in
//! throttle.
//!
//! Every write of the API takes an [`Author`]: a bearer token (`Authorization: Bearer …`),
//! or the session cookie of a signed-in browser, which must then send its session's CSRF
//! token (`X-CSRF-Token`, or the `csrf` field of a form) so that another site cannot make a
//! signed-in browser write. Pages take a [`Visitor`], signed in or not.

use aiguillage_accounts::{new_secret, secret_hash, secrets_match};
use aiguillage_contrib::Contributor;
use aiguillage_store::User;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method};
use chrono::{Duration, SecondsFormat, Utc};

use crate::page_error::PageError;
use crate::{ApiError, AppState, ErrorCode};

/// The session cookie: a secret whose SHA-256 the store keeps.
pub(crate) const SESSION_COOKIE: &str = "aiguillage_session";
/// The CSRF cookie of signed-out forms (sign-in, suggestions): the form's `csrf` field must
/// repeat it (double submit), which another site cannot read.
pub(crate) const FORM_COOKIE: &str = "aiguillage_formulaire";
/// How long a session lasts.
const SESSION_HOURS: i64 = 12;

/// Sign-in failures allowed per account, then per address, within the window.
const FAILURES_PER_ACCOUNT: u64 = 5;
const FAILURES_PER_ADDRESS: u64 = 20;
/// The window of the sign-in throttle, in minutes.
pub(crate) const THROTTLE_MINUTES: i64 = 15;

/// An instant as the store's times are written (RFC 3339, UTC, milliseconds), which compare as
/// text.
fn stamp(at: chrono::DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The value of cookie `name`, if the request has it.
pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, path `/`, Secure when the site is served
/// over HTTPS; `max_age` in seconds (0 deletes it).
pub(crate) fn set_cookie(state: &AppState, name: &str, value: &str, max_age: i64) -> HeaderValue {
    let secure = if state.secure_cookies() { "; Secure" } else { "" };
    let text = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}");
    // Names and values are ASCII hex digits and letters.
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The remote address, for per-address limits (`unknown` when the server was not started
/// with connection info, as in unit tests).
#[derive(Debug, Clone)]
pub(crate) struct ClientAddress(pub(crate) String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddress(
            parts
                .extensions
                .get::<ConnectInfo<std::net::SocketAddr>>()
                .map_or_else(|| "unknown".to_owned(), |ConnectInfo(addr)| addr.ip().to_string()),
        ))
    }
}

/// A signed-in browser: its account, its session's CSRF token and the session's secret hash.
#[derive(Debug, Clone)]
pub(crate) struct SignedIn {
    pub(crate) contributor: Contributor,
    pub(crate) csrf: String,
    pub(crate) session_hash: String,
}

/// The signed-in session of the request, if any.
async fn session(state: &AppState, headers: &HeaderMap) -> Result<Option<SignedIn>, ApiError> {
    let Some(secret) = cookie(headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    let hash = secret_hash(secret);
    match state.store.session(&hash).await? {
        Some((user, csrf)) => Ok(Some(SignedIn {
            contributor: Contributor::of(&state.store, user).await?,
            csrf,
            session_hash: hash,
        })),
        None => Ok(None),
    }
}

/// The author of an API write.
#[derive(Debug, Clone)]
pub(crate) struct Author(pub(crate) Contributor);

impl FromRequestParts<AppState> for Author {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(value) = parts.headers.get(AUTHORIZATION) {
            let token = value
                .to_str()
                .ok()
                .and_then(|v| v.strip_prefix("Bearer "))
                .map(str::trim)
                .ok_or_else(|| {
                    ApiError::new(ErrorCode::Unauthorized, "Authorization must be « Bearer TOKEN »")
                })?;
            let user: User = state
                .store
                .token_user(&secret_hash(token))
                .await?
                .ok_or_else(|| ApiError::new(ErrorCode::Unauthorized, "unknown or revoked token"))?;
            return Ok(Author(Contributor::of(&state.store, user).await?));
        }
        match session(state, &parts.headers).await? {
            Some(signed_in) => {
                let sent = parts.headers.get("x-csrf-token").and_then(|v| v.to_str().ok());
                let safe = matches!(parts.method, Method::GET | Method::HEAD);
                if safe || sent.is_some_and(|s| secrets_match(s, &signed_in.csrf)) {
                    Ok(Author(signed_in.contributor))
                } else {
                    Err(ApiError::new(
                        ErrorCode::Forbidden,
                        "a write with a session cookie needs the session's X-CSRF-Token header",
                    ))
                }
            }
            None => Err(ApiError::new(
                ErrorCode::Unauthorized,
                "this operation needs credentials: Authorization: Bearer TOKEN, or a session from /connexion",
            )),
        }
    }
}

/// The person viewing a page: signed in or not.
#[derive(Debug, Clone)]
pub(crate) struct Visitor(pub(crate) Option<SignedIn>);

impl FromRequestParts<AppState> for Visitor {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        session(state, &parts.headers)
            .await
            .map(Visitor)
            .map_err(|e| PageError::internal(e.message))
    }
}

/// A new session for `user`: its cookie secret (to send) and CSRF token.
pub(crate) async fn open_session(state: &AppState, user: &User) -> Result<(String, String), ApiError> {
    let secret = new_secret().map_err(ApiError::internal)?;
    let csrf = new_secret().map_err(ApiError::internal)?;
    let expires = stamp(Utc::now() + Duration::hours(SESSION_HOURS));
    state
        .store
        .create_session(&secret_hash(&secret), user.id, &csrf, &expires)
        .await?;
    Ok((secret, csrf))
}

/// The `Max-Age` of a session cookie.
pub(crate) fn session_max_age() -> i64 {
    SESSION_HOURS * 3600
}

/// Whether the sign-in throttle refuses another attempt for `email` from `address`.
pub(crate) async fn throttled(state: &AppState, email: &str, address: &str) -> Result<bool, ApiError> {
    let since = stamp(Utc::now() - Duration::minutes(THROTTLE_MINUTES));
    let account = state
        .store
        .rate_events_since(&format!("signin:{}", email.trim().to_lowercase()), &since)
        .await?;
    let from = state
        .store
        .rate_events_since(&format!("signin-ip:{address}"), &since)
        .await?;
    Ok(account >= FAILURES_PER_ACCOUNT || from >= FAILURES_PER_ADDRESS)
}

/// Counts a failed sign-in for `email` and `address`.
pub(crate) async fn count_failure(state: &AppState, email: &str, address: &str) -> Result<(), ApiError> {
    let before = stamp(Utc::now() - Duration::minutes(THROTTLE_MINUTES));
    state
        .store
        .count_rate_event(&format!("signin:{}", email.trim().to_lowercase()), &before)
        .await?;
    state
        .store
        .count_rate_event(&format!("signin-ip:{address}"), &before)
        .await?;
    Ok(())
}

/// Counts a public suggestion from `address`; `true` when it is one too many.
pub(crate) async fn suggestion_refused(state: &AppState, address: &str) -> Result<bool, ApiError> {
    /// Suggestions per address and hour: enough for a person fixing several places, too few
    /// for a script filling the queue.
    const PER_HOUR: u64 = 20;
    let before = stamp(Utc::now() - Duration::hours(1));
    let n = state
        .store
        .count_rate_event(&format!("suggestion-ip:{address}"), &before)
        .await?;
    Ok(n > PER_HOUR)
}

/// The CSRF token of a signed-out form: the request's form cookie, or a new one to set.
pub(crate) fn form_token(headers: &HeaderMap) -> (String, bool) {
    match cookie(headers, FORM_COOKIE).filter(|v| v.len() == 64) {
        Some(existing) => (existing.to_owned(), false),
        None => (new_secret().unwrap_or_default(), true),
    }
}

/// Whether a signed-out form's `csrf` field repeats its cookie.
pub(crate) fn form_token_matches(headers: &HeaderMap, sent: &str) -> bool {
    cookie(headers, FORM_COOKIE).is_some_and(|c| !c.is_empty() && secrets_match(c, sent))
}

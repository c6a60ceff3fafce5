//! `/espace/mot-de-passe`: choosing a new password.

use aiguillage_accounts::{hash_password, verify_password, PasswordError, MIN_PASSWORD_CHARS};
use aiguillage_web::pages::contrib::password::{self, PasswordView};
use aiguillage_web::pages::contrib::FieldError;
use aiguillage_web::paths;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::dashboard::NotYet;
use super::form::FormData;
use super::session::redirect;
use crate::auth::{SignedIn, Visitor};
use crate::page_error::PageError;
use crate::routes::pages::page;
use crate::AppState;

fn form_page(state: &AppState, me: &SignedIn, status: StatusCode, errors: Vec<FieldError>) -> Response {
    let html = password::render(&PasswordView {
        csrf: me.csrf.clone(),
        required: me.contributor.user.must_change_password,
        errors,
        min_chars: MIN_PASSWORD_CHARS,
    });
    page(state, status, html)
}

fn error(field: &str, message: &str) -> Vec<FieldError> {
    vec![FieldError {
        field: field.to_owned(),
        message: message.to_owned(),
    }]
}

/// `GET /espace/mot-de-passe`.
pub(super) async fn form(
    State(state): State<AppState>,
    Visitor(visitor): Visitor,
) -> Result<Response, Response> {
    let me = visitor.ok_or_else(|| Response::from(NotYet::SignIn(paths::PASSWORD.to_owned())))?;
    Ok(form_page(&state, &me, StatusCode::OK, Vec::new()))
}

/// `POST /espace/mot-de-passe`: the current password, then the new one twice.
pub(super) async fn change(
    State(state): State<AppState>,
    Visitor(visitor): Visitor,
    body: Bytes,
) -> Result<Response, Response> {
    let me = visitor.ok_or_else(|| Response::from(NotYet::SignIn(paths::PASSWORD.to_owned())))?;
    let form = FormData::parse(&body);
    form.check_session(&me).map_err(IntoResponse::into_response)?;
    let internal = |e: aiguillage_store::StoreError| PageError::internal(e).into_response();
    let (_, stored_hash) = state
        .store
        .user_by_email(&me.contributor.user.email)
        .await
        .map_err(internal)?
        .ok_or_else(|| PageError::forbidden("Ce compte n'existe plus.").into_response())?;
    let (current, new, confirmation) = (
        form.get("current"),
        form.get("password"),
        form.get("confirmation"),
    );
    let refuse = |field, message| {
        form_page(
            &state,
            &me,
            StatusCode::UNPROCESSABLE_ENTITY,
            error(field, message),
        )
    };
    if !verify_password(&stored_hash, current) {
        return Ok(refuse("current", "Ce n'est pas votre mot de passe actuel."));
    }
    if new != confirmation {
        return Ok(refuse(
            "confirmation",
            "Les deux nouveaux mots de passe diffèrent.",
        ));
    }
    if new == current {
        return Ok(refuse(
            "password",
            "Choisissez un mot de passe différent de l'actuel.",
        ));
    }
    let hash = match hash_password(new) {
        Ok(hash) => hash,
        Err(PasswordError::TooShort) => {
            let message = format!("Au moins {MIN_PASSWORD_CHARS} caractères.");
            return Ok(refuse("password", &message));
        }
        Err(e) => return Err(PageError::internal(e).into_response()),
    };
    state
        .store
        .set_password(me.contributor.user.id, &hash, &me.session_hash)
        .await
        .map_err(internal)?;
    Ok(redirect(paths::DASHBOARD))
}

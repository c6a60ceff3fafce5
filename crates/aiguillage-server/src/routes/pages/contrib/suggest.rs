//! `/lieux/{id}/signaler` and `/lieux/proposer`: the public's suggestions, without an account.

use aiguillage_contrib::{suggest, ContribError};
use aiguillage_model::{Field, Place, RawRecord};
use aiguillage_web::pages::contrib::suggest::{self as pages, SuggestView, HONEYPOT, PUBLIC_FIELDS};
use aiguillage_web::pages::contrib::{keep_stored_order, FieldError, PlaceLink};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use super::form::{errors, record_of, FormData};
use super::session::with_form_cookie;
use crate::auth::{form_token, suggestion_refused, ClientAddress};
use crate::extract::PagePath;
use crate::page_error::PageError;
use crate::routes::pages::page;
use crate::AppState;

type PageResult = Result<Response, Response>;

/// The place `id`, or the French 404.
async fn place(state: &AppState, id: &str) -> Result<Place, Response> {
    match state.store.get(id).await {
        Ok(Some(stored)) => Ok(stored.place),
        Ok(None) => Err(PageError::not_found(
            "Lieu introuvable",
            "Ce lieu n'existe pas ou n'est plus recensé.",
        )
        .into_response()),
        Err(e) => Err(PageError::internal(e).into_response()),
    }
}

struct Filled<'a> {
    place: Option<&'a Place>,
    values: &'a RawRecord,
    commentaire: &'a str,
    courriel: &'a str,
    errors: Vec<FieldError>,
}

fn form_page(state: &AppState, headers: &HeaderMap, status: StatusCode, filled: Filled<'_>) -> Response {
    let (csrf, new) = form_token(headers);
    let html = pages::render(&SuggestView {
        csrf: csrf.clone(),
        place: filled.place.map(|p| PlaceLink {
            id: p.id.clone(),
            nom: p.nom.clone(),
        }),
        values: filled.values,
        commentaire: filled.commentaire.to_owned(),
        courriel: filled.courriel.to_owned(),
        errors: filled.errors,
    });
    with_form_cookie(state, page(state, status, html), &csrf, new)
}

/// `GET /lieux/{id}/signaler`.
pub(super) async fn form(
    State(state): State<AppState>,
    PagePath(id): PagePath<String>,
    headers: HeaderMap,
) -> PageResult {
    let place = place(&state, &id).await?;
    let values = record_of(&place);
    Ok(form_page(
        &state,
        &headers,
        StatusCode::OK,
        Filled {
            place: Some(&place),
            values: &values,
            commentaire: "",
            courriel: "",
            errors: Vec::new(),
        },
    ))
}

/// `GET /lieux/proposer`.
pub(super) async fn new_form(State(state): State<AppState>, headers: HeaderMap) -> Response {
    form_page(
        &state,
        &headers,
        StatusCode::OK,
        Filled {
            place: None,
            values: &RawRecord::default(),
            commentaire: "",
            courriel: "",
            errors: Vec::new(),
        },
    )
}

/// `POST /lieux/{id}/signaler`.
pub(super) async fn report(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    PagePath(id): PagePath<String>,
    headers: HeaderMap,
    body: Bytes,
) -> PageResult {
    let place = place(&state, &id).await?;
    receive(&state, &address, &headers, &body, Some(&place)).await
}

/// `POST /lieux/proposer`.
pub(super) async fn new_place(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    body: Bytes,
) -> PageResult {
    receive(&state, &address, &headers, &body, None).await
}

/// Records the suggestion of the form: only the fields the person changed (for a place), the
/// honeypot filled in means a robot (thanked, nothing kept).
async fn receive(
    state: &AppState,
    address: &str,
    headers: &HeaderMap,
    body: &[u8],
    place: Option<&Place>,
) -> PageResult {
    let form = FormData::parse(body);
    form.check_cookie(headers).map_err(IntoResponse::into_response)?;
    let thanks = || {
        page(
            state,
            StatusCode::OK,
            pages::thanks(
                place
                    .map(|p| PlaceLink {
                        id: p.id.clone(),
                        nom: p.nom.clone(),
                    })
                    .as_ref(),
            ),
        )
    };
    if !form.get(HONEYPOT).is_empty() {
        return Ok(thanks());
    }
    if suggestion_refused(state, address)
        .await
        .map_err(|e| PageError::internal(e.message).into_response())?
    {
        return Err(PageError::too_many_requests(
            "Vous avez envoyé beaucoup de propositions : réessayez dans une heure.",
        )
        .into_response());
    }
    let current = place.map(record_of).unwrap_or_default();
    let mut values = form.record(&PUBLIC_FIELDS);
    keep_stored_order(&mut values, &current);
    let changes: Map<String, Value> = PUBLIC_FIELDS
        .iter()
        .filter(|f| values.get(**f) != current.get(**f))
        .map(|f| {
            let value = values
                .get(*f)
                .map_or(Value::Null, |v| Value::String(v.to_owned()));
            (f.name().to_owned(), value)
        })
        .collect();
    let (commentaire, courriel) = (form.get("commentaire"), form.get("courriel"));
    match suggest(
        &state.store,
        place.map(|p| p.id.as_str()),
        &changes,
        commentaire,
        Some(courriel),
    )
    .await
    {
        Ok(_) => Ok(thanks()),
        Err(ContribError::Invalid(problems)) => Ok(form_page(
            state,
            headers,
            StatusCode::UNPROCESSABLE_ENTITY,
            Filled {
                place,
                values: &values,
                commentaire,
                courriel,
                errors: errors(problems)
                    .into_iter()
                    .map(|mut e| {
                        // A new place's missing fields are named by the standard; the form names
                        // its own inputs the same way.
                        if e.field == "changes" {
                            e.field = Field::Nom.name().to_owned();
                        }
                        e
                    })
                    .collect(),
            },
        )),
        Err(e) => Err(PageError::internal(e).into_response()),
    }
}

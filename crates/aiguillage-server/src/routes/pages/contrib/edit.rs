//! `/lieux/{id}/modifier`, `/lieux/nouveau` and the actions of the edit page: confirm,
//! close, reopen, add and delete exceptions.

use aiguillage_accounts::new_secret;
use aiguillage_contrib::{
    add_exception as add, close as close_place, confirm as confirm_place, create as create_place,
    delete_exception as delete, patch, reopen as reopen_place, today, ContribError, ExceptionRequest,
};
use aiguillage_model::{Field, RawRecord};
use aiguillage_store::{ChangeSource, StoredPlace as Stored};
use aiguillage_web::pages::contrib::conflict::{self, ConflictRow, ConflictView};
use aiguillage_web::pages::contrib::edit::{self, CloseForm, EditView, ExceptionForm, StoredPlace};
use aiguillage_web::pages::contrib::{keep_stored_order, PlaceLink};
use aiguillage_web::paths;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde_json::Value;

use super::dashboard::{refused, signed_in};
use super::form::{errors, object, record_of, FormData};
use super::session::redirect;
use crate::auth::{SignedIn, Visitor};
use crate::extract::PagePath;
use crate::page_error::PageError;
use crate::routes::pages::page;
use crate::AppState;

type PageResult = Result<Response, Response>;

fn internal(e: impl std::fmt::Display) -> Response {
    PageError::internal(e).into_response()
}

/// The stored place `id` that `me` may write.
async fn writable(state: &AppState, me: &SignedIn, id: &str) -> Result<Stored, Response> {
    let stored = state.store.get(id).await.map_err(internal)?.ok_or_else(|| {
        PageError::not_found("Lieu introuvable", "Ce lieu n'existe pas ou n'est plus recensé.")
            .into_response()
    })?;
    if !me.contributor.may_write(&stored.place) {
        return Err(refused(ContribError::Forbidden(String::new())).into_response());
    }
    Ok(stored)
}

/// What was submitted with errors on the edit page: the place's values, or one of its
/// other forms.
#[derive(Debug, Default)]
struct Submitted {
    errors: Vec<aiguillage_web::pages::contrib::FieldError>,
    closing: CloseForm,
    exception: ExceptionForm,
}

/// The edit page of a stored place, with `values` in the form and what was `submitted`.
async fn edit_page(
    state: &AppState,
    me: &SignedIn,
    stored: &Stored,
    values: &RawRecord,
    status: StatusCode,
    submitted: Submitted,
) -> PageResult {
    let notices = super::notices(state, stored)
        .await
        .map_err(IntoResponse::into_response)?;
    let html = edit::render(&EditView {
        csrf: me.csrf.clone(),
        values,
        errors: submitted.errors,
        place: Some(StoredPlace {
            link: PlaceLink {
                id: stored.place.id.clone(),
                nom: stored.place.nom.clone(),
            },
            version: stored.revision.to_string(),
            closed: notices.closed,
            exceptions: notices.exceptions,
            closing: submitted.closing,
            exception: submitted.exception,
        }),
        today: today(),
    });
    Ok(page(state, status, html))
}

/// The edit page again with one of its other forms (closing, exceptions) refused: the
/// place's stored values, and that form as submitted with its errors.
async fn refused_form(state: &AppState, me: &SignedIn, stored: &Stored, submitted: Submitted) -> PageResult {
    let values = record_of(&stored.place);
    edit_page(
        state,
        me,
        stored,
        &values,
        StatusCode::UNPROCESSABLE_ENTITY,
        submitted,
    )
    .await
}

/// `GET /lieux/{id}/modifier`.
pub(super) async fn form(
    State(state): State<AppState>,
    Visitor(visitor): Visitor,
    PagePath(id): PagePath<String>,
) -> PageResult {
    let me = signed_in(visitor, &paths::edit_place(&id))?;
    let stored = writable(&state, &me, &id).await?;
    let values = record_of(&stored.place);
    edit_page(
        &state,
        &me,
        &stored,
        &values,
        StatusCode::OK,
        Submitted::default(),
    )
    .await
}

/// `POST /lieux/{id}/modifier`: saved over the version the form was loaded from, or the
/// conflict page when someone changed the place meanwhile.
pub(super) async fn save(
    State(state): State<AppState>,
    Visitor(visitor): Visitor,
    PagePath(id): PagePath<String>,
    body: Bytes,
) -> PageResult {
    let me = signed_in(visitor, &paths::edit_place(&id))?;
    let form = FormData::parse(&body);
    form.check_session(&me).map_err(IntoResponse::into_response)?;
    let stored = writable(&state, &me, &id).await?;
    let mut values = form.record(&Field::ALL);
    keep_stored_order(&mut values, &record_of(&stored.place));
    // The id is not an input of the edit form's values to change.
    values.set(Field::Id, stored.place.id.clone());
    let Ok(version) = form.get("version").trim().parse::<i64>() else {
        return Err(PageError::bad_request(
            "Ce formulaire n'indique pas la version du lieu : rechargez la page.",
        )
        .into_response());
    };
    let mut changes = object(&values, &Field::ALL);
    // The form's date_maj is read-only and says « Mise à jour à chaque enregistrement » : an
    // editor's save dates the information today (the form's own, stale date would keep the
    // place « à vérifier »). Not in `values`: the conflict page compares what was typed.
    changes.insert(
        Field::DateMaj.name().to_owned(),
        Value::String(today().to_string()),
    );
    match patch(
        &state.store,
        &me.contributor,
        &id,
        version,
        &changes,
        (ChangeSource::Edit, None),
    )
    .await
    {
        Ok(written) => {
            state.refresh(&[id.as_str()]).await.map_err(internal)?;
            Ok(redirect(&paths::place_page(&written.place.id)))
        }
        Err(ContribError::Invalid(problems)) => {
            edit_page(
                &state,
                &me,
                &stored,
                &values,
                StatusCode::UNPROCESSABLE_ENTITY,
                Submitted {
                    errors: errors(problems),
                    ..Submitted::default()
                },
            )
            .await
        }
        Err(ContribError::Stale { expected, current }) => {
            conflict_page(&state, &me, &stored, expected, current, &values).await
        }
        Err(e) => Err(refused(e).into_response()),
    }
}

/// The conflict page: the fields changed by the other person or by the editor, with the
/// value loaded, theirs and the editor's.
async fn conflict_page(
    state: &AppState,
    me: &SignedIn,
    stored: &Stored,
    expected: i64,
    current: i64,
    yours: &RawRecord,
) -> PageResult {
    let history = state.store.history(&stored.place.id).await.map_err(internal)?;
    let original = history
        .iter()
        .rev()
        .find(|e| e.revision == expected)
        .and_then(|e| e.place().ok())
        .map(|p| record_of(&p))
        .unwrap_or_default();
    let theirs = record_of(&stored.place);
    let last = history.last();
    let rows = Field::ALL
        .into_iter()
        .filter_map(|field| {
            let text = |r: &RawRecord| r.get(field).unwrap_or_default().to_owned();
            let (o, t, y) = (text(&original), text(&theirs), text(yours));
            (o != t || t != y).then_some(ConflictRow {
                field,
                original: o,
                theirs: t,
                yours: y,
            })
        })
        .collect();
    let html = conflict::render(&ConflictView {
        csrf: me.csrf.clone(),
        place: PlaceLink {
            id: stored.place.id.clone(),
            nom: stored.place.nom.clone(),
        },
        by: last.map(|e| e.author.clone()).unwrap_or_default(),
        at: last
            .and_then(|e| DateTime::parse_from_rfc3339(&e.at).ok())
            .map_or_else(Utc::now, |d| d.with_timezone(&Utc)),
        version: current.to_string(),
        rows,
        yours,
    });
    Ok(page(state, StatusCode::PRECONDITION_FAILED, html))
}

/// `GET /lieux/nouveau`.
pub(super) async fn new_form(State(state): State<AppState>, Visitor(visitor): Visitor) -> PageResult {
    let me = signed_in(visitor, paths::NEW_PLACE)?;
    Ok(new_page(
        &state,
        &me,
        &RawRecord::default(),
        StatusCode::OK,
        Vec::new(),
    ))
}

fn new_page(
    state: &AppState,
    me: &SignedIn,
    values: &RawRecord,
    status: StatusCode,
    field_errors: Vec<aiguillage_web::pages::contrib::FieldError>,
) -> Response {
    let html = edit::render(&EditView {
        csrf: me.csrf.clone(),
        values,
        errors: field_errors,
        place: None,
        today: today(),
    });
    page(state, status, html)
}

/// `POST /lieux/nouveau`: an id is made up when none is given.
pub(super) async fn create(
    State(state): State<AppState>,
    Visitor(visitor): Visitor,
    body: Bytes,
) -> PageResult {
    let me = signed_in(visitor, paths::NEW_PLACE)?;
    let form = FormData::parse(&body);
    form.check_session(&me).map_err(IntoResponse::into_response)?;
    let mut values = form.record(&Field::ALL);
    if values.get(Field::Id).is_none() {
        let suffix = new_secret().map_err(internal)?;
        values.set(Field::Id, format!("lieu-{}", &suffix[..12]));
    }
    let mut object = object(&values, &Field::ALL);
    // A blank date_maj is today's (the contrib path fills it in when absent).
    if object.get(Field::DateMaj.name()) == Some(&Value::Null) {
        object.remove(Field::DateMaj.name());
    }
    match create_place(&state.store, &me.contributor, &object, ChangeSource::Edit).await {
        Ok(written) => {
            state
                .refresh(&[written.place.id.as_str()])
                .await
                .map_err(internal)?;
            Ok(redirect(&paths::place_page(&written.place.id)))
        }
        Err(ContribError::Invalid(problems)) => Ok(new_page(
            &state,
            &me,
            &values,
            StatusCode::UNPROCESSABLE_ENTITY,
            errors(problems),
        )),
        Err(ContribError::Forbidden(_)) => Ok(new_page(
            &state,
            &me,
            &values,
            StatusCode::FORBIDDEN,
            vec![aiguillage_web::pages::contrib::FieldError {
                field: Field::CodeInsee.name().to_owned(),
                message: "Ce lieu serait hors de votre périmètre : vérifiez sa commune et sa position."
                    .to_owned(),
            }],
        )),
        Err(ContribError::Conflict(message)) => Ok(new_page(
            &state,
            &me,
            &values,
            StatusCode::CONFLICT,
            vec![aiguillage_web::pages::contrib::FieldError {
                field: Field::Id.name().to_owned(),
                message,
            }],
        )),
        Err(e) => Err(refused(e).into_response()),
    }
}

/// The signed-in person and the checked form of an action on place `id`.
async fn action(
    state: &AppState,
    visitor: Option<SignedIn>,
    id: &str,
    body: &[u8],
) -> Result<(SignedIn, FormData, Stored), Response> {
    let me = signed_in(visitor, &paths::edit_place(id))?;
    let form = FormData::parse(body);
    form.check_session(&me).map_err(IntoResponse::into_response)?;
    let stored = writable(state, &me, id).await?;
    Ok((me, form, stored))
}

/// `POST /lieux/{id}/confirmer`: « Ces informations sont toujours exactes ».
pub(super) async fn confirm(
    State(state): State<AppState>,
    Visitor(visitor): Visitor,
    PagePath(id): PagePath<String>,
    body: Bytes,
) -> PageResult {
    let (me, _, stored) = action(&state, visitor, &id, &body).await?;
    confirm_place(&state.store, &me.contributor, &id, stored.revision)
        .await
        .map_err(|e| refused(e).into_response())?;
    state.refresh(&[id.as_str()]).await.map_err(internal)?;
    Ok(redirect(paths::DASHBOARD))
}

/// `POST /lieux/{id}/fermer`.
pub(super) async fn close(
    State(state): State<AppState>,
    Visitor(visitor): Visitor,
    PagePath(id): PagePath<String>,
    body: Bytes,
) -> PageResult {
    let (me, form, stored) = action(&state, visitor, &id, &body).await?;
    let (date, motif) = (form.get("date"), form.get("motif"));
    match close_place(&state.store, &me.contributor, &id, date, motif, None).await {
        Ok(_) => {
            state.refresh(&[id.as_str()]).await.map_err(internal)?;
            Ok(redirect(&paths::place_page(&id)))
        }
        Err(ContribError::Invalid(problems)) => {
            let closing = CloseForm {
                date: date.to_owned(),
                motif: motif.to_owned(),
                errors: errors(problems),
            };
            let submitted = Submitted {
                closing,
                ..Submitted::default()
            };
            refused_form(&state, &me, &stored, submitted).await
        }
        Err(e) => Err(refused(e).into_response()),
    }
}

/// `POST /lieux/{id}/rouvrir`.
pub(super) async fn reopen(
    State(state): State<AppState>,
    Visitor(visitor): Visitor,
    PagePath(id): PagePath<String>,
    body: Bytes,
) -> PageResult {
    let (me, _, _) = action(&state, visitor, &id, &body).await?;
    reopen_place(&state.store, &me.contributor, &id, None)
        .await
        .map_err(|e| refused(e).into_response())?;
    state.refresh(&[id.as_str()]).await.map_err(internal)?;
    Ok(redirect(&paths::place_page(&id)))
}

/// `POST /lieux/{id}/exceptions`.
pub(super) async fn add_exception(
    State(state): State<AppState>,
    Visitor(visitor): Visitor,
    PagePath(id): PagePath<String>,
    body: Bytes,
) -> PageResult {
    let (me, form, stored) = action(&state, visitor, &id, &body).await?;
    let exceptional_hours = form.get("type") == "horaires";
    let request = ExceptionRequest {
        du: form.get("du").to_owned(),
        au: form.get("au").to_owned(),
        horaires: exceptional_hours.then(|| form.get("horaires").to_owned()),
        ferme: Some(!exceptional_hours),
        motif: Some(form.get("motif").to_owned()),
    };
    match add(&state.store, &me.contributor, &id, &request).await {
        Ok(_) => {
            state.refresh(&[id.as_str()]).await.map_err(internal)?;
            Ok(redirect(&paths::edit_place(&id)))
        }
        Err(ContribError::Invalid(problems)) => {
            let exception = ExceptionForm {
                du: request.du,
                au: request.au,
                exceptional_hours,
                horaires: form.get("horaires").to_owned(),
                motif: form.get("motif").to_owned(),
                errors: errors(problems),
            };
            let submitted = Submitted {
                exception,
                ..Submitted::default()
            };
            refused_form(&state, &me, &stored, submitted).await
        }
        Err(e) => Err(refused(e).into_response()),
    }
}

/// `POST /lieux/{id}/exceptions/{n}/supprimer`.
pub(super) async fn delete_exception(
    State(state): State<AppState>,
    Visitor(visitor): Visitor,
    PagePath((id, n)): PagePath<(String, i64)>,
    body: Bytes,
) -> PageResult {
    let (me, _, _) = action(&state, visitor, &id, &body).await?;
    delete(&state.store, &me.contributor, &id, n)
        .await
        .map_err(|e| refused(e).into_response())?;
    state.refresh(&[id.as_str()]).await.map_err(internal)?;
    Ok(redirect(&paths::edit_place(&id)))
}

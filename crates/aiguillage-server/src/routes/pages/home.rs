//! `GET /`: the map and search page; with `partiel=resultats`, only its result section.

use aiguillage_search::SearchForm;
use aiguillage_web::pages::home::{self, HomeView};
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::Utc;

use super::page;
use crate::heavy::Busy;
use crate::reports::busy_page;
use crate::AppState;

/// The parameter asking for the result section alone (the page's script swaps it in).
const PARTIAL: (&str, &str) = ("partiel", "resultats");

pub(super) async fn get(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let query = query.unwrap_or_default();
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let partial = pairs.iter().any(|(k, v)| (k.as_str(), v.as_str()) == PARTIAL);
    let (form, error) =
        match SearchForm::from_pairs(pairs.iter().filter(|(k, _)| k != PARTIAL.0).map(|(k, v)| (k, v))) {
            Ok(form) => (form, None),
            Err(e) => (
                SearchForm::default(),
                Some(format!("Recherche impossible : {e}.")),
            ),
        };
    let results = if form.is_search() {
        match state.search(&form, Utc::now()).await {
            Ok(results) => Some(results),
            Err(Busy) => return busy_page().into_response(),
        }
    } else {
        None
    };
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let html = if partial {
        home::results(&form, results.as_ref(), error.as_deref()).into_string()
    } else {
        home::render(&HomeView {
            form: &form,
            results,
            map: &state.web.map,
            addresses: state.web.geocoder.is_some(),
            error,
        })
    };
    page(&state, status, html)
}

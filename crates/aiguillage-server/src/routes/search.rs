//! `GET /api/v1/search?q=`: the search of the home page, as JSON.

use aiguillage_model::{Field, PriseEnCharge, Public, Service};
use aiguillage_search::{Results, SearchForm};
use axum::extract::State;
use axum::Json;
use chrono::Utc;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::IntoParams;

use crate::heavy::Busy;
use crate::openapi::{params, responses};
use crate::params::{ParamError, Params};
use crate::reports::busy_api;
use crate::{ApiError, AppState};

/// What people type, and the places near it
///
/// Reads `q` as the search box of the home page does, in this order: a commune (its name,
/// INSEE code or postcode, offline), an address (when the server has a geocoder), the names
/// of places passing the filters, the commune of an address that cannot be located, a
/// commune whose name contains the text, a misspelt commune. The answer is what the page
/// shows: a heading (in French), the origin of the distances, the 20 nearest places passing
/// the filters (or the places found by name, in name order), other answers and the commune
/// whose coverage report exists. With `lat` and `lon`, the places are those near that point,
/// whatever `q` says.
#[utoipa::path(
    get,
    path = "/api/v1/search",
    operation_id = "search",
    tag = "places",
    params(SearchParams),
    responses(
        (status = 200, description = "What was understood, and the places found.", body = Results),
        responses::InvalidParameter,
        responses::Unavailable,
    )
)]
pub(crate) async fn get(State(state): State<AppState>, params: Params) -> Result<Json<Results>, ApiError> {
    let form = form(&params)?;
    let results = state.search(&form, Utc::now()).await.map_err(|Busy| busy_api())?;
    Ok(Json(results))
}

/// The search the parameters ask for.
fn form(params: &Params) -> Result<SearchForm, ParamError> {
    let lat = params.float("lat", -90.0..=90.0)?;
    let lon = params.float("lon", -180.0..=180.0)?;
    let mut form = SearchForm {
        point: match (lat, lon) {
            (Some(lat), Some(lon)) => Some((lat, lon)),
            (Some(_), None) => return Err(ParamError::missing("lon")),
            (None, Some(_)) => return Err(ParamError::missing("lat")),
            (None, None) => None,
        },
        services: params.labels("services")?,
        publics: params.labels("publics")?,
        prise_en_charge: params.labels("prise_en_charge")?,
        gratuit: params.boolean("free")?.unwrap_or(false),
        ouvert: params.boolean("open_now")?.unwrap_or(false),
        samedi: params.boolean("open_on_saturdays")?.unwrap_or(false),
        ..SearchForm::default()
    };
    form.set_query(params.get("q").unwrap_or_default());
    if !form.is_search() {
        return Err(ParamError::missing("q"));
    }
    Ok(form)
}

/// The query parameters read by [`get`].
pub(crate) struct SearchParams;

impl IntoParams for SearchParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        [
            params::text(
                "q",
                "What people type: a commune, a postcode, an address or the name of a place. \
                 Required unless `lat` and `lon` are given; longer than 200 characters, it is cut.",
            )
            .example(Some(serde_json::json!("Brest"))),
            params::number(
                "lat",
                -90.0..=90.0,
                "Latitude of a point to search around instead of `q`, WGS84 degrees (with `lon`).",
            ),
            params::number(
                "lon",
                -180.0..=180.0,
                "Longitude of a point to search around instead of `q`, WGS84 degrees (with `lat`).",
            ),
            params::labels::<Service>("services", Field::Services),
            params::labels::<Public>("publics", Field::PublicsSpecifiquementAdresses),
            params::labels::<PriseEnCharge>("prise_en_charge", Field::PriseEnChargeSpecifique),
            params::boolean(
                "free",
                "With `true` (or `1`, in any case), only places free of charge (`frais_a_charge` \
                 « Gratuit »).",
            ),
            params::boolean(
                "open_now",
                "With `true` (or `1`, in any case), only places open now. A place whose hours are \
                 unknown is never open.",
            ),
            params::boolean(
                "open_on_saturdays",
                "With `true` (or `1`, in any case), only places open on Saturdays, in a week \
                 without public holidays.",
            ),
        ]
        .into_iter()
        .map(ParameterBuilder::build)
        .collect()
    }
}

//! `GET /api/v1/places/nearest`: the places nearest to a point, with filters.

use aiguillage_geo::{LatLon, MAX_NEAREST, MAX_RADIUS_M};
use axum::extract::State;
use utoipa::openapi::path::{Parameter, ParameterIn};
use utoipa::openapi::Required;
use utoipa::IntoParams;

use super::query::PlaceQuery;
use crate::openapi::{examples, geojson, params, responses};
use crate::params::Params;
use crate::routes::JsonText;
use crate::{ApiError, AppState};

/// Results when `limit` is absent.
const DEFAULT_LIMIT: usize = 10;

/// The places nearest to a point
///
/// Features are ordered by great-circle distance (haversine on the mean Earth sphere), then by
/// `id`. Places without coordinates are never returned. Each feature has `distance_m`,
/// `open_now` and `next_change` after the 32 fields of the standard.
#[utoipa::path(
    get,
    path = "/api/v1/places/nearest",
    operation_id = "nearest_places",
    tag = "places",
    params(NearestParams),
    responses(
        (
            status = 200,
            description = "The nearest places, as a GeoJSON FeatureCollection.",
            body = geojson::NearbyPlaces,
            examples(("brest" = (
                summary = "Two places helping with administrative procedures near Place de la Liberté, Brest",
                value = json!(examples::nearest_response())
            )))
        ),
        responses::InvalidParameter,
    )
)]
pub(crate) async fn get(State(state): State<AppState>, params: Params) -> Result<JsonText, ApiError> {
    let from = LatLon::new(
        params.required_float("lat", -90.0..=90.0)?,
        params.required_float("lon", -180.0..=180.0)?,
    );
    let limit = params.integer("limit", 1..=MAX_NEAREST)?.unwrap_or(DEFAULT_LIMIT);
    let radius = params.float("radius_m", 0.0..=MAX_RADIUS_M)?;
    let query = PlaceQuery::from_params(&params)?;
    let index = state.index.load();
    let hits = index.nearest(from, limit, radius, &query.filter);
    Ok(query.feature_collection(hits.iter().map(|hit| (hit.place, Some(hit.distance_m))), ""))
}

/// The query parameters read by [`get`].
pub(crate) struct NearestParams;

impl IntoParams for NearestParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let own = [
            params::number("lat", -90.0..=90.0, "Latitude of the point, WGS84 degrees.").required(Required::True),
            params::number("lon", -180.0..=180.0, "Longitude of the point, WGS84 degrees.")
                .required(Required::True),
            params::integer("limit", 1..=MAX_NEAREST, DEFAULT_LIMIT, "Largest number of places returned."),
            params::number(
                "radius_m",
                0.0..=MAX_RADIUS_M,
                "Only places within this great-circle distance of the point, in metres. No limit when absent.",
            ),
        ];
        examples::nearest_request(own.into_iter().chain(PlaceQuery::parameters()))
    }
}

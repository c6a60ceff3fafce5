//! `GET /api/v1/places/nearest`: the places nearest to a point, with filters.

use aiguillage_geo::{LatLon, MAX_NEAREST, MAX_RADIUS_M};
use aiguillage_import::write::feature_collection;
use axum::extract::State;
use axum::Json;
use serde_json::Value;

use super::query::PlaceQuery;
use crate::params::Params;
use crate::{ApiError, AppState};

/// Results when `limit` is absent.
const DEFAULT_LIMIT: usize = 10;

pub(crate) async fn get(State(state): State<AppState>, params: Params) -> Result<Json<Value>, ApiError> {
    let from = LatLon::new(
        params.required_float("lat", -90.0..=90.0)?,
        params.required_float("lon", -180.0..=180.0)?,
    );
    let limit = params.integer("limit", 1..=MAX_NEAREST)?.unwrap_or(DEFAULT_LIMIT);
    let radius = params.float("radius_m", 0.0..=MAX_RADIUS_M)?;
    let query = PlaceQuery::from_params(&params)?;
    let index = state.index.load();
    let features = index
        .nearest(from, limit, radius, &query.filter)
        .iter()
        .map(|hit| query.hit_feature(hit))
        .collect();
    Ok(Json(feature_collection(features)))
}

//! `GET /api/v1/places?limit=&offset=`: a page of places as a GeoJSON FeatureCollection.

use aiguillage_import::write::{feature, feature_collection};
use axum::extract::State;
use axum::Json;
use serde_json::Value;

use crate::params::Params;
use crate::{ApiError, AppState};

/// Largest page.
const MAX_LIMIT: u32 = 1000;
/// Page size when `limit` is absent.
const DEFAULT_LIMIT: u32 = 100;

pub(crate) async fn get(State(state): State<AppState>, params: Params) -> Result<Json<Value>, ApiError> {
    let limit = params.integer("limit", 1..=MAX_LIMIT)?.unwrap_or(DEFAULT_LIMIT);
    let offset = params.integer("offset", 0..=u64::from(u32::MAX))?.unwrap_or(0);
    let total = state.store.count().await?;
    let page = state.store.list(limit, offset).await?;
    let features: Vec<Value> = page.iter().map(|s| feature(&s.place)).collect();
    let returned = features.len();
    let mut body = feature_collection(features);
    // OGC API – Features names for the paging figures.
    body["numberMatched"] = total.into();
    body["numberReturned"] = returned.into();
    body["limit"] = limit.into();
    body["offset"] = offset.into();
    Ok(Json(body))
}

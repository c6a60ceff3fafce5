//! `GET /healthz`: liveness and database reachability.

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use crate::{ApiError, AppState};

pub(crate) async fn get(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let places = state.store.count().await?;
    Ok(Json(json!({ "status": "ok", "places": places })))
}

//! `GET /healthz`: liveness and database reachability.

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use crate::openapi::responses;
use crate::{ApiError, AppState};

/// The answer of `GET /healthz`.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"status": "ok", "places": 48}))]
pub(crate) struct Health {
    /// Always `ok`: any failure is an error instead.
    status: &'static str,
    /// Number of places the server answers from (its index, reloaded after each import).
    places: u64,
}

/// Liveness and the number of places
///
/// Checks that the database answers (a trivial query: cheap enough for frequent probes)
/// and gives the number of places the server answers from.
#[utoipa::path(
    get,
    path = "/healthz",
    operation_id = "health",
    tag = "system",
    responses(
        (status = 200, description = "The server and its database work.", body = Health),
        responses::Internal,
    )
)]
pub(crate) async fn get(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    // Reachability only: counting the rows would scan the table on every probe.
    state.store.ping().await?;
    let places = state.index.load().stats().places as u64;
    Ok(Json(Health { status: "ok", places }))
}

//! `GET /healthz`: liveness and database reachability.

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use crate::openapi::responses;
use crate::{ApiError, AppState, ErrorCode};

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
/// Checks that the database file can be read now (its schema and first place, on a fresh
/// connection: cheap enough for frequent probes) and gives the number of places the server
/// answers from. A damaged or vanished database answers `503 unavailable`.
#[utoipa::path(
    get,
    path = "/healthz",
    operation_id = "health",
    tag = "system",
    responses(
        (status = 200, description = "The server and its database work.", body = Health),
        responses::Unavailable,
    )
)]
pub(crate) async fn get(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    // A read of the file as it is now: counting the rows would scan the table on every probe.
    if let Err(e) = state.store.check_readable().await {
        tracing::error!("health check: {e}");
        return Err(ApiError::new(
            ErrorCode::Unavailable,
            "the database cannot be read (damaged or unreachable): the cause is in the server's log",
        ));
    }
    let places = state.index.load().stats().places as u64;
    Ok(Json(Health { status: "ok", places }))
}

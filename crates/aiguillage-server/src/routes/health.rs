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
    /// Number of places in the database.
    places: u64,
}

/// Liveness and the number of places
///
/// Counts the places in the database, which also shows that the database answers.
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
    let places = state.store.count().await?;
    Ok(Json(Health { status: "ok", places }))
}

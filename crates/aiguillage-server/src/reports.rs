//! Coverage reports served over HTTP: the places they are computed on, kept between
//! requests, and the one function the report routes call.

use std::sync::Arc;

use aiguillage_model::{Place, Service};
use aiguillage_report::{
    gather, today, BuildError, BuiltReport, ReportRequest, DEFAULT_RADIUS_M, MAX_RADIUS_M, MIN_RADIUS_M,
};
use aiguillage_store::{Store, StoreError};
use tokio::sync::Mutex;

use crate::params::Params;
use crate::{ApiError, AppState};

/// Places as of an import: the import's id and the places.
type PlacesAsOf = (i64, Arc<Vec<Place>>);

/// Every place with all its fields, as reports need them (services, typologies, hours,
/// `date_maj`…), read again from the store only after an import.
#[derive(Debug, Clone, Default)]
pub struct ReportPlaces(Arc<Mutex<Option<PlacesAsOf>>>);

impl ReportPlaces {
    /// The places as of the latest import.
    pub async fn get(&self, store: &Store) -> Result<Arc<Vec<Place>>, StoreError> {
        let latest = store.last_import_id().await?;
        let mut cached = self.0.lock().await;
        if let Some((_, places)) = cached.as_ref().filter(|(seen, _)| *seen == latest) {
            return Ok(places.clone());
        }
        let places: Arc<Vec<Place>> = Arc::new(store.all().await?.into_iter().map(|s| s.place).collect());
        *cached = Some((latest, places.clone()));
        Ok(places)
    }
}

/// The parameters of a report: `radius_m` and `services`.
pub(crate) fn request(code: String, params: &Params) -> Result<ReportRequest, ApiError> {
    Ok(ReportRequest {
        territory: code,
        radius_m: params
            .float("radius_m", MIN_RADIUS_M..=MAX_RADIUS_M)?
            .unwrap_or(DEFAULT_RADIUS_M),
        services: params.labels::<Service>("services")?,
        today: today(),
    })
}

/// Reads, then computes (on a blocking thread) the report of `request`.
pub(crate) async fn report(state: &AppState, request: &ReportRequest) -> Result<BuiltReport, ApiError> {
    let gathered = gather(&state.store, request).await.map_err(api_error)?;
    let places = state.report_places.get(&state.store).await?;
    tokio::task::spawn_blocking(move || gathered.compute(&places))
        .await
        .map_err(|e| ApiError::internal(format!("the report computation stopped: {e}")))
}

pub(crate) fn api_error(error: BuildError) -> ApiError {
    match error {
        BuildError::UnknownTerritory(_) => ApiError::not_found(error.to_string()),
        BuildError::InvalidRadius(_) => ApiError::invalid_parameter(error.to_string()),
        BuildError::Store(e) => e.into(),
        BuildError::BadBoundary { .. } => ApiError::internal(error.to_string()),
    }
}

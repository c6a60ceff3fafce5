//! Coverage reports served over HTTP: the places they are computed on, kept between
//! requests, and the one function the report routes call.

use std::sync::Arc;

use aiguillage_model::{echo, Place, Service};
use aiguillage_report::{
    gather, today, BuildError, BuiltReport, ReportRequest, DEFAULT_RADIUS_M, MAX_RADIUS_M, MIN_RADIUS_M,
};
use aiguillage_store::{Store, StoreError};
use tokio::sync::Mutex;

use crate::heavy::{Busy, RETRY_AFTER_S};
use crate::page_error::PageError;
use crate::params::{ParamError, Params};
use crate::{ApiError, AppState, ErrorCode};

/// Places as of a version of the store ([`Store::version`]) and the places.
type PlacesAsOf = (i64, Arc<Vec<Place>>);

/// Every open place with all its fields, as reports need them (services, typologies, hours,
/// `date_maj`…), read again from the store only after a change (an import, an edit).
#[derive(Debug, Clone, Default)]
pub struct ReportPlaces(Arc<Mutex<Option<PlacesAsOf>>>);

impl ReportPlaces {
    /// The places as of the latest change.
    pub async fn get(&self, store: &Store) -> Result<Arc<Vec<Place>>, StoreError> {
        let latest = store.version().await?;
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
fn request(code: String, params: &Params, outlined_white_zones: usize) -> Result<ReportRequest, ParamError> {
    Ok(ReportRequest {
        territory: code,
        radius_m: params
            .float("radius_m", MIN_RADIUS_M..=MAX_RADIUS_M)?
            .unwrap_or(DEFAULT_RADIUS_M),
        services: params.labels::<Service>("services")?,
        today: today(),
        outlined_white_zones,
    })
}

/// What identifies a report: requests with the same key at the same time share one
/// computation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct ReportKey {
    territory: String,
    radius_bits: u64,
    services: String,
    today: chrono::NaiveDate,
    outlined_white_zones: usize,
    /// The store's version: a request made after a write never takes a report of before.
    version: i64,
}

/// Why a report could not be answered; the API words it in JSON, the report page in French.
#[derive(Debug)]
pub(crate) enum ReportError {
    /// Too many reports are being computed or waiting.
    Busy,
    /// A bad `radius_m` or `services`.
    Param(ParamError),
    /// An unknown territory, or the store failed.
    Build(BuildError),
    /// The computation stopped before its end (it panicked).
    Stopped(tokio::task::JoinError),
}

impl From<ParamError> for ReportError {
    fn from(error: ParamError) -> Self {
        ReportError::Param(error)
    }
}

impl From<StoreError> for ReportError {
    fn from(error: StoreError) -> Self {
        ReportError::Build(BuildError::Store(error))
    }
}

/// Reads the parameters, then computes (on a blocking thread, in its turn of heavy work) the
/// report of `code`, with the outlines of its `outlined_white_zones` most populated white
/// zones; or takes the result of the same computation already in progress.
pub(crate) async fn report(
    state: &AppState,
    code: String,
    params: &Params,
    outlined_white_zones: usize,
) -> Result<Arc<BuiltReport>, ReportError> {
    let request = request(code, params, outlined_white_zones)?;
    let key = ReportKey {
        territory: request.territory.trim().to_owned(),
        radius_bits: request.radius_m.to_bits(),
        services: request.services_key(),
        today: request.today,
        outlined_white_zones,
        version: state.store.version().await?,
    };
    state
        .reports
        .get(key, || async {
            let _turn = state.heavy.admit().await.map_err(|Busy| ReportError::Busy)?;
            let gathered = gather(&state.store, &request, &state.population)
                .await
                .map_err(ReportError::Build)?;
            let places = state.report_places.get(&state.store).await?;
            let built = tokio::task::spawn_blocking(move || gathered.compute(&places))
                .await
                .map_err(ReportError::Stopped)?;
            Ok(Arc::new(built))
        })
        .await
}

impl From<ReportError> for ApiError {
    fn from(error: ReportError) -> Self {
        match error {
            ReportError::Busy => busy_api(),
            ReportError::Param(e) => e.into(),
            ReportError::Build(e) => api_error(e),
            ReportError::Stopped(e) => ApiError::internal(format!("the report computation stopped: {e}")),
        }
    }
}

impl From<ReportError> for PageError {
    fn from(error: ReportError) -> Self {
        match error {
            ReportError::Busy => busy_page(),
            ReportError::Param(e) => e.into(),
            ReportError::Build(BuildError::UnknownTerritory(code)) => PageError::not_found(
                "Territoire introuvable",
                format!(
                    "Aucun territoire n'a le code « {} ». Un territoire se désigne par le code INSEE \
                     d'une commune (29019), le SIREN d'une EPCI (242900314), un département (29), \
                     une région (region:53) ou le code d'un territoire importé.",
                    echo(&code)
                ),
            ),
            // The radius was checked by `request`, with its French message: what is left is
            // the server's fault.
            ReportError::Build(e) => PageError::internal(e),
            ReportError::Stopped(e) => PageError::internal(format!("the report computation stopped: {e}")),
        }
    }
}

/// The JSON error of `error`; the territory code is repeated cut if long.
pub(crate) fn api_error(error: BuildError) -> ApiError {
    match error {
        BuildError::UnknownTerritory(code) => {
            ApiError::not_found(BuildError::UnknownTerritory(echo(&code).into_owned()).to_string())
        }
        BuildError::InvalidRadius(_) => ApiError::invalid_parameter(error.to_string()),
        BuildError::Store(e) => e.into(),
        _ => ApiError::internal(error.to_string()),
    }
}

/// The JSON answer when heavy work is full.
pub(crate) fn busy_api() -> ApiError {
    ApiError::new(
        ErrorCode::Unavailable,
        format!(
            "the server is computing as many reports and searches as it can: try again in {RETRY_AFTER_S} s"
        ),
    )
    .retry_after(RETRY_AFTER_S)
}

/// The page answered when heavy work is full.
pub(crate) fn busy_page() -> PageError {
    PageError::unavailable(format!(
        "Le serveur calcule déjà autant de rapports et de recherches qu'il le peut. Réessayez dans \
         {RETRY_AFTER_S} secondes."
    ))
    .retry_after(RETRY_AFTER_S)
}

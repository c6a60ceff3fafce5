//! Shared state: the store and the in-memory index that readers query without blocking.

use std::sync::Arc;
use std::time::Duration;

use aiguillage_catalog::{load_index, refresh, ServedPlace};
use aiguillage_geo::PlaceIndex;
use aiguillage_geocoder::Geocoder;
use aiguillage_report::PopulationCache;
use aiguillage_search::{Results, Search, SearchForm};
use aiguillage_store::{Store, StoreError};
use aiguillage_web::pages::MapSettings;
use arc_swap::ArcSwap;
use chrono::{DateTime, Utc};

use crate::heavy::{Busy, HeavyWork, Shared};
use crate::reports::ReportKey;
use crate::ReportPlaces;
use aiguillage_report::BuiltReport;

/// What handlers share.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// The current index snapshot: readers `load()` it; a reload swaps in a new one.
    pub index: Arc<ArcSwap<PlaceIndex<ServedPlace>>>,
    /// Every place with all its fields, for coverage reports.
    pub report_places: ReportPlaces,
    /// Population cells read for reports, kept between them.
    pub population: PopulationCache,
    /// The bound on reports and searches running at once.
    pub heavy: HeavyWork,
    /// Reports being computed, for identical requests to share.
    pub(crate) reports: Arc<Shared<ReportKey, Arc<BuiltReport>>>,
    /// Settings of the public pages.
    pub web: Arc<WebSettings>,
    /// Held while a write's places are swapped into the index, so that two writes at once
    /// cannot each swap in an index without the other's change.
    swapping: Arc<tokio::sync::Mutex<()>>,
}

/// Past this many places changed since the index was built, it is rebuilt from the store
/// in the background: queries scan the changed places one by one.
const MAX_OVERLAY: usize = 2_000;

/// Settings of the public pages (map, search box, links).
#[derive(Debug, Clone, Default)]
pub struct WebSettings {
    /// Background map tiles and their attribution.
    pub map: MapSettings,
    /// A BAN-compatible geocoder for street addresses; without it, the search box knows
    /// communes, postcodes and place names (offline).
    pub geocoder: Option<Geocoder>,
    /// The public URL of the site (e.g. `https://aiguillage.example.fr`), for the QR codes of
    /// printed fiches; without it, the request's `Host` is used.
    pub public_url: Option<url::Url>,
    /// The database is served read-only (`serve --read-only`): every write is refused.
    pub read_only: bool,
}

impl AppState {
    /// Reads every place from the store and indexes them.
    pub async fn load(store: Store) -> Result<AppState, StoreError> {
        let index = load_index(&store).await?;
        Ok(AppState {
            store,
            index: Arc::new(ArcSwap::from_pointee(index)),
            report_places: ReportPlaces::default(),
            population: PopulationCache::default(),
            heavy: HeavyWork::default(),
            reports: Arc::default(),
            web: Arc::default(),
            swapping: Arc::default(),
        })
    }

    /// Whether cookies must be `Secure`: the site's public URL is HTTPS.
    pub(crate) fn secure_cookies(&self) -> bool {
        self.web
            .public_url
            .as_ref()
            .is_some_and(|u| u.scheme() == "https")
    }

    /// Serves the places `ids` as the store now has them (after a write on this instance):
    /// changed ones replace their old version in the index, closed ones leave it, without
    /// rebuilding the index.
    pub async fn refresh(&self, ids: &[&str]) -> Result<(), StoreError> {
        let _swapping = self.swapping.lock().await;
        let current = self.index.load_full();
        let next = refresh(&self.store, &current, ids).await?;
        let overlay = next.overlay_len();
        self.index.store(Arc::new(next));
        if overlay > MAX_OVERLAY {
            let state = self.clone();
            tokio::spawn(async move {
                if let Err(e) = state.reload().await {
                    tracing::error!("could not rebuild the index: {e}");
                }
            });
        }
        Ok(())
    }

    /// The same state with this bound on heavy work.
    pub fn with_heavy(self, heavy: HeavyWork) -> AppState {
        AppState { heavy, ..self }
    }

    /// The same state with these page settings.
    pub fn with_web(self, web: WebSettings) -> AppState {
        AppState {
            web: Arc::new(web),
            ..self
        }
    }

    /// Rebuilds the index from the store and swaps it in; queries in flight keep the old one.
    pub async fn reload(&self) -> Result<(), StoreError> {
        // Held across the load: a write refreshed meanwhile is in the store, hence in the new
        // index, and no refresh is swapped in over it with an older base.
        let _swapping = self.swapping.lock().await;
        let index = load_index(&self.store).await?;
        self.index.store(Arc::new(index));
        Ok(())
    }

    /// The results of `form` at `now`, among the current places; the page and the API both
    /// answer with them. A search is heavy work: [`Busy`] when too many are waiting.
    pub(crate) async fn search(&self, form: &SearchForm, now: DateTime<Utc>) -> Result<Results, Busy> {
        let _turn = self.heavy.admit().await?;
        let places = self.index.load_full();
        let search = Search {
            places: &places,
            store: &self.store,
            geocoder: self.web.geocoder.as_ref(),
        };
        Ok(search.run(form, now).await)
    }

    /// Reloads the index whenever an import is committed (imports run in other processes,
    /// e.g. `aiguillage import`), checking every `period`.
    pub fn watch_imports(&self, period: Duration) -> tokio::task::JoinHandle<()> {
        let state = self.clone();
        tokio::spawn(async move {
            let mut seen = state.store.last_import_id().await.unwrap_or(0);
            let mut ticks = tokio::time::interval(period);
            loop {
                ticks.tick().await;
                match state.store.last_import_id().await {
                    Ok(latest) if latest != seen => match state.reload().await {
                        Ok(()) => {
                            seen = latest;
                            tracing::info!("reloaded the index after import {latest}");
                        }
                        Err(e) => tracing::error!("could not reload the index: {e}"),
                    },
                    Ok(_) => {}
                    Err(e) => tracing::error!("could not check for imports: {e}"),
                }
            }
        })
    }
}

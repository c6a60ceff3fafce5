//! Builds the report of a territory from the store: resolves the territory, reads its
//! boundaries, population layer and previous snapshot, gathers and computes the figures.
//! The server and the CLI both call [`build`], so a report is computed in one place.

use std::collections::HashSet;

use aiguillage_coverage::{assemble, compute, Change, CoverageReport, Geography, Options, PopulationLayer};
use aiguillage_geo::grid::CellId;
use aiguillage_geo::{BoundingBox, LatLon};
use aiguillage_model::{ApproximatePosition, Label, Place, Service};
use aiguillage_store::{Store, StoreError};
use aiguillage_territory::population::{LayerKind, PopulationCell};
use aiguillage_territory::{Admin, Boundary, Level, Locator, TerritoryError, TerritoryRef};
use std::sync::Arc;

use crate::PopulationCache;
use chrono::NaiveDate;
use geo::MultiPolygon;

use crate::{HtmlContext, MapPlace};

/// Largest radius accepted, in metres: beyond it "within reach" means nothing.
pub const MAX_RADIUS_M: f64 = 50_000.0;
/// Smallest radius accepted, in metres (a 200 m grid cannot tell closer).
pub const MIN_RADIUS_M: f64 = 50.0;
/// White zones listed with their outline in the coverage document and page; every zone is
/// in `white-zones.geojson`.
pub const LISTED_WHITE_ZONES: usize = 50;
/// Radius when none is asked for: Brest's "within 400 m of most residents".
pub const DEFAULT_RADIUS_M: f64 = 400.0;

/// What report to build.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportRequest {
    /// The territory's code as typed: `29019`, `242900314`, `29`, `region:53`, a custom
    /// territory's code…
    pub territory: String,
    /// Reach in metres.
    pub radius_m: f64,
    /// Services asked for (any of them); empty for every place.
    pub services: Vec<Service>,
    /// The day of the report.
    pub today: NaiveDate,
    /// How many white zones get their outline (the most populated; all are counted):
    /// [`LISTED_WHITE_ZONES`] for documents read by people, `usize::MAX` for every one.
    pub outlined_white_zones: usize,
}

/// A computed report and what draws its map.
#[derive(Debug, Clone)]
pub struct BuiltReport {
    /// The figures.
    pub report: CoverageReport,
    /// Outlines and places for the HTML map.
    pub map: HtmlContext,
}

/// Why a report could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The code names no known territory.
    #[error("no territory with code « {0} » (INSEE commune, EPCI SIREN, département, « region:NN » or an imported custom territory)")]
    UnknownTerritory(String),
    /// The radius is out of range.
    #[error("radius_m must be between {MIN_RADIUS_M} and {MAX_RADIUS_M} metres, got {0}")]
    InvalidRadius(f64),
    /// The store could not be read.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A stored boundary is not a valid GeoJSON (Multi)Polygon.
    #[error("stored {0}")]
    BadBoundary(#[from] TerritoryError),
}

impl ReportRequest {
    /// The [`services_key`] of the services asked for.
    pub fn services_key(&self) -> String {
        services_key(&self.services.iter().map(|s| s.label()).collect::<Vec<_>>())
    }
}

/// Today in France métropolitaine: the day reports are computed for.
pub fn today() -> NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Paris)
        .date_naive()
}

/// The key of a services filter in snapshots: the sorted, distinct labels joined with `|`
/// (`""` for every place), whatever order they were asked in.
pub fn services_key<S: AsRef<str>>(labels: &[S]) -> String {
    let mut labels: Vec<&str> = labels.iter().map(AsRef::as_ref).collect();
    labels.sort_unstable();
    labels.dedup();
    labels.join("|")
}

/// Resolves a typed code to a territory: INSEE/EPCI codes first, then custom territories.
pub async fn resolve(store: &Store, admin: &Admin, code: &str) -> Result<TerritoryRef, BuildError> {
    let code = code.trim();
    let custom_code = code.strip_prefix("custom:");
    if custom_code.is_none() {
        if let Some(territory) = admin.resolve(code, None) {
            return Ok(territory);
        }
    }
    let custom_code = custom_code.unwrap_or(code);
    match store.boundary(Level::Custom.as_str(), custom_code).await? {
        Some(stored) => Ok(TerritoryRef {
            code: stored.code,
            nom: stored.nom,
            level: Level::Custom,
        }),
        None => Err(BuildError::UnknownTerritory(code.to_owned())),
    }
}

/// The outline of the territory `code`: its imported boundary, else its member communes'
/// imported boundaries together; `None` when none was imported.
pub async fn outline(
    store: &Store,
    code: &str,
) -> Result<(TerritoryRef, Option<MultiPolygon<f64>>), BuildError> {
    let admin = Admin::embedded();
    let territory = resolve(store, admin, code).await?;
    if let Some(own) = own_boundary(store, &territory).await? {
        return Ok((territory, Some(own.geometry)));
    }
    let communes = commune_boundaries(store, admin, &territory, None).await?;
    let outline = union(communes.iter());
    Ok((territory, outline))
}

/// Everything a report needs from the store, read ahead of the computation (which is
/// CPU work: async callers run [`Gathered::compute`] on a blocking thread).
#[derive(Debug, Clone)]
pub struct Gathered {
    request: ReportRequest,
    territory: TerritoryRef,
    own: Option<Boundary>,
    communes: Vec<Boundary>,
    layer: Option<PopulationLayer>,
    previous: Option<Change>,
    approximate: Vec<ApproximatePosition>,
}

/// Reads what the report of `request` needs from the store, population cells through
/// `cache`.
pub async fn gather(
    store: &Store,
    request: &ReportRequest,
    cache: &PopulationCache,
) -> Result<Gathered, BuildError> {
    if !(MIN_RADIUS_M..=MAX_RADIUS_M).contains(&request.radius_m) {
        return Err(BuildError::InvalidRadius(request.radius_m));
    }
    let admin = Admin::embedded();
    let territory = resolve(store, admin, &request.territory).await?;
    let own = own_boundary(store, &territory).await?;
    let communes = commune_boundaries(store, admin, &territory, own.as_ref()).await?;
    let area = own.as_ref().and_then(Boundary::bbox).or_else(|| {
        communes
            .iter()
            .filter_map(Boundary::bbox)
            .reduce(|a, b| a.union(&b))
    });
    let layer = match area {
        Some(area) => population_layer(store, area, cache).await?,
        None => None,
    };
    let previous = previous(store, &territory, request).await?;
    let approximate = store.approximate_positions().await?;
    Ok(Gathered {
        request: request.clone(),
        territory,
        own,
        communes,
        layer,
        previous,
        approximate,
    })
}

impl Gathered {
    /// Computes the report over `places` (every place of the store).
    pub fn compute(self, places: &[Place]) -> BuiltReport {
        let locator = Locator::new(&self.communes);
        let geography = Geography {
            admin: Admin::embedded(),
            communes: &self.communes,
            locator: &locator,
        };
        let inputs = assemble(
            geography,
            &self.territory,
            self.own.as_ref(),
            self.layer,
            places,
            &self.approximate,
        );
        let options = Options {
            radius_m: self.request.radius_m,
            services: self.request.services.clone(),
            today: self.request.today,
            outlined_white_zones: self.request.outlined_white_zones,
        };
        let mut report = compute(&inputs, &options);
        report.previous = self.previous;
        let map = HtmlContext {
            outline: self
                .own
                .as_ref()
                .map(|b| b.geometry.clone())
                .or_else(|| union(inputs.communes.iter().filter_map(|c| c.boundary))),
            places: places
                .iter()
                .zip(&inputs.attached)
                .filter(|(p, a)| a.is_some() && options.admits(p))
                .filter_map(|(p, _)| {
                    let (lat, lon) = p.coordinates()?;
                    Some(MapPlace {
                        id: p.id.clone(),
                        nom: p.nom.clone(),
                        lat,
                        lon,
                    })
                })
                .collect(),
            subterritory_outlines: inputs
                .communes
                .iter()
                .filter(|c| report.subterritories.iter().any(|s| s.territory == c.territory))
                .filter_map(|c| Some((c.territory.code.clone(), c.boundary?.geometry.clone())))
                .collect(),
            standalone: true,
        };
        BuiltReport { report, map }
    }
}

/// Gathers and computes the report of `request` over `places`, on the calling thread.
pub async fn build(
    store: &Store,
    places: &[Place],
    request: &ReportRequest,
) -> Result<BuiltReport, BuildError> {
    Ok(gather(store, request, &PopulationCache::default())
        .await?
        .compute(places))
}

/// Saves the report's figures as the territory's snapshot of the day (replacing one saved
/// earlier the same day). White-zone outlines are left out: the figures are what is
/// compared later.
pub async fn save_snapshot(store: &Store, report: &CoverageReport) -> Result<(), BuildError> {
    let mut saved = report.clone();
    if let Some(white_zones) = saved.white_zones.as_mut() {
        white_zones.zones.clear();
    }
    saved.previous = None;
    let json = serde_json::to_string(&saved).map_err(|e| StoreError::Corrupt {
        id: report.territory.code.clone(),
        reason: e.to_string(),
    })?;
    store
        .save_snapshot(
            report.territory.level.as_str(),
            &report.territory.code,
            report.radius_m,
            &services_key(&report.services),
            report.computed_on,
            &json,
        )
        .await?;
    Ok(())
}

/// The change since the last snapshot saved before the report's day.
async fn previous(
    store: &Store,
    territory: &TerritoryRef,
    request: &ReportRequest,
) -> Result<Option<Change>, BuildError> {
    let snapshot = store
        .latest_snapshot(
            territory.level.as_str(),
            &territory.code,
            request.radius_m,
            &request.services_key(),
            Some(request.today),
        )
        .await?;
    // A snapshot written by an older version that no longer parses is skipped, not fatal.
    Ok(snapshot.and_then(|s| {
        let old: CoverageReport = serde_json::from_str(&s.report).ok()?;
        Some(Change {
            saved_on: old.computed_on,
            population: old.population,
            population_covered: old.population_covered,
            coverage_ratio: old.coverage_ratio,
            places: old.places,
            white_zone_population: old.white_zones.map(|w| w.population),
        })
    }))
}

/// The territory's own imported boundary, if there is one.
pub(crate) async fn own_boundary(
    store: &Store,
    territory: &TerritoryRef,
) -> Result<Option<Boundary>, BuildError> {
    let Some(stored) = store.boundary(territory.level.as_str(), &territory.code).await? else {
        return Ok(None);
    };
    Ok(Some(Boundary::from_geometry_text(
        &stored.code,
        &stored.nom,
        territory.level,
        &stored.geometry,
    )?))
}

/// The imported commune boundaries the territory needs: its member communes, or for a
/// custom territory those whose box meets its own.
async fn commune_boundaries(
    store: &Store,
    admin: &Admin,
    territory: &TerritoryRef,
    own: Option<&Boundary>,
) -> Result<Vec<Boundary>, BuildError> {
    let members: Option<HashSet<String>> = (territory.level != Level::Custom).then(|| {
        admin
            .member_communes(territory)
            .into_iter()
            .map(|c| c.code.clone())
            .collect()
    });
    let own_box = own.and_then(Boundary::bbox);
    let mut boundaries = Vec::new();
    for stored in store.boundaries(Level::Commune.as_str()).await? {
        if members.as_ref().is_some_and(|m| !m.contains(&stored.code)) {
            continue;
        }
        let boundary =
            Boundary::from_geometry_text(&stored.code, &stored.nom, Level::Commune, &stored.geometry)?;
        if own_box.is_none_or(|b| boundary.bbox().is_some_and(|bb| b.intersects(&bb))) {
            boundaries.push(boundary);
        }
    }
    Ok(boundaries)
}

/// The most recent population layer over `area`, its cells from `cache` when kept there.
async fn population_layer(
    store: &Store,
    area: BoundingBox,
    cache: &PopulationCache,
) -> Result<Option<PopulationLayer>, BuildError> {
    let (min_lat, min_lon, max_lat, max_lon) = (area.min_lat, area.min_lon, area.max_lat, area.max_lon);
    let Some(layer) = store
        .population_layer_over(min_lat, min_lon, max_lat, max_lon)
        .await?
    else {
        return Ok(None);
    };
    let cells = match cache.get(layer.id, &area) {
        Some(cells) => cells,
        None => {
            let Some((read, rows)) = store.population_in(min_lat, min_lon, max_lat, max_lon).await? else {
                return Ok(None);
            };
            let cells: Arc<Vec<PopulationCell>> = Arc::new(
                rows.into_iter()
                    .map(|(lat, lon, population)| {
                        let position = LatLon::new(lat, lon);
                        PopulationCell {
                            position,
                            population,
                            cell: CellId::containing(position),
                        }
                    })
                    .collect(),
            );
            // Another layer may have been imported between the two reads: keep what was read
            // under its own id.
            cache.insert(read.id, &area, cells.clone());
            if read.id != layer.id {
                return Ok(Some(described(&read, cells)));
            }
            cells
        }
    };
    Ok(Some(described(&layer, cells)))
}

/// A stored layer with its cells, as a report reads it.
fn described(layer: &aiguillage_store::PopulationLayer, cells: Arc<Vec<PopulationCell>>) -> PopulationLayer {
    PopulationLayer {
        kind: if layer.kind == "grid" {
            LayerKind::Grid
        } else {
            LayerKind::Points
        },
        description: format!(
            "{}, importé le {}",
            layer.source_file,
            layer.imported_at.get(..10).unwrap_or(&layer.imported_at)
        ),
        cells,
    }
}

fn union<'a>(boundaries: impl Iterator<Item = &'a Boundary>) -> Option<MultiPolygon<f64>> {
    let polygons: Vec<_> = boundaries.flat_map(|b| b.geometry.0.iter().cloned()).collect();
    (!polygons.is_empty()).then_some(MultiPolygon(polygons))
}

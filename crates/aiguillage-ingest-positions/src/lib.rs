//! Positions for places whose source gives none, so that they are on the map and counted in
//! coverage: the address through a BAN-compatible geocoder when one is configured, else the
//! centre of the place's commune (from its imported boundary). Either way the position is
//! approximate: each is reported on the row (`latitude: warning: …`) and recorded in the
//! store ([`aiguillage_model::ApproximatePosition`]), never passed off as the source's.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use std::collections::HashMap;

use aiguillage_geocoder::Geocoder;
use aiguillage_ingest_read::Rows;
use aiguillage_model::{fold, ApproximatePosition, Field, PositionMethod, Problem, RawRecord};
use aiguillage_store::{Store, StoreError};
use aiguillage_territory::{Admin, Commune, Level};
use geo::Centroid;

/// Least relevance of a geocoder's answer to be used: below, BAN answers are usually another
/// street or only the commune.
const MIN_SCORE: f64 = 0.6;

/// Gives a position to every row without one (and without a coordinate error, which
/// rejects the row anyway), reporting each on its row and listing it in
/// [`Rows::approximate`].
pub async fn locate_missing(
    rows: &mut Rows,
    store: &Store,
    geocoder: Option<&Geocoder>,
) -> Result<(), StoreError> {
    let mut centres: HashMap<String, Option<(f64, f64)>> = HashMap::new();
    let mut geocoder = geocoder;
    for row in &mut rows.rows {
        let Some(record) = row.record.as_mut() else {
            continue;
        };
        let Some(id) = record.get(Field::Id).map(str::to_owned) else {
            continue;
        };
        if record.get(Field::Latitude).is_some() && record.get(Field::Longitude).is_some() {
            continue;
        }
        let coordinate_error = row
            .problems
            .iter()
            .any(|p| p.field == Field::Latitude.name() || p.field == Field::Longitude.name());
        if coordinate_error {
            continue;
        }
        if let Some(g) = geocoder {
            match geocode(g, record).await {
                Ok(Some((lat, lon, label, score))) => {
                    set_position(record, lat, lon);
                    row.problems.push(Problem::warning(
                        Field::Latitude.name(),
                        format!("no coordinates in the source: geocoded as « {label} » (score {score:.2}); approximate"),
                    ));
                    rows.approximate.push(ApproximatePosition {
                        place_id: id,
                        method: PositionMethod::Geocoder,
                        detail: label,
                    });
                    continue;
                }
                Ok(None) => {}
                Err(e) => {
                    // Unreachable or failing: the rest of the import uses commune centres.
                    tracing::warn!("geocoder {}: {e}; using commune centres", g.base());
                    geocoder = None;
                }
            }
        }
        let Some(commune) = commune_of(record) else {
            continue;
        };
        let centre = match centres.get(&commune.code) {
            Some(centre) => *centre,
            None => {
                let centre = commune_centre(store, commune).await?;
                centres.insert(commune.code.clone(), centre);
                centre
            }
        };
        if let Some((lat, lon)) = centre {
            set_position(record, lat, lon);
            row.problems.push(Problem::warning(
                Field::Latitude.name(),
                format!(
                    "no coordinates in the source: placed at the centre of {} ({}); approximate",
                    commune.nom, commune.code
                ),
            ));
            rows.approximate.push(ApproximatePosition {
                place_id: id,
                method: PositionMethod::CommuneCentre,
                detail: commune.nom.clone(),
            });
        }
    }
    Ok(())
}

fn set_position(record: &mut RawRecord, lat: f64, lon: f64) {
    // Six decimals: ~0.1 m, more than an approximation deserves, and exact in JSON.
    record.set(Field::Latitude, format!("{lat:.6}"));
    record.set(Field::Longitude, format!("{lon:.6}"));
}

/// The geocoder's best answer for the row's address, if relevant enough.
async fn geocode(
    geocoder: &Geocoder,
    record: &RawRecord,
) -> Result<Option<(f64, f64, String, f64)>, aiguillage_geocoder::GeocoderError> {
    let query: Vec<&str> = [Field::Adresse, Field::CodePostal, Field::Commune]
        .into_iter()
        .filter_map(|f| record.get(f))
        .collect();
    if query.is_empty() {
        return Ok(None);
    }
    let found = geocoder.search(&query.join(" "), 1).await?;
    Ok(found.into_iter().next().and_then(|a| {
        a.score
            .filter(|s| *s >= MIN_SCORE)
            .map(|s| (a.lat, a.lon, a.label, s))
    }))
}

/// The row's commune: its INSEE code (former codes included), else the commune of its
/// postcode with its name, else the only commune of its postcode.
fn commune_of(record: &RawRecord) -> Option<&'static Commune> {
    let admin = Admin::embedded();
    if let Some(commune) = record
        .get(Field::CodeInsee)
        .and_then(|code| admin.current_commune(code))
    {
        return Some(commune);
    }
    let postcode = record.get(Field::CodePostal)?;
    let sharing = admin.communes_with_postcode(postcode);
    let named = record.get(Field::Commune).map(fold);
    match (sharing.as_slice(), named) {
        ([only], _) => Some(only),
        (several, Some(name)) => several.iter().copied().find(|c| fold(&c.nom) == name),
        _ => None,
    }
}

/// The centroid of the commune's imported boundary, `None` when none is imported.
async fn commune_centre(store: &Store, commune: &Commune) -> Result<Option<(f64, f64)>, StoreError> {
    let Some(stored) = store.boundary(Level::Commune.as_str(), &commune.code).await? else {
        return Ok(None);
    };
    let centre = aiguillage_territory::Boundary::from_geometry_text(
        &stored.code,
        &stored.nom,
        Level::Commune,
        &stored.geometry,
    )
    .ok()
    .and_then(|b| b.geometry.centroid())
    .map(|p| (p.y(), p.x()));
    Ok(centre)
}

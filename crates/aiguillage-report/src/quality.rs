//! The list of `aiguillage quality`: every problem of the stored places, or of a territory's,
//! one row per place and problem ([`aiguillage_quality::place_problems`]), as CSV or JSON.

use aiguillage_coverage::{assemble, Geography, PopulationLayer};
use aiguillage_model::Place;
use aiguillage_quality::{place_problems, ProblemKind, QualityChecker};
use aiguillage_store::{Store, StoreError};
use aiguillage_territory::population::LayerKind;
use aiguillage_territory::{Admin, Boundary, Level, Locator, TerritoryError};
use chrono::NaiveDate;
use serde_json::{Map, Value};

use crate::build::{own_boundary, resolve};
use crate::export::csv_text;
use crate::{BuildError, ReportError};

/// The columns of the list, in order.
pub const QUALITY_COLUMNS: [&str; 7] = [
    "id",
    "nom",
    "source",
    "code_insee",
    "commune",
    "probleme",
    "detail",
];

/// One problem of one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QualityRow {
    /// The place's `id`.
    pub id: String,
    /// Its `nom`.
    pub nom: String,
    /// Its `source`, when it has one.
    pub source: Option<String>,
    /// Its `code_insee`, when it has one.
    pub code_insee: Option<String>,
    /// Its `commune`.
    pub commune: String,
    /// What is wrong (its code is the `probleme` column).
    pub kind: ProblemKind,
    /// The values at fault and how to fix them, in French.
    pub detail: String,
}

impl QualityRow {
    /// The values of [`QUALITY_COLUMNS`]; `None` for a field the place does not have.
    fn values(&self) -> [Option<&str>; 7] {
        [
            Some(self.id.as_str()),
            Some(self.nom.as_str()),
            self.source.as_deref(),
            self.code_insee.as_deref(),
            Some(self.commune.as_str()),
            Some(self.kind.code()),
            Some(self.detail.as_str()),
        ]
    }
}

/// Every problem of the places checked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QualityList {
    /// One row per place and problem: by place (in the store's order, by `id`), then in
    /// [`ProblemKind`] order.
    pub rows: Vec<QualityRow>,
    /// How many places were checked.
    pub places_checked: usize,
    /// How many of them have at least one problem.
    pub places_with_problems: usize,
}

impl QualityList {
    /// The rows as CSV, with a header ([`QUALITY_COLUMNS`]); a field the place does not
    /// have is empty.
    pub fn csv(&self) -> Result<String, ReportError> {
        csv_text(
            &QUALITY_COLUMNS,
            self.rows
                .iter()
                .map(|row| row.values().map(|v| v.unwrap_or_default())),
        )
    }

    /// The rows as a pretty-printed JSON array of objects with the fields of
    /// [`QUALITY_COLUMNS`] (`null` for a field the place does not have, not an empty text),
    /// and a final line break.
    pub fn json(&self) -> Result<String, ReportError> {
        let objects: Vec<Value> = self
            .rows
            .iter()
            .map(|row| {
                let object: Map<String, Value> = QUALITY_COLUMNS
                    .iter()
                    .zip(row.values())
                    .map(|(column, value)| ((*column).to_owned(), value.map_or(Value::Null, Value::from)))
                    .collect();
                Value::Object(object)
            })
            .collect();
        let mut json = serde_json::to_string_pretty(&objects)?;
        json.push('\n');
        Ok(json)
    }
}

/// Why the list could not be made. Each step names itself, before the cause.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum QualityError {
    /// The places could not be read.
    #[error("reading the places")]
    Places(#[source] StoreError),
    /// The commune boundaries could not be read.
    #[error("reading the commune boundaries")]
    CommuneBoundaries(#[source] StoreError),
    /// A stored commune boundary is not a valid GeoJSON (Multi)Polygon.
    #[error(transparent)]
    BadBoundary(#[from] TerritoryError),
    /// The territory's places could not be selected ([`BuildError::UnknownTerritory`]
    /// for an unknown code).
    #[error("selecting the territory's places")]
    Territory(#[source] BuildError),
    /// The approximate positions could not be read.
    #[error("reading the approximate positions")]
    ApproximatePositions(#[source] StoreError),
}

/// The problems of every stored place, or of the places of the territory `territory` (those
/// that `aiguillage report` counts: by `code_insee`, else by position), checked on the day
/// `today`. Points are compared with every imported commune boundary, and duplicates are
/// paired among all the places, whatever the territory.
pub async fn quality(
    store: &Store,
    territory: Option<&str>,
    today: NaiveDate,
) -> Result<QualityList, QualityError> {
    let admin = Admin::embedded();
    let places: Vec<Place> = store
        .all()
        .await
        .map_err(QualityError::Places)?
        .into_iter()
        .map(|stored| stored.place)
        .collect();
    let mut communes = Vec::new();
    for stored in store
        .boundaries(Level::Commune.as_str())
        .await
        .map_err(QualityError::CommuneBoundaries)?
    {
        communes.push(Boundary::from_geometry_text(
            &stored.code,
            &stored.nom,
            Level::Commune,
            &stored.geometry,
        )?);
    }
    let checked: Vec<&Place> = match territory {
        None => places.iter().collect(),
        Some(code) => territory_places(store, admin, &communes, &places, code)
            .await
            .map_err(QualityError::Territory)?,
    };
    let approximate = store
        .approximate_positions()
        .await
        .map_err(QualityError::ApproximatePositions)?;

    let checker = QualityChecker::new(admin, &communes, today);
    let found = place_problems(&checker, &checked, &places, &approximate);
    let mut list = QualityList {
        places_checked: found.len(),
        ..QualityList::default()
    };
    for (place, problems) in found {
        if !problems.is_empty() {
            list.places_with_problems += 1;
        }
        list.rows.extend(problems.into_iter().map(|problem| QualityRow {
            id: place.id.clone(),
            nom: place.nom.clone(),
            source: place.source.clone(),
            code_insee: place.code_insee.clone(),
            commune: place.commune.clone(),
            kind: problem.kind,
            detail: problem.detail,
        }));
    }
    Ok(list)
}

/// The places of the territory `code`: the selection of `aiguillage report`, through the
/// same `assemble`.
async fn territory_places<'p>(
    store: &Store,
    admin: &'static Admin,
    communes: &[Boundary],
    places: &'p [Place],
    code: &str,
) -> Result<Vec<&'p Place>, BuildError> {
    let territory = resolve(store, admin, code).await?;
    let own = own_boundary(store, &territory).await?;
    let locator = Locator::new(communes);
    let geography = Geography {
        admin,
        communes,
        locator: &locator,
    };
    // Selecting places needs no residents: an empty layer spares spreading every
    // commune's population over its boundary.
    let no_residents = PopulationLayer {
        kind: LayerKind::Points,
        description: String::new(),
        cells: Default::default(),
    };
    let inputs = assemble(
        geography,
        &territory,
        own.as_ref(),
        Some(no_residents),
        places,
        &[],
    );
    Ok(places
        .iter()
        .zip(&inputs.attached)
        .filter(|(_, attachment)| attachment.is_some())
        .map(|(place, _)| place)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows as the list writes them.
    fn csv(rows: &[[&str; 7]]) -> String {
        csv_text(&QUALITY_COLUMNS, rows).unwrap()
    }

    #[test]
    fn csv_quotes_what_needs_it() {
        let rows = [["a", "b,c", "d\"e", "", "f\ng", "h", "i"]];
        assert_eq!(
            csv(&rows),
            "id,nom,source,code_insee,commune,probleme,detail\na,\"b,c\",\"d\"\"e\",,\"f\ng\",h,i\n"
        );
    }

    #[test]
    fn json_has_null_for_missing_fields() {
        let list = QualityList {
            rows: vec![QualityRow {
                id: "a".into(),
                nom: "EPN".into(),
                source: None,
                code_insee: Some("29019".into()),
                commune: "Brest".into(),
                kind: ProblemKind::SansServices,
                detail: "aucun service renseigné".into(),
            }],
            places_checked: 1,
            places_with_problems: 1,
        };
        let json: Value = serde_json::from_str(&list.json().unwrap()).unwrap();
        assert_eq!(json[0]["source"], Value::Null);
        assert_eq!(json[0]["probleme"], "sans_services");
        assert_eq!(
            list.csv().unwrap(),
            "id,nom,source,code_insee,commune,probleme,detail\na,EPN,,29019,Brest,sans_services,aucun service renseigné\n"
        );
    }
}

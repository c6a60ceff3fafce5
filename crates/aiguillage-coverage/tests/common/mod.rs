//! Hand-made inputs for coverage tests.
#![allow(dead_code)] // Each test file uses part of the fixtures.

use aiguillage_coverage::{Attachment, Inputs, MemberCommune, PopulationKind, PopulationSource, Residents};
use aiguillage_geo::grid::CellId;
use aiguillage_geo::{LatLon, EARTH_RADIUS_M};
use aiguillage_model::{Field, Place};
use aiguillage_territory::population::PopulationCell;
use aiguillage_territory::{Boundary, Level, TerritoryRef};
use aiguillage_testkit::PlaceBuilder;
use geo::MultiPolygon;

/// A valid place of the standard with the given fields set (and sensible defaults).
pub fn place(id: &str, position: Option<LatLon>, fields: &[(Field, &str)]) -> Place {
    let builder = PlaceBuilder::new(id).fields(&[
        (Field::Pivot, "123456789"),
        (Field::Adresse, "rue"),
        (Field::DateMaj, "2026-06-01"),
        (Field::Services, "Aide aux démarches administratives"),
    ]);
    match position {
        Some(p) => builder.at(p.lat, p.lon),
        None => builder,
    }
    .fields(fields)
    .build()
}

/// The point `metres` due north of `from` (exact on the sphere of the haversine).
pub fn north_of(from: LatLon, metres: f64) -> LatLon {
    LatLon::new(from.lat + (metres / EARTH_RADIUS_M).to_degrees(), from.lon)
}

/// A resident location.
pub fn cell(position: LatLon, population: f64) -> PopulationCell {
    PopulationCell {
        position,
        population,
        cell: CellId::containing(position),
    }
}

pub fn commune(code: &str, nom: &str) -> TerritoryRef {
    TerritoryRef {
        code: code.to_owned(),
        nom: nom.to_owned(),
        level: Level::Commune,
    }
}

/// Inputs for an EPCI of one commune per sub-territory; cells and places say their commune.
pub fn inputs<'a>(
    communes: &[(&str, &str)],
    cells: Vec<(PopulationCell, u32)>,
    places: &'a [Place],
    attached: Vec<Option<u32>>,
) -> Inputs<'a> {
    let subterritories: Vec<TerritoryRef> = communes.iter().map(|(c, n)| commune(c, n)).collect();
    Inputs {
        territory: TerritoryRef {
            code: "200000000".to_owned(),
            nom: "Communauté test".to_owned(),
            level: Level::Epci,
        },
        communes: subterritories
            .iter()
            .enumerate()
            .map(|(i, t)| MemberCommune {
                territory: t.clone(),
                subterritory: Some(i),
                // Its residents are located: it has a boundary (the figures never read it).
                boundary: Some(&*Box::leak(Box::new(Boundary {
                    code: t.code.clone(),
                    nom: t.nom.clone(),
                    level: Level::Commune,
                    geometry: MultiPolygon(Vec::new()),
                }))),
                insee_population: 0,
            })
            .collect(),
        subterritories,
        residents: Residents {
            source: PopulationSource {
                kind: PopulationKind::Points,
                label: "test".to_owned(),
                approximate: false,
                population_unlocated: 0.0,
                missing: None,
            },
            located_share: 1.0,
            commune: cells.iter().map(|(_, c)| Some(*c)).collect(),
            cells: cells.into_iter().map(|(c, _)| c).collect(),
        },
        places,
        attached: attached
            .into_iter()
            .map(|a| {
                a.map(|commune| Attachment {
                    commune: Some(commune),
                    by_code: true,
                })
            })
            .collect(),
        approximate: &[],
    }
}

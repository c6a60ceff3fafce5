//! Gathers what a coverage report needs about one territory: its communes and
//! sub-territories (INSEE), its residents (a population layer, or commune populations
//! spread over their boundaries) and where each place belongs.

use std::collections::HashMap;

use aiguillage_geo::LatLon;
use aiguillage_model::{ApproximatePosition, Place};
use aiguillage_territory::population::{spread_uniformly, LayerKind, PopulationCell};
use aiguillage_territory::{Admin, Boundary, Level, Locator, TerritoryRef};

use crate::{Attachment, Inputs, MemberCommune, PopulationKind, PopulationSource, Residents};

/// The known geography: INSEE tables and the imported commune boundaries.
#[derive(Debug, Clone, Copy)]
pub struct Geography<'a> {
    /// Names, membership and populations.
    pub admin: &'a Admin,
    /// Imported commune boundaries (current codes).
    pub communes: &'a [Boundary],
    /// A locator over `communes`.
    pub locator: &'a Locator<'a>,
}

/// An imported population layer, already limited to the territory's surroundings.
#[derive(Debug, Clone)]
pub struct PopulationLayer {
    /// Grid cells or points.
    pub kind: LayerKind,
    /// Where it comes from (file name and import date), shown in reports.
    pub description: String,
    /// Its populated locations.
    pub cells: Vec<PopulationCell>,
}

/// The communes of the territory being gathered, indexed by code.
struct Members<'a> {
    communes: Vec<MemberCommune<'a>>,
    index: HashMap<String, u32>,
}

impl<'a> Members<'a> {
    fn new() -> Self {
        Members {
            communes: Vec::new(),
            index: HashMap::new(),
        }
    }

    fn add(&mut self, member: MemberCommune<'a>) -> u32 {
        let i = self.communes.len() as u32;
        self.index.insert(member.territory.code.clone(), i);
        self.communes.push(member);
        i
    }

    fn get(&self, code: &str) -> Option<u32> {
        self.index.get(code).copied()
    }
}

/// Gathers the [`Inputs`] of `territory`.
///
/// - Communes: the INSEE members of an administrative territory; for a custom territory,
///   the imported communes its residents and places fall in.
/// - Residents: `layer` when given (each location assigned to the commune boundary it
///   falls in; locations outside the territory's communes are left out), else each
///   commune's INSEE population spread evenly on the 200 m cells of its boundary, an
///   approximation labelled as such (communes without a boundary are counted in
///   `population_unlocated`).
/// - Places: attached by `code_insee` (former codes reconciled), else by position; their
///   `approximate` positions (the store's) are kept for the quality checks.
pub fn assemble<'a>(
    geography: Geography<'a>,
    territory: &TerritoryRef,
    own_boundary: Option<&'a Boundary>,
    layer: Option<PopulationLayer>,
    places: &'a [Place],
    approximate: &'a [ApproximatePosition],
) -> Inputs<'a> {
    let Geography {
        admin,
        communes: boundaries,
        locator,
    } = geography;
    let by_code: HashMap<&str, &'a Boundary> = boundaries.iter().map(|b| (b.code.as_str(), b)).collect();
    let custom = territory.level == Level::Custom;
    let inside_own = |p: LatLon| own_boundary.is_none_or(|b| b.contains(p));

    let mut members = Members::new();
    let mut subterritories = Vec::new();
    if !custom {
        subterritories = admin.subterritories(territory);
        let sub_index: HashMap<&str, usize> = subterritories
            .iter()
            .enumerate()
            .map(|(i, t)| (t.code.as_str(), i))
            .collect();
        let by_departement = subterritories
            .first()
            .is_some_and(|t| t.level == Level::Departement);
        for commune in admin.member_communes(territory) {
            let sub_code = if by_departement {
                commune.departement.as_str()
            } else {
                commune.code.as_str()
            };
            members.add(MemberCommune {
                territory: commune_ref(&commune.code, &commune.nom),
                subterritory: sub_index.get(sub_code).copied(),
                boundary: by_code.get(commune.code.as_str()).copied(),
                insee_population: commune.population,
            });
        }
    }
    // A custom territory's communes are found as its residents and places are located;
    // each is its own sub-territory.
    let member_at = |members: &mut Members<'a>, subs: &mut Vec<TerritoryRef>, p: LatLon| -> Option<u32> {
        let boundary = locator.locate(p)?;
        if let Some(i) = members.get(&boundary.code) {
            return Some(i);
        }
        if !custom {
            return None;
        }
        let reference = commune_ref(&boundary.code, &boundary.nom);
        subs.push(reference.clone());
        Some(members.add(MemberCommune {
            territory: reference,
            subterritory: Some(subs.len() - 1),
            boundary: Some(boundary),
            insee_population: admin.commune(&boundary.code).map_or(0, |c| c.population),
        }))
    };

    let mut cells = Vec::new();
    let mut commune_of = Vec::new();
    let source = match layer {
        Some(layer) => {
            for cell in layer.cells {
                if !inside_own(cell.position) {
                    continue;
                }
                if let Some(i) = member_at(&mut members, &mut subterritories, cell.position) {
                    cells.push(cell);
                    commune_of.push(i);
                }
            }
            let (kind, what) = match layer.kind {
                LayerKind::Grid => (PopulationKind::Grid, "carroyage INSEE 200 m"),
                LayerKind::Points => (PopulationKind::Points, "points de population"),
            };
            PopulationSource {
                kind,
                label: format!("Population : {what} ({})", layer.description),
                approximate: false,
                population_unlocated: 0.0,
            }
        }
        None => {
            let mut unlocated = 0.0;
            let spread_over: Vec<(&'a Boundary, f64)> = if custom {
                // Communes that may overlap the territory: their cells are kept only
                // where they fall inside it.
                let area = own_boundary.and_then(Boundary::bbox);
                boundaries
                    .iter()
                    .filter(|b| area.is_none_or(|a| b.bbox().is_some_and(|bb| a.intersects(&bb))))
                    .filter_map(|b| Some((b, admin.commune(&b.code)?.population as f64)))
                    .collect()
            } else {
                let mut with_boundary = Vec::new();
                for member in &members.communes {
                    let population = admin
                        .commune(&member.territory.code)
                        .map_or(0.0, |c| c.population as f64);
                    match member.boundary {
                        Some(b) => with_boundary.push((b, population)),
                        None => unlocated += population,
                    }
                }
                with_boundary
            };
            for (boundary, population) in spread_over {
                for cell in spread_uniformly(&boundary.geometry, population) {
                    if !inside_own(cell.position) {
                        continue;
                    }
                    let i = match members.get(&boundary.code) {
                        Some(i) => i,
                        None => {
                            let reference = commune_ref(&boundary.code, &boundary.nom);
                            subterritories.push(reference.clone());
                            members.add(MemberCommune {
                                territory: reference,
                                subterritory: Some(subterritories.len() - 1),
                                boundary: Some(boundary),
                                insee_population: admin.commune(&boundary.code).map_or(0, |c| c.population),
                            })
                        }
                    };
                    cells.push(cell);
                    commune_of.push(i);
                }
            }
            PopulationSource {
                kind: PopulationKind::Uniform,
                label: "Approximation : la population INSEE de chaque commune est répartie uniformément \
                        sur les carreaux de 200 m de son territoire"
                    .to_owned(),
                approximate: true,
                population_unlocated: unlocated,
            }
        }
    };

    let attached = places
        .iter()
        .map(|place| {
            let position = place.coordinates().map(|(lat, lon)| LatLon::new(lat, lon));
            let by_code = place
                .code_insee
                .as_deref()
                .and_then(|code| admin.current_commune(code))
                .map(|commune| members.get(&commune.code));
            match by_code {
                // The producer's commune wins over the position, for administrative
                // territories; a custom territory is an area, so only position counts.
                Some(Some(commune)) if !custom => Some(Attachment {
                    commune,
                    by_code: true,
                }),
                Some(None) if !custom => None,
                _ => {
                    let p = position.filter(|p| inside_own(*p))?;
                    let commune = member_at(&mut members, &mut subterritories, p)?;
                    Some(Attachment {
                        commune,
                        by_code: false,
                    })
                }
            }
        })
        .collect();

    Inputs {
        territory: territory.clone(),
        subterritories,
        communes: members.communes,
        residents: Residents {
            source,
            cells,
            commune: commune_of,
        },
        places,
        attached,
        approximate,
    }
}

fn commune_ref(code: &str, nom: &str) -> TerritoryRef {
    TerritoryRef {
        code: code.to_owned(),
        nom: nom.to_owned(),
        level: Level::Commune,
    }
}

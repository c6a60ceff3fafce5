//! Gathers what a coverage report needs about one territory: its communes and
//! sub-territories (INSEE), its residents (a population layer, or commune populations
//! spread over their boundaries) and where each place belongs.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use aiguillage_geo::LatLon;
use aiguillage_model::{ApproximatePosition, Place};
use aiguillage_territory::population::{spread_uniformly, LayerKind, PopulationCell};
use aiguillage_territory::{Admin, Boundary, Level, Locator, TerritoryRef};

use crate::inputs::located_share;
use crate::stats::total;
use crate::{Attachment, Inputs, MemberCommune, MissingData, PopulationKind, PopulationSource, Residents};

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
    /// Its populated locations (shared: callers keep a layer's cells between reports).
    pub cells: Arc<Vec<PopulationCell>>,
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
/// - Residents, when the territory is an **area** (a custom territory, or any territory
///   with its own imported boundary and a population `layer`): every location of `layer`
///   inside its boundary, assigned to the imported commune boundary it falls in when there is
///   one. Else `layer`'s locations inside member communes' boundaries. Without a layer, each
///   commune's INSEE population spread evenly on the 200 m cells of its boundary (clipped to
///   the territory's own boundary), an approximation labelled as such.
/// - The located share: 1 for an area with a layer; the share of the polygon covered by
///   imported commune boundaries for a custom territory without one; else the share of the
///   members' INSEE population whose commune boundary is imported. Below 1, the source says
///   what to import ([`PopulationSource::missing`]).
/// - Places: attached by `code_insee` (former codes reconciled; administrative territories
///   only), else by position; their `approximate` positions (the store's) are kept for the
///   quality checks.
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
    // Many points are tested against the territory's own boundary: through a locator.
    let own = own_boundary.map(std::slice::from_ref).map(Locator::new);
    let inside_own = |p: LatLon| own.as_ref().is_none_or(|own| own.locate(p).is_some());
    // Residents and places inside the area count whether or not a commune boundary holds them.
    let area = own_boundary.is_some() && (custom || layer.is_some());

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
    let member_in = |members: &mut Members<'a>, subs: &mut Vec<TerritoryRef>, boundary: &'a Boundary| {
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
    let member_at = |members: &mut Members<'a>, subs: &mut Vec<TerritoryRef>, p: LatLon| {
        member_in(members, subs, locator.locate(p)?)
    };

    let mut cells = Vec::new();
    let mut commune_of = Vec::new();
    let (kind, label) = match &layer {
        Some(layer) => {
            let (kind, what) = match layer.kind {
                LayerKind::Grid => (PopulationKind::Grid, "carroyage INSEE 200 m"),
                LayerKind::Points => (PopulationKind::Points, "points de population"),
            };
            (kind, format!("Population : {what} ({})", layer.description))
        }
        None => (
            PopulationKind::Uniform,
            "Approximation : la population INSEE de chaque commune est répartie uniformément \
             sur les carreaux de 200 m de son territoire"
                .to_owned(),
        ),
    };
    match layer {
        Some(layer) => {
            // Locating is most of the work, and independent per cell: in parallel, then the
            // communes are numbered in order.
            let located: Vec<Option<Option<&'a Boundary>>> = layer
                .cells
                .par_iter()
                .map(|cell| inside_own(cell.position).then(|| locator.locate(cell.position)))
                .collect();
            for (cell, boundary) in layer.cells.iter().zip(located) {
                let Some(boundary) = boundary else {
                    continue;
                };
                let commune = boundary.and_then(|b| member_in(&mut members, &mut subterritories, b));
                if commune.is_none() && !area {
                    continue;
                }
                cells.push(*cell);
                commune_of.push(commune);
            }
        }
        None => {
            let spread_over: Vec<&'a Boundary> = if custom {
                // Communes that may overlap the territory: their cells are kept only
                // where they fall inside it.
                let area = own_boundary.and_then(Boundary::bbox);
                boundaries
                    .iter()
                    .filter(|b| area.is_none_or(|a| b.bbox().is_some_and(|bb| a.intersects(&bb))))
                    .collect()
            } else {
                members.communes.iter().filter_map(|m| m.boundary).collect()
            };
            for boundary in spread_over {
                let population = admin.commune(&boundary.code).map_or(0.0, |c| c.population as f64);
                for cell in spread_uniformly(&boundary.geometry, population) {
                    if !inside_own(cell.position) {
                        continue;
                    }
                    if let Some(i) = member_in(&mut members, &mut subterritories, boundary) {
                        cells.push(cell);
                        commune_of.push(Some(i));
                    }
                }
            }
        }
    }
    let (located_share, population_unlocated, missing) = if area && kind != PopulationKind::Uniform {
        (1.0, 0.0, None)
    } else if custom {
        custom_located(own_boundary, &inside_own, locator, admin, places)
    } else {
        members_located(&members.communes, admin)
    };
    let source = PopulationSource {
        kind,
        label,
        approximate: kind == PopulationKind::Uniform,
        population_unlocated,
        missing,
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
                    commune: Some(commune),
                    by_code: true,
                }),
                Some(None) if !custom => None,
                _ => {
                    let p = position.filter(|p| inside_own(*p))?;
                    let commune = member_at(&mut members, &mut subterritories, p);
                    if commune.is_none() && !area {
                        return None;
                    }
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
            located_share,
            cells,
            commune: commune_of,
        },
        places,
        attached,
        approximate,
    }
}

/// The located share of an administrative territory (see [`located_share`]), the INSEE
/// residents left out, and the command importing the missing boundaries.
fn members_located(communes: &[MemberCommune<'_>], admin: &Admin) -> (f64, f64, Option<MissingData>) {
    let unlocated: Vec<&MemberCommune<'_>> = communes.iter().filter(|c| c.boundary.is_none()).collect();
    let unlocated_population: u64 = unlocated.iter().map(|c| c.insee_population).sum();
    let missing = (!unlocated.is_empty() || communes.is_empty()).then(|| {
        let mut departements: Vec<&str> = unlocated
            .iter()
            .filter_map(|c| admin.commune(&c.territory.code))
            .map(|c| c.departement.as_str())
            .collect();
        departements.sort_unstable();
        departements.dedup();
        MissingData {
            what: match unlocated.len() {
                0 => "les contours de ses communes".to_owned(),
                1 => "le contour d'une de ses communes".to_owned(),
                n => format!("les contours de {n} de ses communes"),
            },
            commands: vec![fetch_command(&departements)],
        }
    });
    (
        located_share(communes.iter()),
        unlocated_population as f64,
        missing,
    )
}

/// The located share of a custom territory without a population layer: the part of its
/// polygon covered by imported commune boundaries (its 200 m cells whose centre is in one),
/// and what would locate the rest.
fn custom_located(
    own_boundary: Option<&Boundary>,
    inside_own: &dyn Fn(LatLon) -> bool,
    locator: &Locator<'_>,
    admin: &Admin,
    places: &[Place],
) -> (f64, f64, Option<MissingData>) {
    let sample = own_boundary.map_or_else(Vec::new, |b| spread_uniformly(&b.geometry, 1.0));
    let share = total(
        sample
            .iter()
            .filter(|c| locator.locate(c.position).is_some())
            .map(|c| &c.population),
    )
    .min(1.0);
    if share >= 1.0 - 1e-9 {
        return (1.0, 0.0, None);
    }
    // The départements of the places inside the polygon hint at the communes it meets.
    let mut departements: Vec<&str> = places
        .iter()
        .filter(|p| {
            p.coordinates()
                .is_some_and(|(lat, lon)| inside_own(LatLon::new(lat, lon)))
        })
        .filter_map(|p| admin.current_commune(p.code_insee.as_deref()?))
        .map(|c| c.departement.as_str())
        .collect();
    departements.sort_unstable();
    departements.dedup();
    let mut commands = vec!["aiguillage population import FICHIER.csv".to_owned()];
    if !departements.is_empty() {
        commands.push(fetch_command(&departements));
    }
    let missing = MissingData {
        what: "une couche de population couvrant le territoire (carroyage INSEE 200 m ou points), \
               ou les contours des communes qu'il recoupe"
            .to_owned(),
        commands,
    };
    (share, 0.0, Some(missing))
}

/// The command importing the commune boundaries of `departements` (all when empty).
fn fetch_command(departements: &[&str]) -> String {
    let mut command = "aiguillage territories fetch --level commune".to_owned();
    if !departements.is_empty() {
        command.push_str(" --departement ");
        command.push_str(&departements.join(","));
    }
    command
}

fn commune_ref(code: &str, nom: &str) -> TerritoryRef {
    TerritoryRef {
        code: code.to_owned(),
        nom: nom.to_owned(),
        level: Level::Commune,
    }
}

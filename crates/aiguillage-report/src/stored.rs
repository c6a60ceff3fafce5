//! Problems known from the store and from all the places together, rather than from one
//! place's values: positions that were not in the source, and likely duplicates. Shared by
//! the territory report and `aiguillage quality`.

use std::borrow::Borrow;
use std::collections::{HashMap, HashSet};

use aiguillage_coverage::{PlaceProblem, ProblemKind};
use aiguillage_dedupe::{find_duplicates_ignoring, DuplicatePair, Reason, DEFAULT_MIN_SCORE};
use aiguillage_model::{ApproximatePosition, Place, PositionMethod};

/// The places positioned at their commune's centre (their source gave no position).
pub fn commune_centred(approximate: &[ApproximatePosition]) -> HashSet<&str> {
    approximate
        .iter()
        .filter(|p| p.method == PositionMethod::CommuneCentre)
        .map(|p| p.place_id.as_str())
        .collect()
}

/// The duplicate pairs among `places`, commune centres aside (see
/// [`find_duplicates_ignoring`]), as `aiguillage dedupe` lists them.
pub fn likely_duplicates<P: Borrow<Place>>(
    places: &[P],
    approximate: &[ApproximatePosition],
) -> Vec<DuplicatePair> {
    find_duplicates_ignoring(places, &commune_centred(approximate))
}

/// Each place's approximate position and likely duplicates (score at least
/// [`DEFAULT_MIN_SCORE`]) among `places`, by id, with a French detail for coordinators.
pub fn stored_problems<P: Borrow<Place>>(
    places: &[P],
    approximate: &[ApproximatePosition],
) -> HashMap<String, Vec<PlaceProblem>> {
    let ids: HashSet<&str> = places.iter().map(|p| p.borrow().id.as_str()).collect();
    let mut problems: HashMap<String, Vec<PlaceProblem>> = HashMap::new();
    for position in approximate.iter().filter(|p| ids.contains(p.place_id.as_str())) {
        let detail = match position.method {
            PositionMethod::Geocoder => format!(
                "coordonnées absentes de la source, trouvées par géocodage (« {} ») : à vérifier, puis à ajouter à la source",
                position.detail
            ),
            PositionMethod::CommuneCentre => format!(
                "coordonnées absentes de la source : placé au centre de {} ; renseigner latitude et longitude dans la source",
                position.detail
            ),
        };
        problems
            .entry(position.place_id.clone())
            .or_default()
            .push(PlaceProblem {
                kind: ProblemKind::CoordonneesApproximatives,
                detail,
            });
    }
    let names: HashMap<&str, &str> = places
        .iter()
        .map(|p| (p.borrow().id.as_str(), p.borrow().nom.as_str()))
        .collect();
    for pair in likely_duplicates(places, approximate) {
        if pair.score < DEFAULT_MIN_SCORE {
            continue;
        }
        let why = match pair.reason {
            Reason::SamePivot => "même SIRET".to_owned(),
            Reason::Nearby { distance_m, .. } => format!("à {distance_m:.0} m, nom semblable"),
        };
        for (this, other) in [(&pair.a, &pair.b), (&pair.b, &pair.a)] {
            let detail = format!(
                "doublon probable de « {} » ({other}) : {why}, score {} ; fusionner avec aiguillage dedupe ou corriger la source",
                names.get(other.as_str()).copied().unwrap_or_default(),
                format!("{:.2}", pair.score).replace('.', ",")
            );
            problems.entry(this.clone()).or_default().push(PlaceProblem {
                kind: ProblemKind::DoublonProbable,
                detail,
            });
        }
    }
    problems
}

//! Problems known from the store and from all the places together, rather than from one
//! place's values: positions that were not in the source, and likely duplicates.

use std::borrow::Borrow;
use std::collections::{HashMap, HashSet};

use aiguillage_dedupe::{likely_duplicates, Reason, DEFAULT_MIN_SCORE};
use aiguillage_model::{ApproximatePosition, Place, PositionMethod};

use crate::{PlaceProblem, ProblemKind};

/// Each place's approximate position and likely duplicates (score at least
/// [`DEFAULT_MIN_SCORE`]) among `places`, by id, with a French detail for coordinators.
pub(crate) fn stored_problems<P: Borrow<Place>>(
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

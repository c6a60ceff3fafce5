//! Merging pairs of duplicates: which place is kept, with which values.

use std::collections::{HashMap, HashSet};

use aiguillage_model::{merge_values, Place};

use crate::DuplicatePair;

/// A merge to apply: `kept` (with the values of both places) replaces the stored place of
/// the same id, and the place `merged_id` is removed.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedMerge {
    /// The kept place, with its merged values.
    pub kept: Place,
    /// Id of the place merged into it.
    pub merged_id: String,
    /// The pair that led to the merge.
    pub pair: DuplicatePair,
}

/// Of two duplicates, `(kept, merged)`: the kept one is the most recently updated
/// (`date_maj`), or on the same day the one with the smaller id, so the choice never
/// depends on the order of the arguments.
pub fn kept_and_merged<'p>(x: &'p Place, y: &'p Place) -> (&'p Place, &'p Place) {
    if (y.date_maj, &x.id) > (x.date_maj, &y.id) {
        (y, x)
    } else {
        (x, y)
    }
}

/// The merges to apply for `pairs`, greedily in their order (as [`crate::find_duplicates`]
/// gives them: best score first). A pair whose place was already merged away is skipped;
/// a place that absorbed another takes part in later pairs with its merged values. Pairs
/// naming an id absent from `places` are skipped.
///
/// ```
/// use aiguillage_dedupe::{find_duplicates, plan_merges};
/// # use aiguillage_model::Field;
/// # use aiguillage_testkit::PlaceBuilder;
/// # fn place(id: &str, date: &str) -> aiguillage_model::Place {
/// #     PlaceBuilder::new(id).nom("Mairie").fields(&[(Field::Pivot, "21490007800012"), (Field::Commune, "Angers"),
/// #         (Field::CodePostal, "49000"), (Field::Adresse, "Boulevard de la Résistance"), (Field::DateMaj, date)]).build()
/// # }
/// let places = [place("a", "2025-01-01"), place("b", "2026-01-01"), place("c", "2024-01-01")];
/// let pairs = find_duplicates(&places);
/// assert_eq!(pairs.len(), 3);
/// let merges = plan_merges(&places, &pairs);
/// // b (the most recent) absorbs a, then c; the pair a–c is skipped, a being gone.
/// let done: Vec<(&str, &str)> = merges.iter().map(|m| (m.kept.id.as_str(), m.merged_id.as_str())).collect();
/// assert_eq!(done, [("b", "a"), ("b", "c")]);
/// ```
pub fn plan_merges(places: &[Place], pairs: &[DuplicatePair]) -> Vec<PlannedMerge> {
    let mut current: HashMap<&str, Place> = places.iter().map(|p| (p.id.as_str(), p.clone())).collect();
    let mut gone: HashSet<&str> = HashSet::new();
    let mut merges = Vec::new();
    for pair in pairs {
        if gone.contains(pair.a.as_str()) || gone.contains(pair.b.as_str()) {
            continue;
        }
        let (Some(x), Some(y)) = (current.get(pair.a.as_str()), current.get(pair.b.as_str())) else {
            continue;
        };
        let (kept, merged) = kept_and_merged(x, y);
        let values = merge_values(kept, merged);
        let merged_id = merged.id.clone();
        let (kept_key, merged_key) = if kept.id == pair.a {
            (pair.a.as_str(), pair.b.as_str())
        } else {
            (pair.b.as_str(), pair.a.as_str())
        };
        current.remove(merged_key);
        gone.insert(merged_key);
        current.insert(kept_key, values.clone());
        merges.push(PlannedMerge {
            kept: values,
            merged_id,
            pair: pair.clone(),
        });
    }
    merges
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Reason;
    use aiguillage_model::{Field, Service};
    use aiguillage_testkit::PlaceBuilder;

    fn place(id: &str, date: &str, fields: &[(Field, &str)]) -> Place {
        PlaceBuilder::new(id)
            .nom("Médiathèque X")
            .fields(&[
                (Field::Commune, "Angers"),
                (Field::CodePostal, "49000"),
                (Field::Adresse, "1 rue de la Gare"),
                (Field::DateMaj, date),
            ])
            .fields(fields)
            .build()
    }

    fn pair(a: &str, b: &str, score: f64) -> DuplicatePair {
        DuplicatePair {
            a: a.into(),
            b: b.into(),
            score,
            reason: Reason::SamePivot,
        }
    }

    #[test]
    fn the_most_recent_is_kept_and_the_smaller_id_on_a_tie() {
        let old = place("a", "2025-01-01", &[]);
        let new = place("b", "2026-01-01", &[]);
        assert_eq!(kept_and_merged(&old, &new).0.id, "b");
        assert_eq!(kept_and_merged(&new, &old).0.id, "b");
        let same_day = place("c", "2025-01-01", &[]);
        assert_eq!(kept_and_merged(&old, &same_day).0.id, "a");
        assert_eq!(kept_and_merged(&same_day, &old).0.id, "a");
    }

    #[test]
    fn blank_fields_of_the_kept_place_are_filled_from_the_other() {
        let kept = place(
            "k",
            "2026-01-01",
            &[
                (Field::Nom, "Médiathèque X"),
                (Field::Telephone, "+33241000001"),
                (Field::Services, "Aide aux démarches administratives"),
            ],
        );
        let merged = place(
            "m",
            "2025-01-01",
            &[
                (Field::Pivot, "21490007800012"),
                (Field::Nom, "Mediatheque X"),
                (Field::Telephone, "+33241000002"),
                (Field::Latitude, "47.47"),
                (Field::Longitude, "-0.55"),
                (Field::Courriels, "x@angers.fr"),
                (Field::Horaires, "Mo-Fr 09:00-17:00"),
                (Field::Services, "Accès internet et matériel informatique"),
            ],
        );
        let values = merge_values(&kept, &merged);
        assert_eq!(values.id, "k");
        assert_eq!(values.pivot, "21490007800012");
        assert_eq!(values.nom, "Médiathèque X");
        assert_eq!(values.telephone.as_deref(), Some("+33241000001"));
        assert_eq!(values.coordinates(), Some((47.47, -0.55)));
        assert_eq!(values.courriels, ["x@angers.fr"]);
        assert_eq!(
            values.horaires.as_ref().map(|h| h.raw()),
            Some("Mo-Fr 09:00-17:00")
        );
        assert_eq!(values.services, [Service::AideDemarchesAdministratives]);
        assert_eq!(values.date_maj, kept.date_maj);
    }

    #[test]
    fn coordinates_are_never_mixed() {
        let mut kept = place("k", "2026-01-01", &[]);
        kept.latitude = Some(47.0);
        let merged = place(
            "m",
            "2025-01-01",
            &[(Field::Latitude, "48"), (Field::Longitude, "-1")],
        );
        assert_eq!(merge_values(&kept, &merged).coordinates(), Some((48.0, -1.0)));
    }

    #[test]
    fn greedy_by_score_skipping_places_already_merged() {
        let places = [
            place("a", "2025-01-01", &[(Field::Telephone, "+33241000001")]),
            place("b", "2024-01-01", &[(Field::Courriels, "b@angers.fr")]),
            place("c", "2026-01-01", &[]),
        ];
        // a absorbs b; then c absorbs a with b's values; the pair b–c is skipped.
        let pairs = [pair("a", "b", 0.9), pair("b", "c", 0.8), pair("a", "c", 0.7)];
        let merges = plan_merges(&places, &pairs);
        let done: Vec<(&str, &str)> = merges
            .iter()
            .map(|m| (m.kept.id.as_str(), m.merged_id.as_str()))
            .collect();
        assert_eq!(done, [("a", "b"), ("c", "a")]);
        let last = &merges[1].kept;
        assert_eq!(last.telephone.as_deref(), Some("+33241000001"));
        assert_eq!(last.courriels, ["b@angers.fr"]);
        assert_eq!(merges[1].pair, pairs[2]);
    }

    #[test]
    fn pairs_with_unknown_ids_are_skipped() {
        let places = [place("a", "2025-01-01", &[])];
        assert!(plan_merges(&places, &[pair("a", "z", 1.0)]).is_empty());
    }
}

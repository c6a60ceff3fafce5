//! The data-quality section of a report: the problems of the territory's places
//! ([`aiguillage_quality::place_problems`]), grouped by kind.

use aiguillage_model::Place;
use aiguillage_quality::{place_problems, ProblemKind, QualityChecker};
use aiguillage_territory::Admin;
use chrono::NaiveDate;

use crate::{Inputs, PlaceIssue, Quality};

impl Quality {
    /// Each kind's list, in [`ProblemKind::ALL`] order.
    pub fn lists(&self) -> [(ProblemKind, &[PlaceIssue]); 13] {
        ProblemKind::ALL.map(|kind| (kind, self.list(kind)))
    }

    fn list(&self, kind: ProblemKind) -> &[PlaceIssue] {
        match kind {
            ProblemKind::SansCoordonnees => &self.no_coordinates,
            ProblemKind::CoordonneesHorsFrance => &self.outside_france,
            ProblemKind::HorsCommune => &self.outside_commune,
            ProblemKind::LoinDeLaCommune => &self.far_from_commune,
            ProblemKind::CommuneIntrouvable => &self.unknown_commune,
            ProblemKind::CodePostalInvalide => &self.invalid_code_postal,
            ProblemKind::TelephoneInvalide => &self.invalid_telephone,
            ProblemKind::CourrielInvalide => &self.invalid_courriels,
            ProblemKind::HorairesIllisibles => &self.unparsable_hours,
            ProblemKind::SansServices => &self.missing_services,
            ProblemKind::DateMajAncienne => &self.stale_date_maj,
            ProblemKind::CoordonneesApproximatives => &self.approximate_positions,
            ProblemKind::DoublonProbable => &self.likely_duplicates,
        }
    }

    /// Adds a place's problem to its kind's list.
    pub fn add(&mut self, kind: ProblemKind, issue: PlaceIssue) {
        self.list_mut(kind).push(issue);
    }

    fn list_mut(&mut self, kind: ProblemKind) -> &mut Vec<PlaceIssue> {
        match kind {
            ProblemKind::SansCoordonnees => &mut self.no_coordinates,
            ProblemKind::CoordonneesHorsFrance => &mut self.outside_france,
            ProblemKind::HorsCommune => &mut self.outside_commune,
            ProblemKind::LoinDeLaCommune => &mut self.far_from_commune,
            ProblemKind::CommuneIntrouvable => &mut self.unknown_commune,
            ProblemKind::CodePostalInvalide => &mut self.invalid_code_postal,
            ProblemKind::TelephoneInvalide => &mut self.invalid_telephone,
            ProblemKind::CourrielInvalide => &mut self.invalid_courriels,
            ProblemKind::HorairesIllisibles => &mut self.unparsable_hours,
            ProblemKind::SansServices => &mut self.missing_services,
            ProblemKind::DateMajAncienne => &mut self.stale_date_maj,
            ProblemKind::CoordonneesApproximatives => &mut self.approximate_positions,
            ProblemKind::DoublonProbable => &mut self.likely_duplicates,
        }
    }
}

/// Every problem found in the places attached to the territory (whatever the service
/// filter: the data is what it is); likely duplicates are paired among them.
pub(crate) fn quality(inputs: &Inputs<'_>, today: NaiveDate) -> Quality {
    // Reports are always gathered against the embedded INSEE tables (see `assemble`'s
    // callers), so the checker reads postcodes and names from the same tables.
    let checker = QualityChecker::new(
        Admin::embedded(),
        inputs.communes.iter().filter_map(|c| c.boundary),
        today,
    );
    let attached: Vec<&Place> = inputs
        .places
        .iter()
        .zip(&inputs.attached)
        .filter(|(_, attachment)| attachment.is_some())
        .map(|(place, _)| place)
        .collect();
    let mut quality = Quality::default();
    for (place, problems) in place_problems(&checker, &attached, &attached, inputs.approximate) {
        for problem in problems {
            quality.add(
                problem.kind,
                PlaceIssue {
                    id: place.id.clone(),
                    nom: place.nom.clone(),
                    commune: place.commune.clone(),
                    detail: problem.detail,
                },
            );
        }
    }
    quality
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_list_and_a_code() {
        let mut quality = Quality::default();
        for kind in ProblemKind::ALL {
            quality.list_mut(kind).push(PlaceIssue {
                id: kind.code().into(),
                nom: String::new(),
                commune: String::new(),
                detail: String::new(),
            });
        }
        for (kind, list) in quality.lists() {
            assert_eq!(list.len(), 1);
            assert_eq!(list[0].id, kind.code());
        }
    }
}

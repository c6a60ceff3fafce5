//! Filters on the standard's enumerations, evaluated as bit masks.

use chrono::{DateTime, Utc};

use aiguillage_model::Label;

use crate::{Indexable, Labels};

/// A set of labels of one enumeration, as a bit mask (every enumeration has < 32 labels).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct LabelSet(u32);

impl LabelSet {
    /// The set of `labels`.
    pub fn of<L: Label>(labels: &[L]) -> Self {
        LabelSet(labels.iter().fold(0, |mask, l| mask | bit(*l)))
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether the set holds the label at `position` in `L::ALL`.
    pub(crate) fn contains_position(self, position: usize) -> bool {
        position < 32 && self.0 & (1 << position) != 0
    }

    /// Positions (in `L::ALL`) of the labels in the set.
    fn positions(self) -> impl Iterator<Item = usize> {
        (0..32).filter(move |i| self.0 & (1 << i) != 0)
    }

    pub(crate) fn union(self, other: LabelSet) -> LabelSet {
        LabelSet(self.0 | other.0)
    }

    fn intersects(self, other: LabelSet) -> bool {
        self.0 & other.0 != 0
    }

    fn contains_all(self, other: LabelSet) -> bool {
        self.0 & other.0 == other.0
    }
}

fn bit<L: Label>(label: L) -> u32 {
    let position = L::ALL.iter().position(|l| *l == label).unwrap_or(31);
    1 << position
}

/// How a multi-valued filter matches a place's values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Match {
    /// The place has at least one of the wanted labels.
    #[default]
    Any,
    /// The place has every wanted label.
    All,
}

/// What a place must offer. Empty sets do not filter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// `services`, matched with [`Filter::services_match`].
    pub services: LabelSet,
    /// Any or all of `services`.
    pub services_match: Match,
    /// `publics_specifiquement_adresses`: any of.
    pub publics: LabelSet,
    /// `prise_en_charge_specifique`: any of.
    pub prise_en_charge: LabelSet,
    /// `frais_a_charge`: any of.
    pub frais: LabelSet,
    /// `modalites_acces`: any of.
    pub modalites_acces: LabelSet,
    /// `modalites_accompagnement`: any of.
    pub modalites_accompagnement: LabelSet,
    /// `dispositif_programmes_nationaux`: any of.
    pub dispositif: LabelSet,
    /// `itinerance`: any of.
    pub itinerance: LabelSet,
    /// `typologie` codes: any of (exact, case-sensitive, as the vocabulary is).
    pub typologie: Vec<String>,
    /// Only places known to be open at this instant (places with unknown hours never are).
    pub open_at: Option<DateTime<Utc>>,
}

impl Filter {
    /// Whether the filter lets every place through.
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// A service (its position in `Service::ALL`) that every place passing the filter offers,
    /// and the filter that remains to test on places offering it; `None` when the filter
    /// requires no particular service.
    pub(crate) fn split_service(&self) -> Option<(usize, Filter)> {
        let first = self.services.positions().next()?;
        let rest = LabelSet(self.services.0 & !(1 << first));
        let remaining = match self.services_match {
            // Any of one label: that label is required, and nothing else about services.
            Match::Any if rest.is_empty() => LabelSet::default(),
            Match::Any => return None,
            // All of several: the first is required, the others remain to test.
            Match::All => rest,
        };
        Some((
            first,
            Filter {
                services: remaining,
                ..self.clone()
            },
        ))
    }

    /// Whether [`Filter::admits`] can refuse anything.
    pub(crate) fn tests_labels(&self) -> bool {
        let sets = [
            self.services,
            self.publics,
            self.prise_en_charge,
            self.frais,
            self.modalites_acces,
            self.modalites_accompagnement,
            self.dispositif,
            self.itinerance,
        ];
        self.open_at.is_some() || sets.iter().any(|s| !s.is_empty())
    }

    /// Whether a place with `labels` can pass: exact for one place's labels; for a
    /// [`Labels::union`], `false` means no place of the union can pass (the tree prunes on it).
    pub(crate) fn admits(&self, labels: &Labels) -> bool {
        let any = |wanted: LabelSet, has: LabelSet| wanted.is_empty() || has.intersects(wanted);
        let services = match self.services_match {
            Match::Any => any(self.services, labels.services),
            Match::All => labels.services.contains_all(self.services),
        };
        services
            && any(self.publics, labels.publics)
            && any(self.prise_en_charge, labels.prise_en_charge)
            && any(self.frais, labels.frais)
            && any(self.modalites_acces, labels.modalites_acces)
            && any(self.modalites_accompagnement, labels.modalites_accompagnement)
            && any(self.dispositif, labels.dispositif)
            && any(self.itinerance, labels.itinerance)
            && (self.open_at.is_none() || labels.hours_known)
    }

    /// The tests [`Filter::admits`] leaves out, for a place it admits: `typologie`, and
    /// the opening hours (the expensive test, so keep it last).
    pub(crate) fn admits_details(&self, place: &impl Indexable) -> bool {
        (self.typologie.is_empty() || place.typologie().iter().any(|t| self.typologie.contains(t)))
            && self.open_at.is_none_or(|at| place.is_open_at(at) == Some(true))
    }

    /// Whether the place, with its `labels`, passes the filter.
    pub(crate) fn accepts(&self, labels: &Labels, place: &impl Indexable) -> bool {
        self.admits(labels) && self.admits_details(place)
    }
}

//! Filters on the standard's enumerations, evaluated as bit masks.

use chrono::{DateTime, Utc};

use aiguillage_model::{
    Dispositif, Frais, Itinerance, Label, ModaliteAcces, ModaliteAccompagnement, Place, PriseEnCharge,
    Public, Service,
};

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

    /// Positions (in `L::ALL`) of the labels in the set.
    pub(crate) fn positions(self) -> impl Iterator<Item = usize> {
        (0..32).filter(move |i| self.0 & (1 << i) != 0)
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

/// The labels of one place as masks, computed once when the index is built.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Traits {
    services: LabelSet,
    publics: LabelSet,
    prise_en_charge: LabelSet,
    frais: LabelSet,
    modalites_acces: LabelSet,
    modalites_accompagnement: LabelSet,
    dispositif: LabelSet,
    itinerance: LabelSet,
}

impl Traits {
    pub(crate) fn of(place: &Place) -> Self {
        Traits {
            services: LabelSet::of::<Service>(&place.services),
            publics: LabelSet::of::<Public>(&place.publics_specifiquement_adresses),
            prise_en_charge: LabelSet::of::<PriseEnCharge>(&place.prise_en_charge_specifique),
            frais: LabelSet::of::<Frais>(&place.frais_a_charge),
            modalites_acces: LabelSet::of::<ModaliteAcces>(&place.modalites_acces),
            modalites_accompagnement: LabelSet::of::<ModaliteAccompagnement>(&place.modalites_accompagnement),
            dispositif: LabelSet::of::<Dispositif>(&place.dispositif_programmes_nationaux),
            itinerance: LabelSet::of::<Itinerance>(&place.itinerance),
        }
    }
}

impl Filter {
    /// Whether the filter lets every place through.
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// Services of which a place must have at least one, whatever else it has: every place
    /// passing the filter is in the per-service tree of each of these (see `PlaceIndex`).
    /// `None` when the filter does not restrict services that way.
    pub(crate) fn required_services(&self) -> Option<Vec<usize>> {
        let wanted: Vec<usize> = self.services.positions().collect();
        match (self.services_match, wanted.len()) {
            (_, 0) => None,
            // Any of one label, or all of several: each one alone is required.
            (Match::Any, 1) | (Match::All, _) => Some(wanted),
            (Match::Any, _) => None,
        }
    }

    pub(crate) fn accepts(&self, traits: &Traits, place: &Place) -> bool {
        let any = |wanted: LabelSet, has: LabelSet| wanted.is_empty() || has.intersects(wanted);
        let services = match self.services_match {
            Match::Any => any(self.services, traits.services),
            Match::All => traits.services.contains_all(self.services),
        };
        services
            && any(self.publics, traits.publics)
            && any(self.prise_en_charge, traits.prise_en_charge)
            && any(self.frais, traits.frais)
            && any(self.modalites_acces, traits.modalites_acces)
            && any(self.modalites_accompagnement, traits.modalites_accompagnement)
            && any(self.dispositif, traits.dispositif)
            && any(self.itinerance, traits.itinerance)
            && (self.typologie.is_empty() || place.typologie.iter().any(|t| self.typologie.contains(t)))
            // Last: evaluating opening hours is the expensive test.
            && self
                .open_at
                .is_none_or(|at| place.status_at(at).is_some_and(|s| s.open))
    }
}

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

/// The labels of one place as masks, computed once when the index is built; or the union
/// of the labels of several places (see [`Traits::union`]).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Traits {
    /// Whether the opening hours are known (parsed).
    hours: bool,
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
            hours: place
                .horaires
                .as_ref()
                .is_some_and(|h| h.opening_hours().is_some()),
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

    /// Every label of `self` and of `other`: a place of either has labels within it.
    pub(crate) fn union(&self, other: &Traits) -> Traits {
        let or = |a: LabelSet, b: LabelSet| LabelSet(a.0 | b.0);
        Traits {
            hours: self.hours || other.hours,
            services: or(self.services, other.services),
            publics: or(self.publics, other.publics),
            prise_en_charge: or(self.prise_en_charge, other.prise_en_charge),
            frais: or(self.frais, other.frais),
            modalites_acces: or(self.modalites_acces, other.modalites_acces),
            modalites_accompagnement: or(self.modalites_accompagnement, other.modalites_accompagnement),
            dispositif: or(self.dispositif, other.dispositif),
            itinerance: or(self.itinerance, other.itinerance),
        }
    }
}

impl Filter {
    /// Whether the filter lets every place through.
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// Whether a place with labels `traits` can pass: exact for one place's traits; for a
    /// [`Traits::union`], `false` means no place of the union can pass (the tree prunes on it).
    pub(crate) fn admits(&self, traits: &Traits) -> bool {
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
            && (self.open_at.is_none() || traits.hours)
    }

    /// The tests [`Filter::admits`] leaves out, for a place it admits: `typologie`, and
    /// the opening hours (the expensive test, so keep it last).
    pub(crate) fn admits_details(&self, place: &Place) -> bool {
        (self.typologie.is_empty() || place.typologie.iter().any(|t| self.typologie.contains(t)))
            && self
                .open_at
                .is_none_or(|at| place.status_at(at).is_some_and(|s| s.open))
    }

    /// Whether the place, with its `traits`, passes the filter.
    pub(crate) fn accepts(&self, traits: &Traits, place: &Place) -> bool {
        self.admits(traits) && self.admits_details(place)
    }
}

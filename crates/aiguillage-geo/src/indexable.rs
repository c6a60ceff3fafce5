//! What the index needs to know of a place, so that it can index the full [`Place`] as
//! well as a lighter form of it (the server indexes pre-rendered places).

use aiguillage_model::{
    Dispositif, Frais, Itinerance, ModaliteAcces, ModaliteAccompagnement, Place, PriseEnCharge, Public,
    Service,
};
use chrono::{DateTime, Utc};

use crate::{LabelSet, LatLon};

/// A place the index can hold.
pub trait Indexable {
    /// The `id`: results at equal distances are ordered by it.
    fn id(&self) -> &str;
    /// Where the place is, if known: places without a position are never returned by
    /// spatial queries.
    fn position(&self) -> Option<LatLon>;
    /// The labels filters test.
    fn labels(&self) -> Labels;
    /// The `typologie` codes.
    fn typologie(&self) -> &[String];
    /// Whether the place is open at `at`; `None` when its hours are unknown.
    fn is_open_at(&self, at: DateTime<Utc>) -> Option<bool>;
}

impl Indexable for Place {
    fn id(&self) -> &str {
        &self.id
    }

    fn position(&self) -> Option<LatLon> {
        self.coordinates().map(|(lat, lon)| LatLon::new(lat, lon))
    }

    fn labels(&self) -> Labels {
        Labels::of(self)
    }

    fn typologie(&self) -> &[String] {
        &self.typologie
    }

    fn is_open_at(&self, at: DateTime<Utc>) -> Option<bool> {
        self.status_at(at).map(|s| s.open)
    }
}

/// The labels of a place that filters test, as masks: computed once when the place is
/// indexed. Also the union of the labels of several places.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Labels {
    /// Whether the opening hours are known (parsed), so that `open_at` can be evaluated.
    pub hours_known: bool,
    /// `services`.
    pub services: LabelSet,
    /// `publics_specifiquement_adresses`.
    pub publics: LabelSet,
    /// `prise_en_charge_specifique`.
    pub prise_en_charge: LabelSet,
    /// `frais_a_charge`.
    pub frais: LabelSet,
    /// `modalites_acces`.
    pub modalites_acces: LabelSet,
    /// `modalites_accompagnement`.
    pub modalites_accompagnement: LabelSet,
    /// `dispositif_programmes_nationaux`.
    pub dispositif: LabelSet,
    /// `itinerance`.
    pub itinerance: LabelSet,
}

impl Labels {
    /// The labels of `place`.
    pub fn of(place: &Place) -> Self {
        Labels {
            hours_known: place
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
    pub(crate) fn union(&self, other: &Labels) -> Labels {
        Labels {
            hours_known: self.hours_known || other.hours_known,
            services: self.services.union(other.services),
            publics: self.publics.union(other.publics),
            prise_en_charge: self.prise_en_charge.union(other.prise_en_charge),
            frais: self.frais.union(other.frais),
            modalites_acces: self.modalites_acces.union(other.modalites_acces),
            modalites_accompagnement: self
                .modalites_accompagnement
                .union(other.modalites_accompagnement),
            dispositif: self.dispositif.union(other.dispositif),
            itinerance: self.itinerance.union(other.itinerance),
        }
    }
}

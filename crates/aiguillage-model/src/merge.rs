//! Two records of one place made into one: each field from the more recent, else the other.

use crate::Place;

/// Whether `pivot` is a real SIRET or RNA number: the standard writes an unknown one as
/// `00000000000000`, and a pivot of zeros of any length is no number either.
///
/// ```
/// use aiguillage_model::is_known_pivot;
/// assert!(is_known_pivot("21290019700015"));
/// assert!(!is_known_pivot("00000000000000"));
/// assert!(!is_known_pivot("000000000"));
/// ```
pub fn is_known_pivot(pivot: &str) -> bool {
    !pivot.bytes().all(|b| b == b'0')
}

/// The values of the merged place: each field of `kept` (the more recent), or of `merged`
/// when `kept`'s is blank. The id is `kept`'s; latitude and longitude come together from the
/// same place, and an unknown (all-zero) pivot counts as blank.
///
/// ```
/// use aiguillage_model::merge_values;
/// # use aiguillage_model::{validate, Field, RawRecord, ValidationContext};
/// # fn place(id: &str, telephone: Option<&str>, date: &str) -> aiguillage_model::Place {
/// #     let mut r = RawRecord::default();
/// #     for (f, v) in [(Field::Id, id), (Field::Pivot, "00000000000000"), (Field::Nom, id), (Field::Commune, "Angers"),
/// #         (Field::CodePostal, "49000"), (Field::Adresse, "49 rue Toussaint"), (Field::DateMaj, date)] { r.set(f, v); }
/// #     if let Some(t) = telephone { r.set(Field::Telephone, t); }
/// #     validate(&r, &ValidationContext::today()).place.unwrap()
/// # }
/// let newer = place("ville-7", None, "2026-02-01");
/// let older = place("hub-1", Some("+33241000000"), "2025-06-01");
/// let merged = merge_values(&newer, &older);
/// assert_eq!((merged.id.as_str(), merged.nom.as_str()), ("ville-7", "ville-7"));
/// assert_eq!(merged.telephone.as_deref(), Some("+33241000000"));
/// ```
pub fn merge_values(kept: &Place, merged: &Place) -> Place {
    fn text(k: &Option<String>, m: &Option<String>) -> Option<String> {
        k.clone().or_else(|| m.clone())
    }
    fn list<T: Clone>(k: &[T], m: &[T]) -> Vec<T> {
        if k.is_empty() { m } else { k }.to_vec()
    }
    fn required(k: &str, m: &str) -> String {
        if k.trim().is_empty() { m } else { k }.to_owned()
    }
    let (latitude, longitude) = match kept.coordinates().or(merged.coordinates()) {
        Some((lat, lon)) => (Some(lat), Some(lon)),
        None => (None, None),
    };
    let pivot = if is_known_pivot(&kept.pivot) || !is_known_pivot(&merged.pivot) {
        kept.pivot.clone()
    } else {
        merged.pivot.clone()
    };
    Place {
        id: kept.id.clone(),
        pivot,
        nom: required(&kept.nom, &merged.nom),
        commune: required(&kept.commune, &merged.commune),
        code_postal: required(&kept.code_postal, &merged.code_postal),
        code_insee: text(&kept.code_insee, &merged.code_insee),
        adresse: required(&kept.adresse, &merged.adresse),
        complement_adresse: text(&kept.complement_adresse, &merged.complement_adresse),
        latitude,
        longitude,
        typologie: list(&kept.typologie, &merged.typologie),
        telephone: text(&kept.telephone, &merged.telephone),
        courriels: list(&kept.courriels, &merged.courriels),
        site_web: list(&kept.site_web, &merged.site_web),
        horaires: kept.horaires.clone().or_else(|| merged.horaires.clone()),
        presentation_resume: text(&kept.presentation_resume, &merged.presentation_resume),
        presentation_detail: text(&kept.presentation_detail, &merged.presentation_detail),
        source: text(&kept.source, &merged.source),
        itinerance: list(&kept.itinerance, &merged.itinerance),
        structure_parente: text(&kept.structure_parente, &merged.structure_parente),
        date_maj: kept.date_maj.max(merged.date_maj),
        services: list(&kept.services, &merged.services),
        publics_specifiquement_adresses: list(
            &kept.publics_specifiquement_adresses,
            &merged.publics_specifiquement_adresses,
        ),
        prise_en_charge_specifique: list(
            &kept.prise_en_charge_specifique,
            &merged.prise_en_charge_specifique,
        ),
        frais_a_charge: list(&kept.frais_a_charge, &merged.frais_a_charge),
        dispositif_programmes_nationaux: list(
            &kept.dispositif_programmes_nationaux,
            &merged.dispositif_programmes_nationaux,
        ),
        formations_labels: list(&kept.formations_labels, &merged.formations_labels),
        autres_formations_labels: text(&kept.autres_formations_labels, &merged.autres_formations_labels),
        modalites_acces: list(&kept.modalites_acces, &merged.modalites_acces),
        modalites_accompagnement: list(&kept.modalites_accompagnement, &merged.modalites_accompagnement),
        fiche_acces_libre: text(&kept.fiche_acces_libre, &merged.fiche_acces_libre),
        prise_rdv: text(&kept.prise_rdv, &merged.prise_rdv),
    }
}

//! The fields of the standard in forms: their French labels, hints, and the input each one
//! gets, and how a form sends them back.
//!
//! A field with a fixed vocabulary (`services`, `publics_specifiquement_adresses`…) is a group
//! of checkboxes, sent as one `name=label` pair per ticked box; any other field is one text
//! input, a multi-valued one with its values separated by `|`. Hidden copies of a form
//! ([`hidden`]) are sent the same way, so the server reads both with the same code.

use aiguillage_model::{
    split_multi, Dispositif, Field, FormationLabel, Frais, Itinerance, Label, ModaliteAcces,
    ModaliteAccompagnement, PriseEnCharge, Public, RawRecord, Service,
};
use maud::{html, Markup};

use super::form::{error_of, Choices, Input};
use super::FieldError;

/// The French label of a field of the standard, as the forms, the history of a place and
/// the feed of changes name it.
///
/// ```
/// use aiguillage_model::Field;
/// use aiguillage_web::pages::contrib::field_label;
/// assert_eq!(field_label(Field::CodePostal), "Code postal");
/// ```
pub fn field_label(field: Field) -> &'static str {
    match field {
        Field::Id => "Identifiant",
        Field::Pivot => "SIRET ou RNA de la structure",
        Field::Nom => "Nom du lieu",
        Field::Commune => "Commune",
        Field::CodePostal => "Code postal",
        Field::CodeInsee => "Code INSEE de la commune",
        Field::Adresse => "Adresse",
        Field::ComplementAdresse => "Complément d'adresse",
        Field::Latitude => "Latitude",
        Field::Longitude => "Longitude",
        Field::Typologie => "Typologie",
        Field::Telephone => "Téléphone",
        Field::Courriels => "Courriels",
        Field::SiteWeb => "Sites web",
        Field::Horaires => "Horaires",
        Field::PresentationResume => "Présentation courte",
        Field::PresentationDetail => "Présentation détaillée",
        Field::Source => "Source des informations",
        Field::Itinerance => "Itinérance",
        Field::StructureParente => "Structure parente",
        Field::DateMaj => "Date de mise à jour",
        Field::Services => "Services",
        Field::PublicsSpecifiquementAdresses => "Publics accueillis en particulier",
        Field::PriseEnChargeSpecifique => "Besoins particuliers pris en charge",
        Field::FraisACharge => "Coût",
        Field::DispositifProgrammesNationaux => "Dispositifs et programmes nationaux",
        Field::FormationsLabels => "Formations et labels",
        Field::AutresFormationsLabels => "Autres formations et labels",
        Field::ModalitesAcces => "Modalités d'accès",
        Field::ModalitesAccompagnement => "Modalités d'accompagnement",
        Field::FicheAccesLibre => "Fiche Acceslibre",
        Field::PriseRdv => "Prise de rendez-vous en ligne",
    }
}

/// The labels of a field with a fixed vocabulary, in the schema's order; `None` for a field
/// of free text.
pub(super) fn vocabulary(field: Field) -> Option<Vec<&'static str>> {
    fn labels<L: Label>() -> Option<Vec<&'static str>> {
        Some(L::ALL.iter().map(|l| l.label()).collect())
    }
    match field {
        Field::Services => labels::<Service>(),
        Field::PublicsSpecifiquementAdresses => labels::<Public>(),
        Field::PriseEnChargeSpecifique => labels::<PriseEnCharge>(),
        Field::FraisACharge => labels::<Frais>(),
        Field::DispositifProgrammesNationaux => labels::<Dispositif>(),
        Field::FormationsLabels => labels::<FormationLabel>(),
        Field::ModalitesAcces => labels::<ModaliteAcces>(),
        Field::ModalitesAccompagnement => labels::<ModaliteAccompagnement>(),
        Field::Itinerance => labels::<Itinerance>(),
        _ => None,
    }
}

/// The hint for several values in one text input.
const SEVERAL: &str = "Plusieurs valeurs : les séparer par |.";

/// The example of OSM hours every hint shows.
pub(super) const HOURS_EXAMPLE: &str = "Mo-Fr 09:00-12:00,14:00-17:00";

/// What a form is for: the inputs of `id` and `date_maj` differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Purpose {
    /// Editing a stored place: its id cannot change.
    Edit,
    /// A new place, by an editor or proposed by the public.
    New,
}

/// The hint of a field's input.
fn hint(field: Field, purpose: Purpose) -> Option<String> {
    Some(match field {
        Field::Id if purpose == Purpose::Edit => "L'identifiant d'un lieu ne change pas.".to_owned(),
        Field::Id => "Laissez vide : un identifiant sera attribué à l'enregistrement.".to_owned(),
        Field::Pivot => "14 chiffres du SIRET ou numéro RNA ; 00000000000000 s'il n'est pas connu.".to_owned(),
        Field::CodePostal => "5 chiffres.".to_owned(),
        Field::CodeInsee => "5 caractères (2A ou 2B en Corse).".to_owned(),
        Field::Latitude => "En degrés décimaux, par exemple 48.3904.".to_owned(),
        Field::Longitude => "En degrés décimaux, par exemple -4.4861.".to_owned(),
        Field::Typologie => format!("Codes, par exemple BIB pour une médiathèque. {SEVERAL}"),
        Field::Telephone => "Au format international, par exemple +33298001122.".to_owned(),
        Field::Courriels => SEVERAL.to_owned(),
        Field::SiteWeb => format!("Adresses commençant par https://. {SEVERAL}"),
        Field::Horaires => format!(
            "Syntaxe des horaires d'OpenStreetMap (jours en anglais abrégés), par exemple « {HOURS_EXAMPLE} » ; \
             ajoutez « ; PH off » si le lieu ferme les jours fériés."
        ),
        Field::PresentationResume => "Quelques phrases, 280 caractères au plus.".to_owned(),
        Field::AutresFormationsLabels => SEVERAL.to_owned(),
        Field::FicheAccesLibre => "Adresse de la fiche du lieu sur Acceslibre.".to_owned(),
        Field::PriseRdv => "Adresse de la page où prendre rendez-vous.".to_owned(),
        Field::DateMaj => "Mise à jour à chaque enregistrement.".to_owned(),
        _ => return None,
    })
}

/// The id of a field's input, or of its group of checkboxes.
pub(super) fn input_id(field: Field) -> String {
    format!("champ-{}", field.name())
}

/// Where the error summary links for a field: its input, or the first box of its group.
pub(super) fn link_id(field: Field) -> String {
    match vocabulary(field) {
        Some(_) => format!("{}-0", input_id(field)),
        None => input_id(field),
    }
}

/// For the error summary: the id and label of the input named `name`, when it is one of
/// `fields`.
pub(super) fn summary_entry(fields: &[Field], name: &str) -> Option<(String, String)> {
    let field = fields.iter().copied().find(|f| f.name() == name)?;
    Some((link_id(field), field_label(field).to_owned()))
}

/// The input of `field`, filled with its value in `values`, and its error in `errors`.
pub(super) fn input(field: Field, values: &RawRecord, errors: &[FieldError], purpose: Purpose) -> Markup {
    let id = input_id(field);
    let value = values.get(field).unwrap_or_default();
    let error = error_of(errors, field.name());
    let hint = hint(field, purpose);
    if let Some(options) = vocabulary(field) {
        let chosen = split_multi(value);
        return Choices {
            id: &id,
            name: field.name(),
            legend: field_label(field),
            options: &options,
            chosen: &chosen,
            hint: hint.as_deref(),
            error,
        }
        .render();
    }
    let input = Input::new(&id, field.name(), field_label(field), value)
        .hint(hint.as_deref())
        .error(error)
        // An id is given on a new place only when the editor wants one; the date is the
        // server's to set.
        .required(field.is_required() && !matches!(field, Field::Id | Field::DateMaj))
        .readonly(matches!(
            (field, purpose),
            (Field::Id, Purpose::Edit) | (Field::DateMaj, _)
        ));
    let input = match field {
        Field::PresentationResume => input.rows(3),
        Field::PresentationDetail => input.rows(8),
        Field::CodePostal | Field::CodeInsee => input.inputmode("numeric"),
        Field::Latitude | Field::Longitude => input.inputmode("decimal"),
        Field::Telephone => input.kind("tel"),
        Field::Courriels => input.inputmode("email"),
        Field::SiteWeb => input.inputmode("url"),
        Field::FicheAccesLibre | Field::PriseRdv => input.kind("url"),
        Field::DateMaj => input.kind("date"),
        _ => input,
    };
    input.render()
}

/// `submitted` with each group of checkboxes that ticks the labels `current` holds written
/// as `current` writes them. A group sends its boxes in the vocabulary's order, whatever the
/// order the place was stored in: without this, a form sent back unchanged would change that
/// order, a change the history, the conflict page and the suggestions would all list.
///
/// ```
/// use aiguillage_model::{Field, RawRecord};
/// use aiguillage_web::pages::contrib::keep_stored_order;
/// let mut stored = RawRecord::default();
/// stored.set(Field::FraisACharge, "Payant|Gratuit");
/// let mut sent = RawRecord::default();
/// sent.set(Field::FraisACharge, "Gratuit|Payant");
/// keep_stored_order(&mut sent, &stored);
/// assert_eq!(sent.get(Field::FraisACharge), Some("Payant|Gratuit"));
/// ```
pub fn keep_stored_order(submitted: &mut RawRecord, current: &RawRecord) {
    for field in Field::ALL.into_iter().filter(|f| vocabulary(*f).is_some()) {
        let (Some(sent), Some(stored)) = (submitted.get(field), current.get(field)) else {
            continue;
        };
        let (mut sent_labels, mut stored_labels) = (split_multi(sent), split_multi(stored));
        sent_labels.sort_unstable();
        stored_labels.sort_unstable();
        if sent_labels == stored_labels && sent != stored {
            submitted.set(field, stored);
        }
    }
}

/// `field`'s value in `values` as hidden inputs, sent as its visible input would send it.
pub(super) fn hidden(field: Field, values: &RawRecord) -> Markup {
    let value = values.get(field).unwrap_or_default();
    html! {
        @if vocabulary(field).is_some() {
            @for label in split_multi(value) {
                input type="hidden" name=(field.name()) value=(label);
            }
        } @else {
            input type="hidden" name=(field.name()) value=(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_field_has_its_own_label() {
        let labels: HashSet<&str> = Field::ALL.into_iter().map(field_label).collect();
        assert_eq!(labels.len(), Field::ALL.len());
    }

    #[test]
    fn vocabularies_are_checkboxes_of_their_labels() {
        let mut values = RawRecord::default();
        values.set(
            Field::Services,
            "Aide aux démarches administratives|Loisirs et créations numériques",
        );
        let html = input(Field::Services, &values, &[], Purpose::Edit).into_string();
        assert_eq!(html.matches(r#"type="checkbox""#).count(), Service::ALL.len());
        assert_eq!(html.matches(" checked").count(), 2, "{html}");
        assert!(html.contains(r#"<legend>Services</legend>"#), "{html}");
        let hidden = hidden(Field::Services, &values).into_string();
        assert_eq!(hidden.matches(r#"name="services""#).count(), 2, "{hidden}");
        // Every multi-valued field is a vocabulary or says how to separate its values.
        for field in Field::ALL.into_iter().filter(|f| f.is_multi_valued()) {
            let html = input(field, &RawRecord::default(), &[], Purpose::New).into_string();
            assert!(
                html.contains("checkbox") || html.contains("les séparer par |"),
                "{field}: {html}"
            );
        }
    }

    #[test]
    fn the_same_boxes_keep_the_stored_order() {
        let mut stored = RawRecord::default();
        stored.set(
            Field::Services,
            "Loisirs et créations numériques|Aide aux démarches administratives",
        );
        stored.set(Field::Courriels, "b@exemple.fr|a@exemple.fr");
        stored.set(Field::FraisACharge, "Payant");
        let mut sent = RawRecord::default();
        sent.set(
            Field::Services,
            "Aide aux démarches administratives|Loisirs et créations numériques",
        );
        // Typed text keeps its order; other boxes ticked are a change.
        sent.set(Field::Courriels, "a@exemple.fr|b@exemple.fr");
        sent.set(Field::FraisACharge, "Gratuit|Payant");
        keep_stored_order(&mut sent, &stored);
        assert_eq!(sent.get(Field::Services), stored.get(Field::Services));
        assert_eq!(sent.get(Field::Courriels), Some("a@exemple.fr|b@exemple.fr"));
        assert_eq!(sent.get(Field::FraisACharge), Some("Gratuit|Payant"));
    }

    #[test]
    fn the_id_is_read_only_when_editing() {
        let mut values = RawRecord::default();
        values.set(Field::Id, "lieu-1");
        let edit = input(Field::Id, &values, &[], Purpose::Edit).into_string();
        assert!(edit.contains(r#"value="lieu-1" readonly"#), "{edit}");
        let new = input(Field::Id, &values, &[], Purpose::New).into_string();
        assert!(!new.contains("readonly"), "{new}");
    }
}

//! `/lieux/{id}/modifier` and `/lieux/nouveau`: the form of every field of the standard, for
//! editors; on a stored place, also its temporary closures and exceptional hours, and closing
//! it for good.
//!
//! The form carries the version of the place it was loaded from (`version`): the server
//! refuses to save over a newer one and shows the [conflict page](super::conflict) instead.

use aiguillage_model::{Field, RawRecord};
use chrono::NaiveDate;
use maud::{html, Markup};

use super::super::Layout;
use super::fields::{self, summary_entry, Purpose};
use super::form::{csrf, error_of, problems, summary, title, Input, Problem};
use super::notices::{Closure, Exception};
use super::{FieldError, PlaceLink};
use crate::paths;

/// The fields of the form, by section, in the order an editor thinks of them: every field
/// of the standard once.
pub(super) const SECTIONS: [(&str, &[Field]); 7] = [
    (
        "Le lieu",
        &[
            Field::Id,
            Field::Nom,
            Field::Typologie,
            Field::Pivot,
            Field::StructureParente,
        ],
    ),
    (
        "Adresse et position",
        &[
            Field::Adresse,
            Field::ComplementAdresse,
            Field::CodePostal,
            Field::Commune,
            Field::CodeInsee,
            Field::Latitude,
            Field::Longitude,
            Field::Itinerance,
        ],
    ),
    (
        "Contact",
        &[
            Field::Telephone,
            Field::Courriels,
            Field::SiteWeb,
            Field::PriseRdv,
            Field::FicheAccesLibre,
        ],
    ),
    (
        "Horaires et accueil",
        &[
            Field::Horaires,
            Field::ModalitesAcces,
            Field::ModalitesAccompagnement,
            Field::FraisACharge,
        ],
    ),
    (
        "Offre",
        &[
            Field::Services,
            Field::PublicsSpecifiquementAdresses,
            Field::PriseEnChargeSpecifique,
            Field::DispositifProgrammesNationaux,
            Field::FormationsLabels,
            Field::AutresFormationsLabels,
        ],
    ),
    (
        "Présentation",
        &[Field::PresentationResume, Field::PresentationDetail],
    ),
    ("Provenance", &[Field::Source, Field::DateMaj]),
];

/// The form closing a place for good, as submitted (empty at first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CloseForm {
    /// `date`: the day it closes, as typed (`AAAA-MM-JJ`).
    pub date: String,
    /// `motif`: why.
    pub motif: String,
    /// Its errors, by input name (`date`, `motif`).
    pub errors: Vec<FieldError>,
}

/// The form adding a temporary closure or exceptional hours, as submitted (empty at first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExceptionForm {
    /// `du`: the first day, as typed (`AAAA-MM-JJ`).
    pub du: String,
    /// `au`: the last day, as typed.
    pub au: String,
    /// Whether « Horaires exceptionnels » is chosen (`type=horaires`) rather than « Fermé »
    /// (`type=fermeture`, the default).
    pub exceptional_hours: bool,
    /// `horaires`: the hours of these days, for exceptional hours (`09:00-12:00`).
    pub horaires: String,
    /// `motif`: why.
    pub motif: String,
    /// Its errors, by input name (`du`, `au`, `type`, `horaires`, `motif`).
    pub errors: Vec<FieldError>,
}

/// What the form of a stored place adds to that of a new one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPlace {
    /// The place.
    pub link: PlaceLink,
    /// The version the form was loaded from (its revision or `ETag`), sent back in the
    /// hidden input `version`.
    pub version: String,
    /// Its closing for good, if it is closed: then there is no form to close it.
    pub closed: Option<Closure>,
    /// Its temporary closures and exceptional hours, each with a form deleting it.
    pub exceptions: Vec<Exception>,
    /// The form closing it.
    pub closing: CloseForm,
    /// The form adding an exception.
    pub exception: ExceptionForm,
}

/// Everything the edit form shows.
#[derive(Debug, Clone)]
pub struct EditView<'a> {
    /// The CSRF token of the forms.
    pub csrf: String,
    /// The values of the fields: the stored place's, or those submitted with errors.
    pub values: &'a RawRecord,
    /// The errors of the submitted values, by field name (`nom`, `services`…).
    pub errors: Vec<FieldError>,
    /// The stored place being edited; `None` for a new place.
    pub place: Option<StoredPlace>,
    /// Today, to word the exceptions.
    pub today: NaiveDate,
}

/// The edit form: `POST`ed to [`paths::edit_place`] (or [`paths::NEW_PLACE`]) with `csrf`,
/// `version` (for a stored place) and the fields of the standard under their names, a
/// checkbox group sending one pair per ticked label.
pub fn render(view: &EditView<'_>) -> String {
    let (heading, action, purpose) = match &view.place {
        Some(place) => (
            format!("Modifier : {}", place.link.nom),
            paths::edit_place(&place.link.id),
            Purpose::Edit,
        ),
        None => (
            "Nouveau lieu".to_owned(),
            paths::NEW_PLACE.to_owned(),
            Purpose::New,
        ),
    };
    let mut all: Vec<Problem<'_>> = problems(&view.errors, |name| summary_entry(&Field::ALL, name));
    if let Some(place) = &view.place {
        all.extend(problems(&place.closing.errors, |name| {
            other_input("fermeture", CLOSE_INPUTS, name)
        }));
        all.extend(problems(&place.exception.errors, |name| {
            other_input("exception", EXCEPTION_INPUTS, name)
        }));
    }
    let main = html! {
        @if let Some(place) = &view.place {
            p.fil { a href=(paths::place_page(&place.link.id)) { "← Page du lieu" } }
        } @else {
            p.fil { a href=(paths::DASHBOARD) { "← Mon espace" } }
        }
        h1 { (heading) }
        (summary(&all))
        form.edition method="post" action=(action) novalidate {
            (csrf(&view.csrf))
            @if let Some(place) = &view.place {
                input type="hidden" name="version" value=(place.version);
            }
            @for (title, section) in SECTIONS {
                section.groupe-champs {
                    h2 { (title) }
                    @for field in section.iter() {
                        (fields::input(*field, view.values, &view.errors, purpose))
                    }
                }
            }
            p.envoi { button type="submit" { "Enregistrer" } }
        }
        @if let Some(place) = &view.place {
            (exceptions(place, &view.csrf, view.today))
            (closing(place, &view.csrf))
        }
    };
    Layout {
        title: &title(&heading, !all.is_empty()),
        styles: &["contrib.css"],
        scripts: &[],
        body_class: "contrib edition-lieu",
    }
    .render(main)
    .into_string()
}

/// The inputs of the closing form: name → label.
const CLOSE_INPUTS: &[(&str, &str)] = &[("date", "Date de fermeture"), ("motif", "Motif de la fermeture")];

/// The inputs of the exception form: name → label.
const EXCEPTION_INPUTS: &[(&str, &str)] = &[
    ("du", "Du"),
    ("au", "Au"),
    ("type", "Ce lieu est"),
    ("horaires", "Horaires exceptionnels"),
    ("motif", "Motif"),
];

/// For the summary: the id and label of the input `name` of a form whose ids start with
/// `prefix` (the radio group `type` links to its first button).
fn other_input(prefix: &str, inputs: &[(&str, &str)], name: &str) -> Option<(String, String)> {
    let (name, label) = inputs.iter().find(|(n, _)| *n == name)?;
    let id = match *name {
        "type" => format!("{prefix}-type-0"),
        _ => format!("{prefix}-{name}"),
    };
    Some((id, (*label).to_owned()))
}

/// The label of the input `name` in `inputs`.
fn label_of(inputs: &[(&'static str, &'static str)], name: &str) -> &'static str {
    inputs
        .iter()
        .find(|(n, _)| *n == name)
        .map_or("", |(_, label)| label)
}

/// The exceptions of a place, each deletable, and the form adding one.
fn exceptions(place: &StoredPlace, token: &str, today: NaiveDate) -> Markup {
    let id = &place.link.id;
    let form = &place.exception;
    let error = |name| error_of(&form.errors, name);
    let label = |name| label_of(EXCEPTION_INPUTS, name);
    let type_error = error("type");
    html! {
        section.exceptions aria-labelledby="exceptions-titre" {
            h2 #exceptions-titre { "Fermetures temporaires et horaires exceptionnels" }
            @if place.exceptions.is_empty() {
                p { "Aucune fermeture temporaire ni horaire exceptionnel." }
            } @else {
                table.liste-exceptions {
                    thead {
                        tr {
                            th scope="col" { "Du" } th scope="col" { "Au" } th scope="col" { "Horaires" }
                            th scope="col" { "Motif" } th scope="col" { span.visuellement-cache { "Action" } }
                        }
                    }
                    tbody {
                        @for exception in &place.exceptions {
                            tr {
                                td { (aiguillage_model::french_date(exception.du)) }
                                td { (aiguillage_model::french_date(exception.au)) }
                                td { @match &exception.horaires { Some(hours) => (hours), None => "Fermé" } }
                                td { (exception.motif.as_deref().unwrap_or_default()) }
                                td {
                                    form method="post" action=(paths::delete_exception(id, exception.id)) {
                                        (csrf(token))
                                        button.secondaire type="submit" {
                                            "Supprimer"
                                            span.visuellement-cache { " : " (exception.text(today)) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            h3 { "Ajouter une fermeture ou des horaires exceptionnels" }
            form.exception method="post" action=(paths::exceptions(id)) novalidate {
                (csrf(token))
                div.dates {
                    (Input::new("exception-du", "du", label("du"), &form.du).kind("date").required(true).error(error("du")).render())
                    (Input::new("exception-au", "au", label("au"), &form.au).kind("date").required(true)
                        .hint(Some("Le même jour que « Du » pour une seule journée.")).error(error("au")).render())
                }
                fieldset.champ.en-erreur[type_error.is_some()] #exception-type
                    aria-describedby=[type_error.map(|_| "exception-type-erreur")] {
                    legend { (label("type")) }
                    @if let Some(message) = type_error {
                        p.erreur-champ #exception-type-erreur { span.visuellement-cache { "Erreur : " } (message) }
                    }
                    div.case {
                        input #exception-type-0 type="radio" name="type" value="fermeture" checked[!form.exceptional_hours];
                        label for="exception-type-0" { "Fermé" }
                    }
                    div.case {
                        input #exception-type-1 type="radio" name="type" value="horaires" checked[form.exceptional_hours];
                        label for="exception-type-1" { "Horaires exceptionnels" }
                    }
                }
                (Input::new("exception-horaires", "horaires", label("horaires"), &form.horaires)
                    .hint(Some("Seulement pour des horaires exceptionnels, par exemple 09:00-12:00,14:00-17:00."))
                    .error(error("horaires")).render())
                (Input::new("exception-motif", "motif", label("motif"), &form.motif)
                    .hint(Some("Affiché sur la page du lieu, par exemple « congés d'été »."))
                    .error(error("motif")).render())
                p { button type="submit" { "Ajouter" } }
            }
        }
    }
}

/// Closing the place for good, or the notice that it is closed with a form reopening it.
fn closing(place: &StoredPlace, token: &str) -> Markup {
    let form = &place.closing;
    let error = |name| error_of(&form.errors, name);
    let label = |name| label_of(CLOSE_INPUTS, name);
    html! {
        section.fermeture aria-labelledby="fermeture-titre" {
            h2 #fermeture-titre { "Fermer ce lieu" }
            @if let Some(closure) = &place.closed {
                p {
                    "Ce lieu est fermé depuis le " (aiguillage_model::french_date(closure.date))
                    @if let Some(motif) = &closure.motif { " : " (motif) }
                    "."
                }
                form method="post" action=(paths::reopen_place(&place.link.id)) {
                    (csrf(token))
                    p { button type="submit" { "Rouvrir ce lieu" } }
                }
            } @else {
                p {
                    "Un lieu fermé n'est pas effacé : sa page dit qu'il a fermé, et depuis quand. "
                    "Pour une fermeture de quelques jours, ajoutez plutôt une fermeture temporaire."
                }
                form method="post" action=(paths::close_place(&place.link.id)) novalidate {
                    (csrf(token))
                    (Input::new("fermeture-date", "date", label("date"), &form.date).kind("date").required(true).error(error("date")).render())
                    (Input::new("fermeture-motif", "motif", label("motif"), &form.motif)
                        .hint(Some("Affiché sur la page du lieu.")).error(error("motif")).render())
                    p { button.danger type="submit" { "Fermer ce lieu" } }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::pages::contrib::test_support::{error_is_linked, every_post_form_has_csrf};

    const XSS: &str = "<script>alert(1)</script>";

    fn date(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    fn values() -> RawRecord {
        let mut values = RawRecord::default();
        values.set(Field::Id, "lieu-1");
        values.set(Field::Nom, XSS);
        values.set(Field::Horaires, "Mo-Fr 09:00-12:00");
        values.set(Field::FraisACharge, "Gratuit");
        values
    }

    fn stored() -> StoredPlace {
        StoredPlace {
            link: PlaceLink {
                id: "lieu-1".to_owned(),
                nom: XSS.to_owned(),
            },
            version: "\"r42\"".to_owned(),
            closed: None,
            exceptions: vec![Exception {
                id: 3,
                du: date(12, 24),
                au: date(12, 31),
                horaires: None,
                motif: Some(XSS.to_owned()),
            }],
            closing: CloseForm::default(),
            exception: ExceptionForm::default(),
        }
    }

    fn field(name: &str, message: &str) -> FieldError {
        FieldError {
            field: name.to_owned(),
            message: message.to_owned(),
        }
    }

    #[test]
    fn sections_hold_every_field_once() {
        let listed: Vec<Field> = SECTIONS
            .iter()
            .flat_map(|(_, fields)| fields.iter().copied())
            .collect();
        assert_eq!(listed.len(), Field::ALL.len());
        assert_eq!(listed.iter().collect::<HashSet<_>>().len(), Field::ALL.len());
    }

    #[test]
    fn every_field_has_an_input() {
        let values = values();
        let page = render(&EditView {
            csrf: "jeton-123".to_owned(),
            values: &values,
            errors: Vec::new(),
            place: Some(stored()),
            today: date(12, 1),
        });
        for field in Field::ALL {
            let id = format!("champ-{}", field.name());
            assert!(page.contains(&format!(r#" id="{id}""#)), "{field}");
            assert!(page.contains(&format!(r#"name="{}""#, field.name())), "{field}");
            // A text input is labelled; a group of boxes has a legend and labelled boxes.
            assert!(
                page.contains(&format!(r#"<label for="{id}">"#))
                    || page.contains(&format!(r#"<label for="{id}-0">"#)),
                "{field}"
            );
        }
        assert!(
            page.contains(r#"id="champ-id" type="text" name="id" value="lieu-1" readonly"#),
            "{page}"
        );
        assert!(page.contains(r#"<input type="hidden" name="version" value="&quot;r42&quot;">"#));
        assert!(page.contains(r#"action="/lieux/lieu-1/modifier""#));
        assert!(
            page.contains("Mo-Fr 09:00-12:00,14:00-17:00"),
            "the hours' example"
        );
        assert!(page.contains(r#"value="Gratuit" checked"#), "{page}");
        // Save, delete the exception, add one, close.
        assert_eq!(every_post_form_has_csrf(&page, "jeton-123"), 4);
        assert!(page.contains(r#"action="/lieux/lieu-1/exceptions/3/supprimer""#));
        assert!(page.contains(r#"action="/lieux/lieu-1/exceptions""#));
        assert!(page.contains(r#"action="/lieux/lieu-1/fermer""#));
        assert!(page.contains(r#"id="exception-type-0" type="radio" name="type" value="fermeture" checked"#));
        assert!(!page.contains("<script>alert"), "{page}");
        assert!(page.contains("<h1>Modifier : &lt;script&gt;alert(1)&lt;/script&gt;</h1>"));
    }

    #[test]
    fn headings_are_in_order() {
        let values = values();
        let page = render(&EditView {
            csrf: "jeton".to_owned(),
            values: &values,
            errors: vec![field("nom", "Indiquez le nom.")],
            place: Some(stored()),
            today: date(12, 1),
        });
        let mut level = 1;
        for (i, _) in page.match_indices("<h") {
            let Some(next) = page[i + 2..].chars().next().and_then(|c| c.to_digit(10)) else {
                continue;
            };
            assert!(next <= level + 1, "h{next} after h{level}");
            level = next;
        }
    }

    #[test]
    fn a_new_place_has_no_version_nor_closing() {
        let values = RawRecord::default();
        let page = render(&EditView {
            csrf: "jeton".to_owned(),
            values: &values,
            errors: Vec::new(),
            place: None,
            today: date(12, 1),
        });
        assert_eq!(every_post_form_has_csrf(&page, "jeton"), 1);
        assert!(
            page.contains(r#"<form class="edition" method="post" action="/lieux/nouveau" novalidate>"#),
            "{page}"
        );
        assert!(!page.contains(r#"name="version""#));
        assert!(!page.contains("Fermer ce lieu"));
        assert!(!page.contains(r#"name="id" value="" readonly"#));
        assert!(page.contains("<title>Nouveau lieu · Aiguillage</title>"));
    }

    #[test]
    fn errors_are_linked_to_their_inputs() {
        let values = values();
        let mut place = stored();
        place.exception = ExceptionForm {
            du: "2026-12-24".to_owned(),
            au: "2026-12-20".to_owned(),
            exceptional_hours: true,
            horaires: XSS.to_owned(),
            motif: String::new(),
            errors: vec![
                field("au", "La fin précède le début."),
                field("type", "Choisissez."),
            ],
        };
        place.closing.errors = vec![field("date", "Indiquez une date.")];
        let page = render(&EditView {
            csrf: "jeton".to_owned(),
            values: &values,
            errors: vec![
                field("nom", "Indiquez le nom du lieu."),
                field("horaires", "Horaires illisibles."),
                field("version", "Le formulaire a expiré."),
            ],
            place: Some(place),
            today: date(12, 1),
        });
        assert!(
            page.contains("<title>Erreur : Modifier : &lt;script&gt;"),
            "{page}"
        );
        assert!(page.contains("Le formulaire contient 6 erreurs"));
        error_is_linked(&page, "champ-nom", "Indiquez le nom du lieu.");
        error_is_linked(&page, "champ-horaires", "Horaires illisibles.");
        error_is_linked(&page, "exception-au", "La fin précède le début.");
        error_is_linked(&page, "fermeture-date", "Indiquez une date.");
        // The hint comes first, then the error.
        assert!(page.contains(r#"aria-describedby="champ-horaires-aide champ-horaires-erreur""#));
        // The radio group is described by its error, and the summary links its first button.
        assert!(
            page.contains(r#"id="exception-type" aria-describedby="exception-type-erreur""#),
            "{page}"
        );
        assert!(page.contains(r##"<a href="#exception-type-0">Ce lieu est : Choisissez.</a>"##));
        // An error of no input is listed without a link.
        assert!(page.contains("<li>Le formulaire a expiré.</li>"), "{page}");
        // What was typed comes back, escaped.
        assert!(page.contains(r#"id="exception-du" type="date" name="du" value="2026-12-24""#));
        assert!(page.contains(r#"value="horaires" checked"#));
        assert!(!page.contains("<script>alert"));
    }

    #[test]
    fn a_closed_place_cannot_be_closed_again() {
        let values = values();
        let mut place = stored();
        place.closed = Some(Closure {
            date: date(3, 3),
            motif: Some("fin du projet".to_owned()),
        });
        let page = render(&EditView {
            csrf: "jeton".to_owned(),
            values: &values,
            errors: Vec::new(),
            place: Some(place),
            today: date(12, 1),
        });
        assert!(page.contains("Ce lieu est fermé depuis le 3 mars 2026 : fin du projet."));
        assert!(!page.contains("/fermer"));
        assert!(page.contains("action=\"/lieux/lieu-1/rouvrir\""));
    }
}

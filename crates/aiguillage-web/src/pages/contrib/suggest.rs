//! `/lieux/{id}/signaler` and `/lieux/proposer`: anyone, without an account, reports an
//! error on a place or proposes a new one. The form holds the fields a visitor knows (name,
//! address, contacts, hours, services, a short presentation) and a comment; the coordination
//! of the territory reads each proposal before it changes anything.
//!
//! A hidden input that people leave empty and robots fill (`site_internet_confirmation`)
//! lets the server drop automated posts without asking anyone to solve a puzzle.

use aiguillage_model::{Field, RawRecord};
use maud::html;

use super::super::Layout;
use super::fields::{self, summary_entry, Purpose};
use super::form::{csrf, error_of, problems, summary, title, Input};
use super::{FieldError, PlaceLink};
use crate::paths;

/// The fields a visitor may change, in the form's order: the server reads these (and only
/// these) from a suggestion.
pub const PUBLIC_FIELDS: [Field; 11] = [
    Field::Nom,
    Field::Adresse,
    Field::ComplementAdresse,
    Field::CodePostal,
    Field::Commune,
    Field::Telephone,
    Field::Courriels,
    Field::SiteWeb,
    Field::Horaires,
    Field::Services,
    Field::PresentationResume,
];

/// The name of the input robots fill and people leave empty.
pub const HONEYPOT: &str = "site_internet_confirmation";

/// The longest comment, in characters.
pub const COMMENT_MAX_CHARS: usize = 2000;

/// Everything the suggestion form shows.
#[derive(Debug, Clone)]
pub struct SuggestView<'a> {
    /// The CSRF token of the form.
    pub csrf: String,
    /// The place the suggestion is about; `None` when proposing a new place.
    pub place: Option<PlaceLink>,
    /// The values of the fields: the place's current ones, or those submitted with errors.
    pub values: &'a RawRecord,
    /// `commentaire`, as submitted.
    pub commentaire: String,
    /// `courriel`: where to answer, as submitted.
    pub courriel: String,
    /// The errors of the submitted form, by input name (`nom`, `commentaire`, `courriel`…).
    pub errors: Vec<FieldError>,
}

/// The inputs of the form besides the fields of the standard: name → (id, label).
const OWN_INPUTS: [(&str, &str, &str); 2] = [
    ("commentaire", "commentaire", "Commentaire"),
    ("courriel", "courriel", "Votre adresse électronique (facultatif)"),
];

/// The suggestion form: `POST`ed to [`paths::report_place`] (or [`paths::PROPOSE_PLACE`])
/// with `csrf`, the fields of [`PUBLIC_FIELDS`] under their names (`services` once per
/// ticked label), `commentaire`, `courriel` and the [`HONEYPOT`].
pub fn render(view: &SuggestView<'_>) -> String {
    let (heading, action) = match &view.place {
        Some(place) => (
            "Signaler une erreur ou proposer une modification",
            paths::report_place(&place.id),
        ),
        None => ("Proposer un lieu", paths::PROPOSE_PLACE.to_owned()),
    };
    let all = problems(&view.errors, |name| {
        summary_entry(&PUBLIC_FIELDS, name).or_else(|| {
            OWN_INPUTS
                .iter()
                .find(|(n, _, _)| *n == name)
                .map(|(_, id, label)| ((*id).to_owned(), (*label).to_owned()))
        })
    });
    let error = |name| error_of(&view.errors, name);
    let main = html! {
        @if let Some(place) = &view.place {
            p.fil { a href=(paths::place_page(&place.id)) { "← " (place.nom) } }
        }
        h1 {
            (heading)
            @if let Some(place) = &view.place { span.sous-titre { " : " (place.nom) } }
        }
        (summary(&all))
        p {
            @if view.place.is_some() {
                "Corrigez ce qui est faux ou manque, ou décrivez-le dans le commentaire. "
            } @else {
                "Décrivez le lieu : au moins son nom, son adresse et sa commune. "
            }
            "La coordination du territoire relira votre proposition avant de la publier. "
            "Aucun compte n'est nécessaire."
        }
        form.suggestion method="post" action=(action) novalidate {
            (csrf(&view.csrf))
            @for field in PUBLIC_FIELDS {
                (fields::input(field, view.values, &view.errors, Purpose::New))
            }
            (Input::new("commentaire", "commentaire", "Commentaire", &view.commentaire)
                .rows(5).maxlength(COMMENT_MAX_CHARS)
                .hint(Some("Ce qui est faux, ou ce que vous savez de ce lieu (2 000 caractères au plus)."))
                .error(error("commentaire")).render())
            (Input::new("courriel", "courriel", "Votre adresse électronique (facultatif)", &view.courriel)
                .kind("email").autocomplete("email")
                .hint(Some("Seulement pour vous répondre : elle n'est jamais publiée."))
                .error(error("courriel")).render())
            // Hidden from sight by contrib.css and out of the tab order; its label tells the
            // people whose screen reader reaches it anyway to leave it empty.
            div.piege {
                label for="site-internet-confirmation" {
                    "Ne remplissez pas ce champ : il sert à repérer les envois automatiques."
                }
                input #site-internet-confirmation type="text" name=(HONEYPOT) value="" tabindex="-1" autocomplete="off";
            }
            p.envoi { button type="submit" { "Envoyer ma proposition" } }
        }
    };
    Layout {
        title: &title(heading, !all.is_empty()),
        styles: &["contrib.css"],
        scripts: &[],
        body_class: "contrib suggestion-page",
    }
    .render(main)
    .into_string()
}

/// The page thanking for a proposal, with a way back to the place (or to the search).
pub fn thanks(place: Option<&PlaceLink>) -> String {
    let main = html! {
        h1 { "Merci !" }
        p { "Votre proposition sera relue par la coordination du territoire." }
        p {
            @match place {
                Some(place) => a href=(paths::place_page(&place.id)) { "Retour à la page de " (place.nom) },
                None => a href="/" { "Retour à la recherche" },
            }
        }
    };
    Layout {
        title: "Merci pour votre proposition",
        styles: &["contrib.css"],
        scripts: &[],
        body_class: "contrib merci",
    }
    .render(main)
    .into_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::contrib::test_support::{error_is_linked, every_post_form_has_csrf, tag_with_id};

    const XSS: &str = "<script>alert(1)</script>";

    fn place() -> PlaceLink {
        PlaceLink {
            id: "lieu 1".to_owned(),
            nom: XSS.to_owned(),
        }
    }

    fn view(values: &RawRecord, errors: Vec<FieldError>) -> SuggestView<'_> {
        SuggestView {
            csrf: "jeton-123".to_owned(),
            place: Some(place()),
            values,
            commentaire: XSS.to_owned(),
            courriel: String::new(),
            errors,
        }
    }

    #[test]
    fn a_form_for_the_public() {
        let mut values = RawRecord::default();
        values.set(Field::Nom, XSS);
        values.set(Field::Services, "Aide aux démarches administratives");
        let page = render(&view(&values, Vec::new()));
        assert_eq!(every_post_form_has_csrf(&page, "jeton-123"), 1);
        assert!(page.contains(r#"action="/lieux/lieu%201/signaler""#), "{page}");
        for field in PUBLIC_FIELDS {
            assert!(page.contains(&format!(r#"name="{}""#, field.name())), "{field}");
        }
        assert!(page.contains(r#"value="Aide aux démarches administratives" checked"#));
        assert!(
            page.contains(r#"name="commentaire" rows="5" maxlength="2000""#),
            "{page}"
        );
        assert!(
            page.contains(r#"type="email" name="courriel" value="" autocomplete="email""#),
            "{page}"
        );
        assert!(!page.contains("<script>alert"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;</textarea>"));
    }

    #[test]
    fn the_honeypot_is_there_and_hidden() {
        let values = RawRecord::default();
        let page = render(&view(&values, Vec::new()));
        let input = tag_with_id(&page, "site-internet-confirmation");
        assert!(input.contains(r#"name="site_internet_confirmation""#), "{input}");
        assert!(input.contains(r#"tabindex="-1""#) && input.contains(r#"autocomplete="off""#));
        assert!(
            page.contains(r#"<div class="piege"><label for="site-internet-confirmation">Ne remplissez pas"#)
        );
        let css = std::str::from_utf8(crate::assets::get("contrib.css").expect("embedded").bytes).unwrap();
        let rule = &css[css.find(".piege {").expect("a rule hides the honeypot")..];
        let rule = &rule[..rule.find('}').unwrap()];
        assert!(
            rule.contains("position: absolute") && rule.contains("overflow: hidden"),
            "{rule}"
        );
    }

    #[test]
    fn errors_are_linked() {
        let values = RawRecord::default();
        let page = render(&view(
            &values,
            vec![
                FieldError {
                    field: "telephone".to_owned(),
                    message: "Numéro illisible.".to_owned(),
                },
                FieldError {
                    field: "courriel".to_owned(),
                    message: "Adresse illisible.".to_owned(),
                },
                FieldError {
                    field: "services".to_owned(),
                    message: "Service inconnu.".to_owned(),
                },
            ],
        ));
        error_is_linked(&page, "champ-telephone", "Numéro illisible.");
        error_is_linked(&page, "courriel", "Adresse illisible.");
        assert!(page.contains(r##"<a href="#champ-services-0">Services : Service inconnu.</a>"##));
        assert!(
            page.contains(r#"id="champ-services" aria-describedby="champ-services-erreur""#),
            "{page}"
        );
        assert!(page.starts_with("<!DOCTYPE html>") && page.contains("<title>Erreur : Signaler"));
    }

    #[test]
    fn proposing_a_place_and_thanks() {
        let values = RawRecord::default();
        let page = render(&SuggestView {
            place: None,
            ..view(&values, Vec::new())
        });
        assert!(page.contains(r#"action="/lieux/proposer""#));
        assert!(page.contains("<h1>Proposer un lieu</h1>"));
        let page = thanks(Some(&place()));
        assert!(page.contains("Merci ! Votre proposition") || page.contains("<h1>Merci !</h1>"));
        assert!(page.contains("Votre proposition sera relue par la coordination du territoire."));
        assert!(page.contains(r#"href="/lieux/lieu%201""#) && !page.contains("<script>alert"));
        assert!(thanks(None).contains(r#"<a href="/">Retour à la recherche</a>"#));
    }
}

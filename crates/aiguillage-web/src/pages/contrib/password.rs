//! `/espace/mot-de-passe`: choosing a new password. A generated password (the one `aiguillage
//! user add` prints) is for one sign-in only: the person is sent here before anything else.

use maud::html;

use super::super::Layout;
use super::form::{csrf, error_of, problems, summary, title, Input};
use super::FieldError;
use crate::paths;

/// The inputs of the form: name → (id, label).
const INPUTS: [(&str, &str, &str); 3] = [
    ("current", "mot-de-passe-actuel", "Mot de passe actuel"),
    ("password", "nouveau-mot-de-passe", "Nouveau mot de passe"),
    (
        "confirmation",
        "confirmation",
        "Nouveau mot de passe, une seconde fois",
    ),
];

/// Everything the page shows.
#[derive(Debug, Clone)]
pub struct PasswordView {
    /// The CSRF token of the form.
    pub csrf: String,
    /// Whether the person must choose a password before going on (their password was
    /// generated).
    pub required: bool,
    /// The errors of the submitted form, by input name (`current`, `password`,
    /// `confirmation`).
    pub errors: Vec<FieldError>,
    /// The shortest password accepted, in characters.
    pub min_chars: usize,
}

/// The page: a form `POST`ed to [`paths::PASSWORD`] with `csrf`, `current`, `password` and
/// `confirmation`.
pub fn render(view: &PasswordView) -> String {
    let label = |name: &str| INPUTS.iter().find(|(n, ..)| *n == name).map_or("", |(_, _, l)| l);
    let hint = format!(
        "Au moins {} caractères. Une phrase de plusieurs mots convient bien.",
        view.min_chars
    );
    let main = html! {
        div.formulaire-etroit {
            h1 { "Choisir un mot de passe" }
            (summary(&problems(&view.errors, |name| {
                INPUTS.iter().find(|(n, ..)| *n == name).map(|(_, id, l)| ((*id).to_owned(), (*l).to_owned()))
            })))
            @if view.required {
                p { "Le mot de passe qui vous a été transmis ne sert qu'une fois : choisissez le vôtre pour continuer." }
            }
            form method="post" action=(paths::PASSWORD) novalidate {
                (csrf(&view.csrf))
                @for (name, id, _) in INPUTS {
                    (Input::new(id, name, label(name), "")
                        .kind("password")
                        .autocomplete(if name == "current" { "current-password" } else { "new-password" })
                        .hint((name == "password").then_some(hint.as_str()))
                        .required(true)
                        .error(error_of(&view.errors, name))
                        .render())
                }
                p { button type="submit" { "Enregistrer le mot de passe" } }
            }
        }
    };
    Layout {
        title: &title("Choisir un mot de passe", !view.errors.is_empty()),
        styles: &["contrib.css"],
        scripts: &[],
        body_class: "contrib mot-de-passe",
    }
    .render(main)
    .into_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::contrib::test_support::{error_is_linked, every_post_form_has_csrf};

    #[test]
    fn a_form_of_three_password_inputs_with_linked_errors() {
        let page = render(&PasswordView {
            csrf: "jeton".to_owned(),
            required: true,
            errors: vec![FieldError {
                field: "confirmation".to_owned(),
                message: "Les deux mots de passe diffèrent.".to_owned(),
            }],
            min_chars: 12,
        });
        assert_eq!(every_post_form_has_csrf(&page, "jeton"), 1);
        assert_eq!(page.matches(r#"type="password""#).count(), 3);
        assert!(page.contains(r#"autocomplete="new-password""#));
        assert!(page.contains("ne sert qu'une fois"));
        assert!(page.contains("Au moins 12 caractères"));
        error_is_linked(&page, "confirmation", "Les deux mots de passe diffèrent.");
    }
}

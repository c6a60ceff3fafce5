//! `/connexion`: signing in with an e-mail address and a password.
//!
//! The form says which credentials were wrong as little as the server does: one message for
//! an unknown address and a wrong password, so that the page does not tell who has an
//! account.

use maud::html;

use super::super::Layout;
use super::form::{csrf, problems, summary, title, Input};
use super::FieldError;
use crate::paths;

/// Why the last attempt failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginError {
    /// The address or the password is wrong (which one is not said).
    Incorrect,
    /// Too many attempts: signing in is refused for a while.
    Throttled,
}

impl LoginError {
    /// The message shown.
    fn message(self) -> &'static str {
        match self {
            LoginError::Incorrect => "Adresse ou mot de passe incorrect.",
            LoginError::Throttled => {
                "Trop de tentatives de connexion : patientez quelques minutes avant de réessayer."
            }
        }
    }
}

/// Everything the login page shows.
#[derive(Debug, Clone)]
pub struct LoginView {
    /// The CSRF token of the form.
    pub csrf: String,
    /// Where to go once signed in (a path of the site, sent back in a hidden `next` input);
    /// the server checks it is a local path before redirecting there.
    pub next: String,
    /// The address typed in the failed attempt, to type it only once.
    pub email: String,
    /// Why the last attempt failed, if it did.
    pub error: Option<LoginError>,
}

/// The login page: a form `POST`ed to [`paths::LOGIN`] with `email`, `password`, `next` and
/// `csrf`.
pub fn render(view: &LoginView) -> String {
    let errors: Vec<FieldError> = view
        .error
        .map(|e| FieldError {
            field: "email".to_owned(),
            message: e.message().to_owned(),
        })
        .into_iter()
        .collect();
    // The error is about both inputs; it is said once, at the top and by the address.
    let error = view.error.map(LoginError::message);
    let main = html! {
        div.formulaire-etroit {
            h1 { "Connexion" }
            (summary(&problems(&errors, |name| {
                (name == "email").then(|| ("courriel".to_owned(), "Adresse électronique".to_owned()))
            })))
            p { "Espace des structures et des coordinations qui mettent à jour les lieux." }
            form method="post" action=(paths::LOGIN) novalidate {
                (csrf(&view.csrf))
                input type="hidden" name="next" value=(view.next);
                (Input::new("courriel", "email", "Adresse électronique", &view.email)
                    .kind("email").autocomplete("username").required(true).error(error).render())
                (Input::new("mot-de-passe", "password", "Mot de passe", "")
                    .kind("password").autocomplete("current-password").required(true).render())
                p { button type="submit" { "Se connecter" } }
            }
            p.note {
                "Pas de compte ? Pour signaler une erreur sur un lieu, utilisez le lien "
                "« Signaler une erreur » de sa page : aucun compte n'est nécessaire."
            }
        }
    };
    Layout {
        title: &title("Connexion", view.error.is_some()),
        styles: &["contrib.css"],
        scripts: &[],
        body_class: "contrib connexion",
    }
    .render(main)
    .into_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::contrib::test_support::{error_is_linked, every_post_form_has_csrf};

    fn view(error: Option<LoginError>) -> LoginView {
        LoginView {
            csrf: "jeton-123".to_owned(),
            next: "/lieux/a?b=<script>alert(1)</script>".to_owned(),
            email: "<script>alert(1)</script>@exemple.fr".to_owned(),
            error,
        }
    }

    #[test]
    fn a_login_form() {
        let page = render(&view(None));
        assert_eq!(every_post_form_has_csrf(&page, "jeton-123"), 1);
        assert!(
            page.contains(r#"<form method="post" action="/connexion" novalidate>"#),
            "{page}"
        );
        assert!(page.contains(r#"name="email""#) && page.contains(r#"autocomplete="username""#));
        assert!(page.contains(r#"type="password" name="password""#), "{page}");
        assert!(page.contains(r#"autocomplete="current-password""#));
        assert!(page.contains(r#"<label for="courriel">"#) && page.contains(r#"<label for="mot-de-passe">"#));
        assert!(page.contains(r#"<title>Connexion · Aiguillage</title>"#));
        assert!(!page.contains("resume-erreurs"));
    }

    #[test]
    fn user_text_is_escaped() {
        let page = render(&view(None));
        assert!(!page.contains("<script>alert"), "{page}");
        assert!(
            page.contains(r#"name="next" value="/lieux/a?b=&lt;script&gt;alert(1)&lt;/script&gt;""#),
            "{page}"
        );
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;@exemple.fr"));
    }

    #[test]
    fn errors_are_said_and_linked() {
        let page = render(&view(Some(LoginError::Incorrect)));
        error_is_linked(&page, "courriel", "Adresse ou mot de passe incorrect.");
        assert!(page.contains("<title>Erreur : Connexion · Aiguillage</title>"));
        let page = render(&view(Some(LoginError::Throttled)));
        error_is_linked(&page, "courriel", "Trop de tentatives");
        // The password is never sent back.
        assert!(page.contains(r#"name="password" value="""#), "{page}");
    }
}

//! Contributive editing: the pages of signed-in users (login, dashboard, a place's edit form
//! and its conflicts), the public's suggestion forms, and what editing adds to the place page
//! and the fiche (history, closing, temporary closures and exceptional hours).
//!
//! Every form works without JavaScript and is `POST`ed with a hidden `csrf` input whose value
//! the view model gives (the server checks it against the session). A form with errors comes
//! back as the same page, filled with the values submitted: each error is said next to its
//! input (linked with `aria-describedby`) and summed up at the top of the page, with a link to
//! the input, so that a screen reader hears the problems first and a keyboard reaches them in
//! one step. The server validates; the forms carry `novalidate` so that the browser's own
//! bubbles, which screen readers announce poorly, never replace these messages.
//!
//! The pages take plain view models filled by the server: they know nothing of the store or
//! of sessions.

pub mod conflict;
pub mod dashboard;
pub mod edit;
mod fields;
mod form;
pub mod history;
pub mod login;
pub mod notices;
pub mod password;
pub mod suggest;

use aiguillage_model::Field;
use maud::{html, Markup};

pub use fields::{field_label, keep_stored_order};

/// A problem with one input of a submitted form, as the server's validation words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The `name` of the input: a field of the standard (`nom`, `services`…) or one of the
    /// form's own (`email`, `du`, `motif`…). An error whose name no input of the page has is
    /// listed in the summary without a link.
    pub field: String,
    /// The message, in French: « Indiquez le nom du lieu. ».
    pub message: String,
}

/// A place named in a page: its id (for links) and its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceLink {
    /// The place's id.
    pub id: String,
    /// The place's name.
    pub nom: String,
}

/// One field changed by an edit, a suggestion or an import, with its text before and after
/// (the standard's text: multi-values joined with `|`; empty when blank).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// The field.
    pub field: Field,
    /// Its value before the change.
    pub before: String,
    /// Its value after the change.
    pub after: String,
}

/// A value in a table of changes; « (vide) » for a blank one.
fn shown(value: &str) -> Markup {
    html! {
        @if value.is_empty() { span.vide { "(vide)" } } @else { (value) }
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Checks shared by the tests of the pages.

    /// Every `<form>` of `page` sent with `POST` carries `token` as its hidden `csrf`, and
    /// there is at least one such form; returns how many there are.
    pub(crate) fn every_post_form_has_csrf(page: &str, token: &str) -> usize {
        let csrf = format!(r#"<input type="hidden" name="csrf" value="{token}">"#);
        let forms: Vec<&str> = page
            .split("<form")
            .skip(1)
            .map(|form| form.split_once("</form>").map_or(form, |(inside, _)| inside))
            .filter(|form| form.contains(r#"method="post""#))
            .collect();
        assert!(!forms.is_empty(), "no POST form: {page}");
        for form in &forms {
            assert_eq!(form.matches(&csrf).count(), 1, "no csrf in <form{form}");
        }
        assert_eq!(page.matches("<form").count(), page.matches("</form>").count());
        forms.len()
    }

    /// The element of `page` whose `id` is `id`: its start tag.
    pub(crate) fn tag_with_id<'a>(page: &'a str, id: &str) -> &'a str {
        let at = page
            .find(&format!(r#" id="{id}""#))
            .unwrap_or_else(|| panic!("no element has id {id}: {page}"));
        let start = page[..at].rfind('<').expect("a tag");
        let end = at + page[at..].find('>').expect("the tag's end");
        &page[start..=end]
    }

    /// The input `id` names its error in `aria-describedby`, is marked invalid, the error
    /// says `message`, and the summary at the top links to the input.
    pub(crate) fn error_is_linked(page: &str, id: &str, message: &str) {
        let input = tag_with_id(page, id);
        let described = input
            .split_once(r#"aria-describedby=""#)
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(ids, _)| ids)
            .unwrap_or_else(|| panic!("{id} has no aria-describedby: {input}"));
        let error_id = described
            .split(' ')
            .find(|d| d.ends_with("-erreur"))
            .unwrap_or_else(|| panic!("{id} names no error: {input}"));
        let error = &page[page.find(tag_with_id(page, error_id)).expect("the error")..];
        let text = &error[..error.find("</p>").expect("the error's end")];
        assert!(
            text.contains(message),
            "{error_id} does not say {message}: {text}"
        );
        assert!(input.contains(r#"aria-invalid="true""#), "{input}");
        let summary = &page[..page.find("</main>").expect("main")];
        let summary = &summary[summary.find(r#"class="resume-erreurs""#).expect("a summary")..];
        assert!(
            summary.contains(&format!(r##"href="#{id}""##)),
            "the summary links {id}"
        );
    }
}

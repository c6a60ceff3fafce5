//! The pieces the forms of contributive editing are built of: the hidden CSRF input, the
//! summary of errors at the top of a page, inputs with their label, hint and error, and
//! groups of checkboxes.
//!
//! Ids follow one pattern so that links and `aria-describedby` always find their element:
//! an input `X` has its hint at `X-aide` and its error at `X-erreur`; the checkboxes of a
//! group `X` are `X-0`, `X-1`…, and a link to the group goes to its first box.

use maud::{html, Markup};

use super::FieldError;

/// The hidden input carrying the session's CSRF token, in every `POST` form.
pub(super) fn csrf(token: &str) -> Markup {
    html! { input type="hidden" name="csrf" value=(token); }
}

/// The first error of the input named `name`, if any.
pub(super) fn error_of<'a>(errors: &'a [FieldError], name: &str) -> Option<&'a str> {
    errors
        .iter()
        .find(|e| e.field == name)
        .map(|e| e.message.as_str())
}

/// The title of a page showing a form: « Erreur : » first when the form came back with
/// errors, so that the problem is the first thing a screen reader says of the page.
pub(super) fn title(title: &str, errors: bool) -> String {
    if errors {
        format!("Erreur : {title}")
    } else {
        title.to_owned()
    }
}

/// One line of the summary of errors: the id and label of the input it links to, if the
/// page has it, and the message.
#[derive(Debug, Clone)]
pub(super) struct Problem<'a> {
    link: Option<(String, String)>,
    message: &'a str,
}

/// The lines of the summary for `errors`: `input` gives, for an input name, the id to link
/// to and its label, or `None` when the page has no such input (the error is then listed
/// without a link).
pub(super) fn problems<'a>(
    errors: &'a [FieldError],
    input: impl Fn(&str) -> Option<(String, String)>,
) -> Vec<Problem<'a>> {
    errors
        .iter()
        .map(|e| Problem {
            link: input(&e.field),
            message: &e.message,
        })
        .collect()
}

/// The summary of a form's errors, at the top of the page: each error prefixed with its
/// input's label and linked to it. Nothing when there is no error.
pub(super) fn summary(problems: &[Problem<'_>]) -> Markup {
    let heading = match problems.len() {
        1 => "Le formulaire contient une erreur".to_owned(),
        n => format!("Le formulaire contient {n} erreurs"),
    };
    html! {
        @if !problems.is_empty() {
            div.resume-erreurs role="alert" aria-labelledby="resume-erreurs-titre" tabindex="-1" {
                h2 #resume-erreurs-titre { (heading) }
                ul {
                    @for problem in problems {
                        li {
                            @match &problem.link {
                                Some((id, label)) => a href=(format!("#{id}")) { (label) " : " (problem.message) },
                                None => (problem.message),
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The ids an input is described by: its hint, then its error.
fn described_by(id: &str, hint: bool, error: bool) -> Option<String> {
    let ids: Vec<String> = [(hint, "aide"), (error, "erreur")]
        .into_iter()
        .filter(|(shown, _)| *shown)
        .map(|(_, suffix)| format!("{id}-{suffix}"))
        .collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// The hint and error of an input or group `id`, between its label and itself.
fn hint_and_error(id: &str, hint: Option<&str>, error: Option<&str>) -> Markup {
    html! {
        @if let Some(hint) = hint {
            p.aide id=(format!("{id}-aide")) { (hint) }
        }
        @if let Some(error) = error {
            p.erreur-champ id=(format!("{id}-erreur")) {
                span.visuellement-cache { "Erreur : " }
                (error)
            }
        }
    }
}

/// One labelled input (or textarea), with an optional hint and error.
#[derive(Debug, Clone)]
pub(super) struct Input<'a> {
    id: &'a str,
    name: &'a str,
    label: &'a str,
    value: &'a str,
    kind: &'static str,
    inputmode: Option<&'static str>,
    rows: Option<u8>,
    hint: Option<&'a str>,
    error: Option<&'a str>,
    required: bool,
    readonly: bool,
    autocomplete: Option<&'static str>,
    maxlength: Option<usize>,
}

impl<'a> Input<'a> {
    /// A text input `name` with the id `id`, labelled `label`, holding `value`.
    pub(super) fn new(id: &'a str, name: &'a str, label: &'a str, value: &'a str) -> Self {
        Input {
            id,
            name,
            label,
            value,
            kind: "text",
            inputmode: None,
            rows: None,
            hint: None,
            error: None,
            required: false,
            readonly: false,
            autocomplete: None,
            maxlength: None,
        }
    }

    /// Its `type`: `email`, `password`, `url`, `tel`, `date`…
    pub(super) fn kind(mut self, kind: &'static str) -> Self {
        self.kind = kind;
        self
    }

    /// Its `inputmode`: which keyboard a phone shows.
    pub(super) fn inputmode(mut self, inputmode: &'static str) -> Self {
        self.inputmode = Some(inputmode);
        self
    }

    /// A `textarea` of `rows` lines instead of an input.
    pub(super) fn rows(mut self, rows: u8) -> Self {
        self.rows = Some(rows);
        self
    }

    /// A hint under the label.
    pub(super) fn hint(mut self, hint: Option<&'a str>) -> Self {
        self.hint = hint;
        self
    }

    /// The error of the submitted value, if any.
    pub(super) fn error(mut self, error: Option<&'a str>) -> Self {
        self.error = error;
        self
    }

    /// Marked as required, in the label and for assistive technologies.
    pub(super) fn required(mut self, required: bool) -> Self {
        self.required = required;
        self
    }

    /// Shown but not editable.
    pub(super) fn readonly(mut self, readonly: bool) -> Self {
        self.readonly = readonly;
        self
    }

    /// Its `autocomplete` token.
    pub(super) fn autocomplete(mut self, token: &'static str) -> Self {
        self.autocomplete = Some(token);
        self
    }

    /// Its `maxlength`, in characters.
    pub(super) fn maxlength(mut self, max: usize) -> Self {
        self.maxlength = Some(max);
        self
    }

    /// The label, hint, error and input.
    pub(super) fn render(&self) -> Markup {
        let id = self.id;
        let described = described_by(id, self.hint.is_some(), self.error.is_some());
        let invalid = self.error.is_some().then_some("true");
        html! {
            div class=(if self.error.is_some() { "champ en-erreur" } else { "champ" }) {
                label for=(id) {
                    (self.label)
                    @if self.required { " " span.obligatoire { "(obligatoire)" } }
                }
                (hint_and_error(id, self.hint, self.error))
                @if let Some(rows) = self.rows {
                    textarea id=(id) name=(self.name) rows=(rows) maxlength=[self.maxlength]
                        required[self.required] readonly[self.readonly]
                        aria-describedby=[described] aria-invalid=[invalid] { (self.value) }
                } @else {
                    input id=(id) type=(self.kind) name=(self.name) value=(self.value)
                        inputmode=[self.inputmode] autocomplete=[self.autocomplete] maxlength=[self.maxlength]
                        required[self.required] readonly[self.readonly]
                        aria-describedby=[described] aria-invalid=[invalid];
                }
            }
        }
    }
}

/// A group of checkboxes `name`, one per option, in a `fieldset` with the id `id`.
#[derive(Debug, Clone)]
pub(super) struct Choices<'a> {
    /// The group's id; its boxes are `{id}-0`, `{id}-1`…
    pub(super) id: &'a str,
    /// The name every box is sent under.
    pub(super) name: &'a str,
    /// The group's legend.
    pub(super) legend: &'a str,
    /// The options, each the value and the label of its box.
    pub(super) options: &'a [&'static str],
    /// The options ticked.
    pub(super) chosen: &'a [&'a str],
    /// A hint under the legend.
    pub(super) hint: Option<&'a str>,
    /// The error of what was submitted, if any.
    pub(super) error: Option<&'a str>,
}

impl Choices<'_> {
    /// The fieldset, its legend, hint, error and boxes.
    pub(super) fn render(&self) -> Markup {
        let id = self.id;
        let described = described_by(id, self.hint.is_some(), self.error.is_some());
        html! {
            fieldset.champ.cases.en-erreur[self.error.is_some()] id=(id) aria-describedby=[described] {
                legend { (self.legend) }
                (hint_and_error(id, self.hint, self.error))
                div.choix {
                    @for (i, option) in self.options.iter().enumerate() {
                        @let box_id = format!("{id}-{i}");
                        div.case {
                            input type="checkbox" id=(box_id) name=(self.name) value=(option)
                                checked[self.chosen.contains(option)];
                            label for=(box_id) { (option) }
                        }
                    }
                }
            }
        }
    }
}

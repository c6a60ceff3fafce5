//! Pieces of the messages that answer a bad request, shared by the pages and the API: the
//! value that was sent, quoted but cut when long, and unknown labels worded in French.

use std::borrow::Cow;

use aiguillage_model::UnknownLabel;

/// Most characters of a sent value repeated in a message: enough to recognise it, while a
/// 65 KB value does not make a 65 KB answer.
const ECHOED_CHARS: usize = 100;

/// `value` as a message repeats it: whole when short, else its first 100 characters and « … ».
///
/// ```
/// use aiguillage_web::messages::echo;
/// assert_eq!(echo("abc"), "abc");
/// assert_eq!(echo(&"é".repeat(150)), format!("{}…", "é".repeat(100)));
/// ```
pub fn echo(value: &str) -> Cow<'_, str> {
    match value.char_indices().nth(ECHOED_CHARS) {
        Some((cut, _)) => Cow::Owned(format!("{}…", &value[..cut])),
        None => Cow::Borrowed(value),
    }
}

/// An unknown label in French, with the likely label meant and every accepted one:
/// `valeur inconnue « x » (vouliez-vous dire « X » ?) ; valeurs acceptées : A | B`.
///
/// ```
/// use aiguillage_model::{Label, Public};
/// use aiguillage_web::messages::unknown_label;
/// let error = Public::parse("seniors").unwrap_err();
/// assert!(unknown_label(&error).starts_with(
///     "valeur inconnue « seniors » (vouliez-vous dire « Seniors » ?) ; valeurs acceptées : Jeunes | "
/// ));
/// ```
pub fn unknown_label(error: &UnknownLabel) -> String {
    let hint = error
        .suggestion
        .map(|s| format!(" (vouliez-vous dire « {s} » ?)"))
        .unwrap_or_default();
    format!(
        "valeur inconnue « {} »{hint} ; valeurs acceptées : {}",
        echo(&error.value),
        error.accepted.join(" | ")
    )
}

#[cfg(test)]
mod tests {
    use aiguillage_model::{Label, Service};

    use super::*;

    #[test]
    fn a_value_of_exactly_the_limit_is_whole() {
        let value = "a".repeat(ECHOED_CHARS);
        assert_eq!(echo(&value), value);
        assert_eq!(echo(""), "");
    }

    #[test]
    fn unknown_labels_are_cut_and_list_every_label() {
        let error = Service::parse(&"x".repeat(70_000)).unwrap_err();
        let message = unknown_label(&error);
        assert!(message.len() < 2_000, "{}", message.len());
        assert!(!message.contains("vouliez-vous"), "{message}");
        for service in Service::ALL {
            assert!(message.contains(service.label()), "{message}");
        }
    }
}

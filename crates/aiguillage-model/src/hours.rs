//! `horaires`: opening hours in OpenStreetMap `opening_hours` syntax.

use std::fmt;

use opening_hours::OpeningHours;

/// Opening hours as written by the producer, with their parsed form when the text is valid
/// OSM `opening_hours` syntax.
///
/// The original text is always kept (it is what gets exported), so a value this parser
/// does not understand is never lost: the place simply has unknown hours.
#[derive(Clone)]
pub struct Horaires {
    raw: String,
    parsed: Result<OpeningHours, String>,
}

impl Horaires {
    /// Parses `raw`; never fails (see [`Horaires::error`]).
    ///
    /// ```
    /// use aiguillage_model::Horaires;
    /// assert!(Horaires::parse("Mo-Fr 09:00-12:00,14:00-17:00; PH off").opening_hours().is_some());
    /// let free_text = Horaires::parse("le mardi matin");
    /// assert!(free_text.opening_hours().is_none());
    /// assert_eq!(free_text.raw(), "le mardi matin");
    /// ```
    pub fn parse(raw: &str) -> Horaires {
        let parsed = raw
            .parse::<OpeningHours>()
            .map_err(|e| describe_error(raw, &e.to_string()));
        Horaires {
            raw: raw.to_owned(),
            parsed,
        }
    }

    /// The text as given.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// The parsed expression, or `None` when the text is not valid OSM syntax.
    pub fn opening_hours(&self) -> Option<&OpeningHours> {
        self.parsed.as_ref().ok()
    }

    /// Why the text could not be parsed, if it could not.
    pub fn error(&self) -> Option<&str> {
        self.parsed.as_ref().err().map(String::as_str)
    }
}

/// A one-line reason from the parser's multi-line report, which points at the offending
/// character with ` --> line:column`.
fn describe_error(raw: &str, report: &str) -> String {
    let column = report
        .split_once("--> ")
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .and_then(|pos| pos.split_once(':'))
        .and_then(|(_, col)| col.parse::<usize>().ok());
    match column {
        Some(col) => {
            let near: String = raw.chars().skip(col.saturating_sub(1)).take(20).collect();
            format!("syntax error at character {col}, near « {near} »")
        }
        None => "invalid syntax".to_owned(),
    }
}

impl PartialEq for Horaires {
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw
    }
}

impl fmt::Debug for Horaires {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Horaires")
            .field("raw", &self.raw)
            .field("valid", &self.parsed.is_ok())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_examples_parse() {
        for oh in [
            "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00",
            "Mo-Fr 08:30-12:00,13:30-17:00",
            "Tu,Th 14:00-18:00; We 10:00-12:00,14:00-18:00; Sa 10:00-17:00; PH off",
            "24/7",
        ] {
            let h = Horaires::parse(oh);
            assert!(h.opening_hours().is_some(), "{oh}: {:?}", h.error());
        }
    }

    #[test]
    fn errors_are_one_line() {
        let h = Horaires::parse("du lundi au vendredi de 9h à 12h");
        assert_eq!(
            h.error(),
            Some("syntax error at character 1, near « du lundi au vendredi »")
        );
        let h = Horaires::parse("Mo-Fr 9h-12h");
        assert_eq!(h.error(), Some("syntax error at character 7, near « 9h-12h »"));
    }
}

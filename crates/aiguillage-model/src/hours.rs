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
        let parsed = raw.parse::<OpeningHours>().map_err(|e| {
            // The parser's message spans several lines with an ASCII-art pointer; the
            // first line is the useful part for a one-line report.
            e.to_string()
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .unwrap_or("invalid syntax")
                .to_owned()
        });
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
        let err = h.error().expect("free text is not OSM syntax");
        assert!(!err.contains('\n'));
        assert!(!err.is_empty());
    }
}

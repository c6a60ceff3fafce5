//! Converts opening hours as regional hubs write them (free French text, per-day columns,
//! morning and afternoon columns) into the OSM `opening_hours` syntax of the standard's
//! `horaires` field, or says precisely why a text cannot be converted.
//!
//! Conversion is all or nothing: a text understood in part is an [`Unconverted`], never a
//! partial schedule, because wrong hours send people to a closed door. Texts that are not
//! weekly hours (« sur rendez-vous », « le premier mercredi du mois », « d'octobre à juin »,
//! « sauf le mercredi après-midi ») are refused with a reason saying so.
//!
//! ```
//! use aiguillage_ingest_hours::from_french_text;
//!
//! assert_eq!(
//!     from_french_text("Lundi : 9h-12h / 14h-17h ; Mardi : fermé ; Samedi 9h30-12h").unwrap(),
//!     "Mo 09:00-12:00,14:00-17:00; Sa 09:30-12:00"
//! );
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod columns;
mod lex;
mod schedule;
mod text;
mod time;
mod weekday;

pub use columns::{from_day_columns, from_day_texts, from_half_days, DayColumns};
pub use weekday::Weekday;

/// Why hours could not be converted, shown to coordinators as
/// `horaires: not converted: {reason}`: in English, short, quoting the offending part of
/// the text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct Unconverted {
    /// The reason, e.g. `"rendez-vous": by appointment only, which is not opening hours`.
    pub reason: String,
}

impl Unconverted {
    fn new(reason: String) -> Unconverted {
        Unconverted { reason }
    }
}

/// Converts free-text French hours into OSM `opening_hours`.
///
/// Reads days in any case, with or without accents, singular or plural, abbreviated
/// (« lun. », « mer »), as lists (« les lundi, mardi et jeudi », « lundi/mardi ») and ranges
/// (« du lundi au samedi », « tous les jours », « la semaine » for Monday to Friday); times
/// as `9h`, `9h30`, `09h00`, `9 h 30`, `09:00`, `midi`, in ranges joined by « à », « - »,
/// en or em dashes or « / », listed with « et », « , » or « / »; several rules separated
/// by punctuation or by the next day (« Lundi : 9h-12h Mardi : fermé »).
///
/// Anything not understood completely is an error, and so is anything vague or not weekly
/// (« le matin », appointments, monthly or seasonal dates, exceptions), a range closing
/// before it opens, a time past 24:00 and days given with contradictory hours.
///
/// ```
/// use aiguillage_ingest_hours::from_french_text;
///
/// assert_eq!(
///     from_french_text("du lundi au vendredi de 9h à 12h et de 14h à 17h").unwrap(),
///     "Mo-Fr 09:00-12:00,14:00-17:00"
/// );
/// assert_eq!(
///     from_french_text("Les lundi, mardi et jeudi de 09h00 à 17h00").unwrap(),
///     "Mo,Tu,Th 09:00-17:00"
/// );
/// assert_eq!(from_french_text("mercredi 14h-18h").unwrap(), "We 14:00-18:00");
/// assert!(from_french_text("sur rendez-vous").unwrap_err().reason.contains("appointment"));
/// ```
pub fn from_french_text(text: &str) -> Result<String, Unconverted> {
    text::week(text)
        .and_then(|week| week.to_osm())
        .map_err(Unconverted::new)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Converts and checks that the output is valid OSM syntax.
    fn convert(text: &str) -> Result<String, String> {
        let out = from_french_text(text).map_err(|e| e.reason)?;
        assert!(
            out.parse::<opening_hours::OpeningHours>().is_ok(),
            "{text:?} gave invalid {out:?}"
        );
        Ok(out)
    }

    #[test]
    fn converts_the_documented_examples() {
        for (text, expected) in [
            (
                "du lundi au vendredi de 9h à 12h et de 14h à 17h",
                "Mo-Fr 09:00-12:00,14:00-17:00",
            ),
            (
                "Les lundi, mardi et jeudi de 09h00 à 17h00",
                "Mo,Tu,Th 09:00-17:00",
            ),
            ("mercredi 14h-18h", "We 14:00-18:00"),
            (
                "Lundi : 9h-12h / 14h-17h ; Mardi : fermé ; Samedi 9h30-12h",
                "Mo 09:00-12:00,14:00-17:00; Sa 09:30-12:00",
            ),
            ("lundi de 9h à 12h30", "Mo 09:00-12:30"),
            ("lundi 9h-12h", "Mo 09:00-12:00"),
            ("lundi 09:00-12:00", "Mo 09:00-12:00"),
            ("lundi 9 h 30 - 12 h", "Mo 09:30-12:00"),
            ("lundi de 9h à midi", "Mo 09:00-12:00"),
            ("lundi 12h30 – 13h", "Mo 12:30-13:00"),
            ("lundi 12h30 — 13h", "Mo 12:30-13:00"),
            ("lundi 9h-12h et 14h-17h", "Mo 09:00-12:00,14:00-17:00"),
            ("lundi 9h-12h, 14h-17h", "Mo 09:00-12:00,14:00-17:00"),
            ("lundi 9h-12h / 14h-17h", "Mo 09:00-12:00,14:00-17:00"),
            ("tous les jours de 10h à 18h", "Mo-Su 10:00-18:00"),
            ("du lundi au samedi 9h-19h", "Mo-Sa 09:00-19:00"),
            ("LUNDI, MERCREDI 9h-12h", "Mo,We 09:00-12:00"),
            ("Lundis et mercredis 9h-12h", "Mo,We 09:00-12:00"),
            ("lun., mar, mer, jeu, ven, sam, dim 9h-12h", "Mo-Su 09:00-12:00"),
            (
                "Mercredi de 14h à 16H et le Samedi de 10h à 12H",
                "We 14:00-16:00; Sa 10:00-12:00",
            ),
            (
                "jeudi de 14h à 15h30, et 15h30 à 17h",
                "Th 14:00-15:30,15:30-17:00",
            ),
            ("mercredi de 14 à 18h", "We 14:00-18:00"),
            ("mardi matin 9h-10h30", "Tu 09:00-10:30"),
            (
                "Lundi au vendredi, 9h à 12h30 et 13h30 à 17h30",
                "Mo-Fr 09:00-12:30,13:30-17:30",
            ),
            (
                "La semaine de 8h30 à 12h00 et le samedi de 9h15 à 11h30",
                "Mo-Fr 08:30-12:00; Sa 09:15-11:30",
            ),
            (
                "9h-12h et 14h-17h du lundi au vendredi",
                "Mo-Fr 09:00-12:00,14:00-17:00",
            ),
            ("lundi 14h-18h, lundi 9h-12h", "Mo 09:00-12:00,14:00-18:00"),
            (
                "Du lundi au vendredi de 9h à 18h, fermé le dimanche",
                "Mo-Fr 09:00-18:00",
            ),
            ("lundi 18h-minuit", "Mo 18:00-24:00"),
            ("samedi entre 9h et 12h", "Sa 09:00-12:00"),
        ] {
            assert_eq!(convert(text).as_deref(), Ok(expected), "{text}");
        }
    }

    #[test]
    fn refuses_with_a_reason() {
        for (text, reason) in [
            ("sur rendez-vous", "appointment"),
            ("Le lundi de 9h00 à 12h00 et sur rendez-vous.", "appointment"),
            ("le matin", "too vague"),
            ("Un mercredi sur deux de 9h00 à 12h00", "recurring"),
            ("Le premier mercredi du mois de 14h00 à 17h00", "recurring"),
            ("Les mardis d'octobre à juin de 9h00 à 17h00", "seasonal"),
            ("Tous les jours sauf le mercredi après-midi.", "exceptions"),
            (
                "Du lundi au vendredi",
                "no hours given for \"Du lundi au vendredi\"",
            ),
            ("9h-12h", "no days given for \"9h-12h\""),
            ("lundi 14h-12h", "closes before it opens: \"14h-12h\""),
            ("lundi 9h-25h", "invalid time \"25h\""),
            ("25h", "invalid time \"25h\""),
            ("lundi 9h-", "incomplete time range"),
            ("9h-", "incomplete time range"),
            ("lundi 9h-13h et 12h-14h", "overlapping"),
            ("", "no hours"),
            ("   ", "no hours"),
            ("🙂", "unexpected character \"🙂\""),
            ("lundi 🙂 9h-12h", "unexpected character"),
            (
                "Les lundi, mardi et eudi de 9h00 à 12h00",
                "\"eudi\" not understood",
            ),
            ("lundi 9h-12h ouvert", "\"ouvert\" not understood"),
            (
                "mardi au samedi : 9h-12h (17h le mercredi)",
                "not understood: \"(17h le mercredi)\"",
            ),
        ] {
            let got = convert(text).unwrap_err();
            assert!(got.contains(reason), "{text:?}: {got:?} lacks {reason:?}");
        }
    }

    #[test]
    fn survives_long_texts() {
        let long = "lundi 9h-12h ".repeat(800);
        assert_eq!(convert(&long).as_deref(), Ok("Mo 09:00-12:00"));
        let rubbish = "x".repeat(10_000);
        assert!(convert(&rubbish).is_err());
        let digits = "9".repeat(10_000);
        assert!(convert(&digits).is_err());
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,200}") {
            let _ = convert(&text);
            let _ = from_day_texts(&[(Weekday::Mo, &text)]);
            let _ = from_half_days(&text, (&text, &text), ("", ""));
            let _ = from_day_columns(&[DayColumns { day: Weekday::Tu, ranges: vec![(&text, "12h")] }]);
        }

        #[test]
        fn never_panics_on_hour_like_text(text in "[0-9hH:.,;/ àa-]{0,40}( ?(lundi|mardi|de|et|midi))?[0-9hH:.,;/ -]{0,20}") {
            let _ = convert(&text);
            let _ = convert(&format!("lundi {text}"));
        }
    }
}

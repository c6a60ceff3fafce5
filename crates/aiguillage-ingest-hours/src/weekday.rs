//! Days of the week and the many ways sources spell them.

use aiguillage_model::fold;

/// A day of the week, named by its OSM `opening_hours` code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Weekday {
    /// Monday (lundi).
    Mo,
    /// Tuesday (mardi).
    Tu,
    /// Wednesday (mercredi).
    We,
    /// Thursday (jeudi).
    Th,
    /// Friday (vendredi).
    Fr,
    /// Saturday (samedi).
    Sa,
    /// Sunday (dimanche).
    Su,
}

impl Weekday {
    /// Every day, Monday first, as OSM orders them.
    pub const ALL: [Weekday; 7] = [
        Weekday::Mo,
        Weekday::Tu,
        Weekday::We,
        Weekday::Th,
        Weekday::Fr,
        Weekday::Sa,
        Weekday::Su,
    ];

    /// Reads a day name: French in any case, with or without accents, singular or plural,
    /// abbreviated (`"lun."`, `"mer"`), or as an OSM code or an English name.
    ///
    /// French two-letter abbreviations other than `"sa"` are refused: `"ma"`, `"me"` and
    /// `"je"` are everyday French words, so reading them as days would invent hours.
    ///
    /// ```
    /// use aiguillage_ingest_hours::Weekday;
    /// assert_eq!(Weekday::parse_french("LUNDI"), Some(Weekday::Mo));
    /// assert_eq!(Weekday::parse_french("Mer."), Some(Weekday::We));
    /// assert_eq!(Weekday::parse_french("vendredis"), Some(Weekday::Fr));
    /// assert_eq!(Weekday::parse_french("Su"), Some(Weekday::Su));
    /// assert_eq!(Weekday::parse_french("Inconnu"), None);
    /// ```
    pub fn parse_french(s: &str) -> Option<Weekday> {
        Some(match fold(s).as_str() {
            "lundi" | "lundis" | "lun" | "mo" | "monday" | "mon" => Weekday::Mo,
            "mardi" | "mardis" | "mar" | "tu" | "tuesday" | "tue" => Weekday::Tu,
            "mercredi" | "mercredis" | "mer" | "we" | "wednesday" | "wed" => Weekday::We,
            "jeudi" | "jeudis" | "jeu" | "th" | "thursday" | "thu" => Weekday::Th,
            "vendredi" | "vendredis" | "ven" | "fr" | "friday" | "fri" => Weekday::Fr,
            "samedi" | "samedis" | "sam" | "sa" | "saturday" | "sat" => Weekday::Sa,
            "dimanche" | "dimanches" | "dim" | "su" | "sunday" | "sun" => Weekday::Su,
            _ => return None,
        })
    }

    /// The OSM code, as written in `opening_hours` (`"Mo"`).
    pub fn osm(self) -> &'static str {
        match self {
            Weekday::Mo => "Mo",
            Weekday::Tu => "Tu",
            Weekday::We => "We",
            Weekday::Th => "Th",
            Weekday::Fr => "Fr",
            Weekday::Sa => "Sa",
            Weekday::Su => "Su",
        }
    }

    /// Position in the week, Monday = 0.
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// The English name, for reasons shown to coordinators.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Weekday::Mo => "Monday",
            Weekday::Tu => "Tuesday",
            Weekday::We => "Wednesday",
            Weekday::Th => "Thursday",
            Weekday::Fr => "Friday",
            Weekday::Sa => "Saturday",
            Weekday::Su => "Sunday",
        }
    }

    /// The days from `self` to `last` included, wrapping past Sunday (`Fr` to `Mo` is
    /// Friday, Saturday, Sunday, Monday), as « du vendredi au lundi » means.
    pub(crate) fn through(self, last: Weekday) -> Vec<Weekday> {
        let (first, last) = (self.index(), last.index());
        let count = (last + 7 - first) % 7 + 1;
        (0..count).map(|i| Weekday::ALL[(first + i) % 7]).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_french_names_in_any_form() {
        for s in ["lundi", "Lundi", "LUNDI", "lundis", "Lun.", "lun", "Mo", "monday"] {
            assert_eq!(Weekday::parse_french(s), Some(Weekday::Mo), "{s}");
        }
        assert_eq!(Weekday::parse_french("mar"), Some(Weekday::Tu));
        assert_eq!(Weekday::parse_french("mer"), Some(Weekday::We));
        assert_eq!(Weekday::parse_french("jeu"), Some(Weekday::Th));
        assert_eq!(Weekday::parse_french("ven"), Some(Weekday::Fr));
        assert_eq!(Weekday::parse_french("sam"), Some(Weekday::Sa));
        assert_eq!(Weekday::parse_french("dim"), Some(Weekday::Su));
        assert_eq!(Weekday::parse_french(" Dimanches "), Some(Weekday::Su));
    }

    #[test]
    fn refuses_non_days() {
        for s in ["", " ", "ma", "me", "je", "mars", "lun di", "🙂", "Inconnu"] {
            assert_eq!(Weekday::parse_french(s), None, "{s}");
        }
    }

    #[test]
    fn ranges_wrap_past_sunday() {
        use Weekday::*;
        assert_eq!(Mo.through(Fr), vec![Mo, Tu, We, Th, Fr]);
        assert_eq!(Fr.through(Mo), vec![Fr, Sa, Su, Mo]);
        assert_eq!(We.through(We), vec![We]);
    }
}

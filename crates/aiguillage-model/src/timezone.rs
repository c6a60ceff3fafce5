//! The time zone of a place, from its commune code.

use chrono_tz::Tz;

/// The time zone in which a place's `horaires` are written: Europe/Paris for France
/// métropolitaine and Corsica, the local zone for overseas départements and collectivités,
/// recognised from the first three characters of `code_insee` (else of `code_postal`,
/// which share that prefix overseas).
///
/// ```
/// use aiguillage_model::time_zone;
/// assert_eq!(time_zone(Some("29019"), "29200"), chrono_tz::Europe::Paris);
/// assert_eq!(time_zone(None, "97400"), chrono_tz::Indian::Reunion);
/// assert_eq!(time_zone(Some("98818"), "98800"), chrono_tz::Pacific::Noumea);
/// ```
pub fn time_zone(code_insee: Option<&str>, code_postal: &str) -> Tz {
    let code = code_insee.unwrap_or(code_postal);
    match code.get(..3) {
        Some("971") => Tz::America__Guadeloupe,
        Some("972") => Tz::America__Martinique,
        Some("973") => Tz::America__Cayenne,
        Some("974") => Tz::Indian__Reunion,
        Some("975") => Tz::America__Miquelon,
        Some("976") => Tz::Indian__Mayotte,
        Some("977") => Tz::America__St_Barthelemy,
        Some("978") => Tz::America__Marigot,
        Some("986") => Tz::Pacific__Wallis,
        Some("987") => Tz::Pacific__Tahiti,
        Some("988") => Tz::Pacific__Noumea,
        _ => Tz::Europe__Paris,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overseas_codes_have_their_zone() {
        for (code, tz) in [
            ("97105", Tz::America__Guadeloupe),
            ("97209", Tz::America__Martinique),
            ("97302", Tz::America__Cayenne),
            ("97411", Tz::Indian__Reunion),
            ("97502", Tz::America__Miquelon),
            ("97611", Tz::Indian__Mayotte),
            ("97701", Tz::America__St_Barthelemy),
            ("97801", Tz::America__Marigot),
            ("98611", Tz::Pacific__Wallis),
            ("98735", Tz::Pacific__Tahiti),
            ("98818", Tz::Pacific__Noumea),
            ("2A004", Tz::Europe__Paris),
            ("75056", Tz::Europe__Paris),
        ] {
            assert_eq!(time_zone(Some(code), "00000"), tz, "{code}");
        }
    }
}

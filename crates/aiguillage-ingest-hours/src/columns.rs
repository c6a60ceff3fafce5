//! Hours spread over spreadsheet columns: one time per cell, or one text per weekday.

use crate::lex::{tokens, Kind};
use crate::schedule::{DaySpec, Week};
use crate::text;
use crate::time::{Range, Time};
use crate::weekday::Weekday;
use crate::Unconverted;

/// One weekday's opening ranges as read from per-day columns.
///
/// `ranges` holds raw `(open, close)` cell texts such as `"08:30"`, `"8h30"`, `"8h"`,
/// `"14.00"`, `""` or `"None"`: ultra-num.json has a morning and an afternoon pair per
/// weekday.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayColumns<'a> {
    /// The day the columns are about.
    pub day: Weekday,
    /// `(open, close)` cell texts; a pair of empty cells is no range.
    pub ranges: Vec<(&'a str, &'a str)>,
}

/// Converts per-day time columns. Empty cells are ignored and a day with no range is
/// closed; a cell that is not a time, or an opening without its closing, is an error
/// naming the day.
///
/// ```
/// use aiguillage_ingest_hours::{from_day_columns, DayColumns, Weekday};
///
/// let week: Vec<DayColumns> = [Weekday::Mo, Weekday::Tu]
///     .into_iter()
///     .map(|day| DayColumns { day, ranges: vec![("08:30", "12:00"), ("13h30", "17h")] })
///     .collect();
/// assert_eq!(from_day_columns(&week).unwrap(), "Mo,Tu 08:30-12:00,13:30-17:00");
///
/// let broken = [DayColumns { day: Weekday::We, ranges: vec![("09:00", "")] }];
/// assert_eq!(
///     from_day_columns(&broken).unwrap_err().reason,
///     "Wednesday: opens at 09:00 with no closing time"
/// );
/// ```
pub fn from_day_columns(days: &[DayColumns<'_>]) -> Result<String, Unconverted> {
    let mut week = Week::default();
    for columns in days {
        let name = columns.day.name();
        let ranges = columns
            .ranges
            .iter()
            .filter_map(|&(open, close)| cell_range(open, close).transpose())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|reason| Unconverted::new(format!("{name}: {reason}")))?;
        if !ranges.is_empty() {
            week.set(columns.day, DaySpec::Open(ranges))
                .map_err(Unconverted::new)?;
        }
    }
    week.to_osm().map_err(Unconverted::new)
}

/// Converts one free text per known weekday, as nouvelle-caledonie.json's
/// `horaires_lundi`…`horaires_dimanche` columns: « 9h-12h / 14h-17h », « fermé », or
/// empty or `"None"` when the day is not given.
///
/// ```
/// use aiguillage_ingest_hours::{from_day_texts, Weekday};
///
/// let days = [
///     (Weekday::Mo, "07:30-11:30, 12:15-16:00"),
///     (Weekday::Tu, "7:30 - 11:30 ; 12:15 - 16:"),
///     (Weekday::We, "fermé"),
///     (Weekday::Sa, "None"),
/// ];
/// assert_eq!(from_day_texts(&days).unwrap(), "Mo,Tu 07:30-11:30,12:15-16:00");
/// assert!(from_day_texts(&[(Weekday::Sa, "réservé aux scolaires")]).is_err());
/// ```
pub fn from_day_texts(days: &[(Weekday, &str)]) -> Result<String, Unconverted> {
    let mut week = Week::default();
    for &(day, written) in days {
        if is_blank(written) {
            continue;
        }
        text::single_day(written)
            .and_then(|spec| week.set(day, spec))
            .map_err(|reason| Unconverted::new(format!("{}: {reason}", day.name())))?;
    }
    week.to_osm().map_err(Unconverted::new)
}

/// Converts a list of weekdays sharing a morning and an afternoon range, as hub-lo.json's
/// `c_jours_semaine` (`"{Lundi,Mardi}"`), `c_heure_debut_matin`, `c_heure_fin_matin`,
/// `c_heure_debut_aprem` and `c_heure_fin_aprem` columns. Either half may be empty.
///
/// ```
/// use aiguillage_ingest_hours::from_half_days;
///
/// assert_eq!(
///     from_half_days("{Lundi,Mardi,Mercredi}", ("9h", "12h"), ("14:00", "17:30")).unwrap(),
///     "Mo-We 09:00-12:00,14:00-17:30"
/// );
/// assert_eq!(from_half_days("{Lundi}", ("", ""), ("", "")).unwrap_err().reason, "no hours");
/// ```
pub fn from_half_days(
    days: &str,
    morning: (&str, &str),
    afternoon: (&str, &str),
) -> Result<String, Unconverted> {
    let mut ranges = Vec::new();
    for (half, (open, close)) in [("morning", morning), ("afternoon", afternoon)] {
        let range =
            cell_range(open, close).map_err(|reason| Unconverted::new(format!("{half}: {reason}")))?;
        ranges.extend(range);
    }
    if ranges.is_empty() {
        return Err(Unconverted::new("no hours".to_owned()));
    }
    let days = days.trim();
    let days = days.strip_prefix('{').unwrap_or(days);
    let days = days.strip_suffix('}').unwrap_or(days);
    let days = text::day_list(days).map_err(Unconverted::new)?;
    if days.is_empty() {
        return Err(Unconverted::new("no days".to_owned()));
    }
    let mut week = Week::default();
    for day in days {
        week.set(day, DaySpec::Open(ranges.clone()))
            .map_err(Unconverted::new)?;
    }
    week.to_osm().map_err(Unconverted::new)
}

/// Cells that mean "nothing here": empty, or a null written out by an export.
fn is_blank(cell: &str) -> bool {
    let cell = cell.trim();
    cell.is_empty() || ["none", "null", "nan"].contains(&cell.to_ascii_lowercase().as_str())
}

/// The range of an `(open, close)` cell pair, `None` when both are blank.
fn cell_range(open: &str, close: &str) -> Result<Option<Range>, String> {
    match (cell_time(open)?, cell_time(close)?) {
        (None, None) => Ok(None),
        (Some(o), Some(c)) => Range::new(o, c, &format!("{}-{}", open.trim(), close.trim())).map(Some),
        (Some(o), None) => Err(format!("opens at {o} with no closing time")),
        (None, Some(c)) => Err(format!("closes at {c} with no opening time")),
    }
}

/// The time in one cell. A bare number is an hour here (`"8"`): the column says it is a time.
fn cell_time(cell: &str) -> Result<Option<Time>, String> {
    if is_blank(cell) {
        return Ok(None);
    }
    let not_a_time = || format!("\"{}\" is not a time", cell.trim());
    let tokens = tokens(cell).map_err(|_| not_a_time())?;
    match tokens.as_slice() {
        [token] => match token.kind {
            Kind::Time(time) => Ok(Some(time)),
            Kind::Num(hour) => Time::new(hour, 0).map(Some).ok_or_else(not_a_time),
            _ => Err(not_a_time()),
        },
        _ => Err(not_a_time()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Weekday::*;

    fn columns<'a>(day: Weekday, ranges: &[(&'a str, &'a str)]) -> DayColumns<'a> {
        DayColumns {
            day,
            ranges: ranges.to_vec(),
        }
    }

    #[test]
    fn reads_every_cell_spelling() {
        for (cell, expected) in [
            ("08:30", "08:30"),
            ("8h30", "08:30"),
            ("8h", "08:00"),
            ("14.00", "14:00"),
            ("8", "08:00"),
            (" 9:", "09:00"),
        ] {
            assert_eq!(cell_time(cell).unwrap().unwrap().to_string(), expected, "{cell}");
        }
        for cell in ["", "  ", "None", "null", "NaN"] {
            assert_eq!(cell_time(cell).unwrap(), None, "{cell}");
        }
        for cell in [";", "25:00", "9h-12h", "13:16:59.999998", "midi et demi"] {
            assert!(cell_time(cell).is_err(), "{cell}");
        }
    }

    #[test]
    fn day_columns() {
        let week = [
            columns(Mo, &[("08:00", "12:00"), ("13:00", "16:00")]),
            columns(Tu, &[("08:00", "12:00"), ("13:00", "16:00")]),
            columns(We, &[("08:00", "12:00"), ("", "")]),
            columns(Th, &[("", ""), ("None", "None")]),
        ];
        assert_eq!(
            from_day_columns(&week).unwrap(),
            "Mo,Tu 08:00-12:00,13:00-16:00; We 08:00-12:00"
        );
        assert_eq!(from_day_columns(&[]).unwrap_err().reason, "no hours");
        assert_eq!(
            from_day_columns(&[columns(Mo, &[("", "")])]).unwrap_err().reason,
            "no hours"
        );
        assert_eq!(
            from_day_columns(&[columns(We, &[("09:00", ""), ("", "17:30")])])
                .unwrap_err()
                .reason,
            "Wednesday: opens at 09:00 with no closing time"
        );
        assert_eq!(
            from_day_columns(&[columns(Fr, &[("", ";")])]).unwrap_err().reason,
            "Friday: \";\" is not a time"
        );
        assert_eq!(
            from_day_columns(&[columns(Fr, &[("14h", "12h")])])
                .unwrap_err()
                .reason,
            "Friday: closes before it opens: \"14h-12h\""
        );
        assert!(from_day_columns(&[columns(Fr, &[("9h", "12h"), ("11h", "14h")])]).is_err());
    }

    #[test]
    fn day_texts() {
        assert_eq!(
            from_day_texts(&[
                (Mo, "9: à 18:"),
                (Tu, "10: à 18: (en continu)"),
                (We, "8:-11:/13:-17:")
            ])
            .unwrap(),
            "Mo 09:00-18:00; Tu 10:00-18:00; We 08:00-11:00,13:00-17:00"
        );
        assert_eq!(
            from_day_texts(&[(Mo, "None"), (Tu, "")]).unwrap_err().reason,
            "no hours"
        );
        assert_eq!(
            from_day_texts(&[(Sa, "08:00-11:30 (les premiers samedis de chaque mois)")])
                .unwrap_err()
                .reason,
            "Saturday: \"premiers\": recurring dates (monthly, every other week) are not supported"
        );
        assert!(from_day_texts(&[(Mo, "10:00-11-00, 12:00-17:00")]).is_err());
        assert!(from_day_texts(&[(Mo, "7:00-11:30 et pas d'accueil en apres midi")]).is_err());
    }

    #[test]
    fn half_days() {
        assert_eq!(
            from_half_days("{Lundi,Mardi,Jeudi,Vendredi}", ("9h", "12h"), ("", "")).unwrap(),
            "Mo,Tu,Th,Fr 09:00-12:00"
        );
        assert_eq!(
            from_half_days("du lundi au vendredi", ("", ""), ("14h", "17h")).unwrap(),
            "Mo-Fr 14:00-17:00"
        );
        assert_eq!(
            from_half_days("", ("9h", "12h"), ("", "")).unwrap_err().reason,
            "no days"
        );
        assert_eq!(
            from_half_days("{Lundi}", ("9h", ""), ("", ""))
                .unwrap_err()
                .reason,
            "morning: opens at 09:00 with no closing time"
        );
        assert_eq!(
            from_half_days("{Lundi,Inconnu}", ("9h", "12h"), ("", ""))
                .unwrap_err()
                .reason,
            "\"Inconnu\" is not a day"
        );
        assert!(from_half_days("{Lundi}", ("9h", "13h"), ("12h", "17h")).is_err());
    }
}

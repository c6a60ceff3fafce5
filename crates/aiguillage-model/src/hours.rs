//! `horaires`: opening hours in OpenStreetMap `opening_hours` syntax.

use std::fmt;

use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset, Utc};
use chrono_tz::Tz;
use opening_hours::localization::{Country, TzLocation};
use opening_hours::{Context, ContextHolidays, OpeningHours};

/// French public holidays (embedded calendar of the `opening-hours` crate), for `PH`.
static FRENCH_HOLIDAYS: LazyLock<ContextHolidays> = LazyLock::new(|| Country::FR.holidays());

/// Whether a place is open at an instant, and when that changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenStatus {
    /// Open at the instant asked.
    pub open: bool,
    /// The next opening or closing, in the place's time zone; `None` when the hours never
    /// change again (`24/7`, or closed for good).
    pub next_change: Option<DateTime<FixedOffset>>,
}

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

    /// Whether the place is open at `at`, evaluating the hours in the place's time zone `tz`
    /// with French public holidays for `PH`. `None` when the hours are unknown (absent or
    /// unparsable): unknown is never reported as open or closed.
    ///
    /// ```
    /// use aiguillage_model::Horaires;
    /// use chrono::{TimeZone, Utc};
    /// let h = Horaires::parse("Mo-Fr 09:00-12:00,14:00-17:00; PH off");
    /// // Monday 2026-11-23 10:30 in Paris is 09:30 UTC.
    /// let status = h.status_at(Utc.with_ymd_and_hms(2026, 11, 23, 9, 30, 0).unwrap(), chrono_tz::Europe::Paris).unwrap();
    /// assert!(status.open);
    /// assert_eq!(status.next_change.unwrap().to_rfc3339(), "2026-11-23T12:00:00+01:00");
    /// ```
    pub fn status_at(&self, at: DateTime<Utc>, tz: Tz) -> Option<OpenStatus> {
        Some(self.in_zone(tz)?.status_at(at))
    }

    /// The parsed hours bound to the time zone `tz` and French public holidays, for
    /// evaluating them many times (see [`ZonedHours`]); `None` when the hours are unknown.
    pub fn in_zone(&self, tz: Tz) -> Option<ZonedHours> {
        let hours = self.opening_hours()?.clone().with_context(
            Context::default()
                .with_holidays(FRENCH_HOLIDAYS.clone())
                .with_locale(TzLocation::new(tz)),
        );
        Some(ZonedHours { hours, tz })
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

/// Opening hours ready to evaluate in a place's time zone: built once (for instance when a
/// place is indexed), evaluated at many instants without rebuilding the context.
#[derive(Clone)]
pub struct ZonedHours {
    hours: OpeningHours<TzLocation<Tz>>,
    tz: Tz,
}

impl ZonedHours {
    /// Whether the hours are open at `at`, and when that changes.
    pub fn status_at(&self, at: DateTime<Utc>) -> OpenStatus {
        let local = at.with_timezone(&self.tz);
        OpenStatus {
            open: self.hours.is_open(local),
            next_change: self.hours.next_change(local).map(|d| d.fixed_offset()),
        }
    }
}

impl fmt::Debug for ZonedHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ZonedHours")
            .field("tz", &self.tz)
            .finish_non_exhaustive()
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

    use chrono::TimeZone;

    /// Status at a local wall-clock time in `tz`.
    fn at(oh: &str, tz: Tz, y: i32, mo: u32, d: u32, h: u32, mi: u32) -> OpenStatus {
        let local = tz
            .with_ymd_and_hms(y, mo, d, h, mi, 0)
            .single()
            .expect("unambiguous local time");
        Horaires::parse(oh)
            .status_at(local.with_timezone(&Utc), tz)
            .expect("valid hours")
    }

    const PARIS: Tz = chrono_tz::Europe::Paris;

    #[test]
    fn lunch_breaks() {
        let oh = "Mo-Fr 08:30-12:00,13:30-17:00";
        // Tuesday 2026-11-24.
        assert!(at(oh, PARIS, 2026, 11, 24, 8, 30).open);
        let lunch = at(oh, PARIS, 2026, 11, 24, 12, 30);
        assert!(!lunch.open);
        assert_eq!(
            lunch.next_change.unwrap().to_rfc3339(),
            "2026-11-24T13:30:00+01:00"
        );
        assert!(!at(oh, PARIS, 2026, 11, 24, 17, 0).open, "ranges end exclusive");
    }

    #[test]
    fn saturday_mornings_and_week_ranges() {
        let oh = "Sa 09:00-12:00";
        assert!(at(oh, PARIS, 2026, 11, 28, 9, 0).open);
        let friday = at(oh, PARIS, 2026, 11, 27, 18, 0);
        assert!(!friday.open);
        assert_eq!(
            friday.next_change.unwrap().to_rfc3339(),
            "2026-11-28T09:00:00+01:00"
        );
        let weekdays = "Tu-Th 10:00-18:00";
        assert!(!at(weekdays, PARIS, 2026, 11, 23, 11, 0).open, "Monday");
        assert!(at(weekdays, PARIS, 2026, 11, 26, 11, 0).open, "Thursday");
    }

    #[test]
    fn french_public_holidays_for_ph_off() {
        let oh = "Mo-Sa 09:00-18:00; PH off";
        for (m, d) in [(12, 25), (7, 14), (5, 25), (11, 11), (5, 1)] {
            assert!(
                !at(oh, PARIS, 2026, m, d, 10, 0).open,
                "2026-{m}-{d} is a public holiday"
            );
        }
        assert!(at(oh, PARIS, 2026, 12, 24, 10, 0).open, "Christmas Eve is not");
    }

    #[test]
    fn overseas_time_zones() {
        let oh = "Mo-Fr 08:00-12:00";
        let reunion = chrono_tz::Indian::Reunion; // UTC+4
                                                  // 06:30 UTC on Monday is 10:30 in La Réunion (open) and 07:30 in Paris (closed).
        let instant = Utc.with_ymd_and_hms(2026, 11, 23, 6, 30, 0).unwrap();
        assert!(Horaires::parse(oh).status_at(instant, reunion).unwrap().open);
        assert!(!Horaires::parse(oh).status_at(instant, PARIS).unwrap().open);
        let noumea = at(oh, chrono_tz::Pacific::Noumea, 2026, 11, 23, 11, 0);
        assert_eq!(
            noumea.next_change.unwrap().to_rfc3339(),
            "2026-11-23T12:00:00+11:00"
        );
    }

    #[test]
    fn ranges_past_midnight() {
        let oh = "Fr 22:00-02:00";
        assert!(at(oh, PARIS, 2026, 11, 27, 23, 0).open);
        assert!(
            at(oh, PARIS, 2026, 11, 28, 1, 30).open,
            "Saturday 01:30 belongs to Friday's range"
        );
        assert!(!at(oh, PARIS, 2026, 11, 28, 2, 30).open);
    }

    #[test]
    fn unknown_hours_have_no_status() {
        assert!(Horaires::parse("sur rendez-vous")
            .status_at(Utc::now(), PARIS)
            .is_none());
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

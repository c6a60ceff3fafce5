//! Temporary closures and exceptional hours: days on which a place's usual `horaires` do not
//! hold («Fermé du 24 décembre au 2 janvier : congés», «le 24 décembre de 9h à 12h»).
//!
//! An exception is written as one more OSM `opening_hours` rule dated by its days, appended
//! to the usual hours: a later rule replaces the earlier ones on the days it names, so one
//! evaluator answers « open now », « open at » and « next change » across the exception, and
//! the rule stops applying by itself once its days are past.

use chrono::{Datelike, NaiveDate};

use crate::{Horaires, Problem};

/// Longest exception, in days: a longer closure is a closure of the place.
pub const MAX_EXCEPTION_DAYS: i64 = 366;

/// Longest `motif`, in characters.
pub const MAX_MOTIF_CHARS: usize = 200;

/// What the hours are on the days of an exception.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExceptionHours {
    /// Closed all day.
    Closed,
    /// Open during these time spans only (`09:00-12:00,14:00-16:00`).
    Open(String),
}

/// A temporary closure or exceptional hours, from `du` to `au` included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoursException {
    /// First day.
    pub du: NaiveDate,
    /// Last day (included).
    pub au: NaiveDate,
    /// The hours on those days.
    pub hours: ExceptionHours,
    /// Why (may be empty).
    pub motif: String,
}

impl HoursException {
    /// Reads an exception from its request values (`du`, `au` ISO dates; `horaires` time
    /// spans, or `None` for closed), as of `today`: an exception may not end in the past.
    /// Every problem names its field (`du`, `au`, `horaires`, `motif`).
    ///
    /// ```
    /// use aiguillage_model::{ExceptionHours, HoursException};
    /// use chrono::NaiveDate;
    /// let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    /// let closed = HoursException::read("2026-12-24", "2027-01-02", None, "congés", today).unwrap();
    /// assert_eq!(closed.rule(), "2026 Dec 24-2027 Jan 02 off");
    /// let short = HoursException::read("2026-12-24", "2026-12-24", Some("09:00-12:00"), "", today).unwrap();
    /// assert_eq!(short.hours, ExceptionHours::Open("09:00-12:00".into()));
    /// assert!(HoursException::read("2026-12-24", "2026-12-20", None, "", today).is_err());
    /// ```
    pub fn read(
        du: &str,
        au: &str,
        horaires: Option<&str>,
        motif: &str,
        today: NaiveDate,
    ) -> Result<HoursException, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut date = |field: &str, text: &str| match NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
            Ok(d) if (2000..=2999).contains(&d.year()) => Some(d),
            _ => {
                problems.push(Problem::error(
                    field,
                    format!("« {} » is not a date (expected YYYY-MM-DD)", crate::echo(text)),
                ));
                None
            }
        };
        let (du, au) = (date("du", du), date("au", au));
        if let (Some(d), Some(a)) = (du, au) {
            if a < d {
                problems.push(Problem::error("au", "the last day is before the first day"));
            } else if (a - d).num_days() >= MAX_EXCEPTION_DAYS {
                problems.push(Problem::error(
                    "au",
                    format!("an exception lasts at most {MAX_EXCEPTION_DAYS} days; close the place instead"),
                ));
            } else if a < today {
                problems.push(Problem::error("au", "the exception is already over"));
            }
        }
        let hours = match horaires.map(str::trim) {
            None => ExceptionHours::Closed,
            Some(spans) if is_time_spans(spans) => ExceptionHours::Open(spans.replace(' ', "")),
            Some(spans) => {
                problems.push(Problem::error(
                    "horaires",
                    format!(
                        "« {} » is not a list of time spans (expected e.g. 09:00-12:00,14:00-16:30)",
                        crate::echo(spans)
                    ),
                ));
                ExceptionHours::Closed
            }
        };
        let motif = motif.trim();
        if motif.chars().count() > MAX_MOTIF_CHARS {
            problems.push(Problem::error(
                "motif",
                format!("at most {MAX_MOTIF_CHARS} characters"),
            ));
        }
        match (du, au) {
            (Some(du), Some(au)) if problems.is_empty() => Ok(HoursException {
                du,
                au,
                hours,
                motif: motif.to_owned(),
            }),
            _ => Err(problems),
        }
    }

    /// Whether `day` is one of the exception's days.
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.du <= day && day <= self.au
    }

    /// The exception as an OSM `opening_hours` rule: `2026 Dec 24-2027 Jan 02 off`.
    pub fn rule(&self) -> String {
        let hours = match &self.hours {
            ExceptionHours::Closed => "off",
            ExceptionHours::Open(spans) => spans,
        };
        format!("{}-{} {hours}", osm_date(self.du), osm_date(self.au))
    }
}

/// The hours in force: `horaires` with the exceptions' rules after it. Hours that are unknown
/// (absent or not OSM syntax) stay unknown: nothing says what they are between exceptions.
///
/// ```
/// use aiguillage_model::{with_exceptions, Horaires, HoursException};
/// use chrono::{NaiveDate, TimeZone, Utc};
/// let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
/// let holidays = HoursException::read("2026-12-24", "2027-01-02", None, "congés", today).unwrap();
/// let hours = with_exceptions(&Horaires::parse("Mo-Fr 09:00-17:00"), &[holidays]);
/// // Thursday 24 December 2026, 10:00 in Paris: closed until Monday 4 January.
/// let status = hours.status_at(Utc.with_ymd_and_hms(2026, 12, 24, 9, 0, 0).unwrap(), chrono_tz::Europe::Paris).unwrap();
/// assert!(!status.open);
/// assert_eq!(status.next_change.unwrap().to_rfc3339(), "2027-01-04T09:00:00+01:00");
/// ```
pub fn with_exceptions(horaires: &Horaires, exceptions: &[HoursException]) -> Horaires {
    if exceptions.is_empty() || horaires.opening_hours().is_none() {
        return horaires.clone();
    }
    let mut text = horaires.raw().trim().trim_end_matches(';').to_owned();
    for exception in exceptions {
        text.push_str("; ");
        text.push_str(&exception.rule());
    }
    let combined = Horaires::parse(&text);
    // Each rule is built from checked parts; should the parser still refuse the whole, the
    // usual hours are better than none.
    if combined.opening_hours().is_some() {
        combined
    } else {
        horaires.clone()
    }
}

/// `HH:MM-HH:MM` spans separated by commas (spaces allowed), each ending after it starts
/// or past midnight (`22:00-02:00`), and nothing else: no selector can be slipped into the
/// rule.
fn is_time_spans(text: &str) -> bool {
    let compact: String = text.chars().filter(|c| *c != ' ').collect();
    !compact.is_empty()
        && compact.split(',').all(|span| {
            let Some((from, to)) = span.split_once('-') else {
                return false;
            };
            match (minutes(from), minutes(to)) {
                (Some(f), Some(t)) => f != t,
                _ => false,
            }
        })
}

/// Minutes since midnight of `HH:MM` (`24:00` allowed as an end).
fn minutes(text: &str) -> Option<u32> {
    let (h, m) = text.split_once(':')?;
    if h.len() != 2 || m.len() != 2 || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(h * 60 + m)
}

fn osm_date(day: NaiveDate) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{} {} {:02}",
        day.year(),
        MONTHS[day.month0() as usize],
        day.day()
    )
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use chrono_tz::Europe::Paris;

    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn read(du: &str, au: &str, horaires: Option<&str>) -> Result<HoursException, Vec<Problem>> {
        HoursException::read(du, au, horaires, "", day(2026, 12, 1))
    }

    fn open_at(hours: &Horaires, y: i32, m: u32, d: u32, h: u32) -> bool {
        // Paris is UTC+1 in winter.
        let at = Utc.with_ymd_and_hms(y, m, d, h - 1, 0, 0).unwrap();
        hours.status_at(at, Paris).unwrap().open
    }

    #[test]
    fn exceptional_hours_replace_the_day_and_only_that_day() {
        let base = Horaires::parse("Mo-Fr 09:00-17:00");
        let short = read("2026-12-24", "2026-12-24", Some("10:00-11:00")).unwrap();
        let hours = with_exceptions(&base, &[short]);
        assert!(open_at(&hours, 2026, 12, 23, 14));
        assert!(open_at(&hours, 2026, 12, 24, 10));
        assert!(!open_at(&hours, 2026, 12, 24, 14));
        assert!(
            open_at(&hours, 2026, 12, 28, 14),
            "the next Monday is usual again"
        );
    }

    #[test]
    fn a_closure_spans_the_new_year() {
        let base = Horaires::parse("Mo-Sa 09:00-17:00");
        let closed = read("2026-12-24", "2027-01-02", None).unwrap();
        let hours = with_exceptions(&base, &[closed]);
        assert!(!open_at(&hours, 2026, 12, 31, 10));
        assert!(!open_at(&hours, 2027, 1, 2, 10));
        assert!(open_at(&hours, 2027, 1, 4, 10));
    }

    #[test]
    fn unknown_hours_stay_unknown() {
        let base = Horaires::parse("le mardi matin");
        let closed = read("2026-12-24", "2026-12-26", None).unwrap();
        assert_eq!(with_exceptions(&base, &[closed]).raw(), "le mardi matin");
    }

    #[test]
    fn bad_values_name_their_field() {
        let fields = |r: Result<HoursException, Vec<Problem>>| -> Vec<String> {
            r.unwrap_err().into_iter().map(|p| p.field).collect()
        };
        assert_eq!(fields(read("24/12/2026", "2026-12-25", None)), ["du"]);
        assert_eq!(fields(read("2026-12-24", "2026-12-23", None)), ["au"]);
        assert_eq!(fields(read("2026-11-01", "2026-11-02", None)), ["au"]);
        assert_eq!(fields(read("2026-12-24", "2028-12-24", None)), ["au"]);
        for spans in [
            "9h-12h",
            "09:00-12:00; Mo off",
            "09:00",
            "25:00-26:00",
            "",
            "09:00-09:00",
        ] {
            assert_eq!(
                fields(read("2026-12-24", "2026-12-24", Some(spans))),
                ["horaires"],
                "{spans}"
            );
        }
        let long = "x".repeat(MAX_MOTIF_CHARS + 1);
        let problems =
            HoursException::read("2026-12-24", "2026-12-24", None, &long, day(2026, 12, 1)).unwrap_err();
        assert_eq!(problems[0].field, "motif");
    }

    #[test]
    fn time_spans_accept_spaces_and_past_midnight() {
        let e = read("2026-12-31", "2026-12-31", Some("10:00 - 12:00, 22:00-02:00")).unwrap();
        assert_eq!(e.hours, ExceptionHours::Open("10:00-12:00,22:00-02:00".into()));
        assert!(e.covers(day(2026, 12, 31)) && !e.covers(day(2027, 1, 1)));
        let hours = with_exceptions(&Horaires::parse("Mo-Fr 09:00-17:00"), &[e]);
        assert!(hours.opening_hours().is_some(), "{:?}", hours.error());
    }
}

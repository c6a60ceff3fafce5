//! `horaires`: opening hours in OpenStreetMap `opening_hours` syntax.

use std::fmt;
use std::ops::Range;
use std::sync::LazyLock;

use chrono::{
    DateTime, Datelike, Days, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta,
    TimeZone, Timelike, Utc,
};
use chrono_tz::Tz;
use opening_hours::localization::{Country, TzLocation};
use opening_hours::{Context, ContextHolidays, OpeningHours, RuleKind};

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

    /// When the place is open during the week starting on `monday`, in its time zone `tz`
    /// (see [`ZonedHours::week_profile`]); `None` when the hours are unknown.
    ///
    /// ```
    /// use aiguillage_model::Horaires;
    /// use chrono::NaiveDate;
    /// let monday = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    /// let h = Horaires::parse("Mo-Fr 09:00-12:00,14:00-17:30");
    /// let week = h.week_profile(monday, chrono_tz::Europe::Paris).unwrap();
    /// assert_eq!(week.open_hours(), 32.5);
    /// assert!(Horaires::parse("le matin").week_profile(monday, chrono_tz::Europe::Paris).is_none());
    /// ```
    pub fn week_profile(&self, monday: NaiveDate, tz: Tz) -> Option<WeekProfile> {
        Some(self.in_zone(tz)?.week_profile(monday))
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

    /// When the hours are open during the 7 local days starting on `monday` at 00:00 in the
    /// place's time zone: real minutes of opening, by local wall-clock hour (see
    /// [`WeekProfile`] for days when clocks change). Only `open` time counts (with or
    /// without a comment); `unknown` and `off` ranges do not.
    /// Public holidays of that week apply as the rules say (`PH off` closes them), and a
    /// range started the Sunday before that runs past midnight counts on the Monday.
    ///
    /// `monday` is not checked to be a Monday: row 0 is the day `monday`, whatever it is.
    /// A week that cannot be represented (past year 262,000) is reported closed.
    ///
    /// Cost: one evaluation of the rules per day of the week, plus a few operations per
    /// open hour; no allocation beyond the rule evaluation's.
    ///
    /// ```
    /// use aiguillage_model::Horaires;
    /// use chrono::NaiveDate;
    /// let hours = Horaires::parse("Mo-Fr 09:00-19:00; Sa 10:00-12:00").in_zone(chrono_tz::Europe::Paris).unwrap();
    /// let week = hours.week_profile(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    /// assert_eq!(week.open_hours(), 52.0);
    /// assert!(week.open_after(0..5, 18), "open in the evening on weekdays");
    /// assert!(week.open_on(5) && !week.open_on(6), "Saturday, not Sunday");
    /// ```
    pub fn week_profile(&self, monday: NaiveDate) -> WeekProfile {
        let Some(next_monday) = monday.checked_add_days(Days::new(7)) else {
            return WeekProfile::default();
        };
        let start = local_instant(self.tz, monday.and_time(NaiveTime::MIN));
        let end = local_instant(self.tz, next_monday.and_time(NaiveTime::MIN));
        // Seconds rather than minutes: exact even for offsets that are not whole minutes.
        let mut seconds = [[0u32; 24]; 7];
        for range in self.hours.iter_range(start, end) {
            if range.kind != RuleKind::Open {
                continue;
            }
            let stop = range.range.end.min(end);
            let mut at = range.range.start.max(start);
            // One step per local hour: the hour slot of an instant is read from its local
            // time, so an hour skipped in spring gets nothing and an hour lived twice in
            // autumn gets both.
            while at < stop {
                let local = at.naive_local();
                let into_hour = i64::from(local.minute() * 60 + local.second());
                let Some(next) = at.checked_add_signed(TimeDelta::seconds(3600 - into_hour)) else {
                    break;
                };
                let next = next.min(stop);
                let day = usize::try_from((local.date() - monday).num_days()).ok();
                let cell = day
                    .and_then(|d| seconds.get_mut(d))
                    .and_then(|row| row.get_mut(local.hour() as usize));
                if let Some(cell) = cell {
                    let elapsed = u32::try_from((next - at).num_seconds()).unwrap_or(0);
                    *cell = cell.saturating_add(elapsed);
                }
                at = next;
            }
        }
        let mut minutes = [[0u8; 24]; 7];
        for (row, secs) in minutes.iter_mut().zip(seconds) {
            for (cell, s) in row.iter_mut().zip(secs) {
                *cell = u8::try_from(s.saturating_add(30) / 60).unwrap_or(u8::MAX);
            }
        }
        WeekProfile { minutes }
    }
}

/// The instant of the local wall-clock time `naive` in `tz`: the first one when the time
/// is lived twice (clocks going back), the end of the gap when it is skipped (clocks going
/// forward, at midnight in some zones).
fn local_instant(tz: Tz, naive: NaiveDateTime) -> DateTime<Tz> {
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => at,
        LocalResult::None => (1..=24 * 60)
            .filter_map(|m| naive.checked_add_signed(TimeDelta::minutes(m)))
            .find_map(|n| tz.from_local_datetime(&n).earliest())
            // No zone skips a whole day; reading the time as UTC keeps this total anyway.
            .unwrap_or_else(|| tz.from_utc_datetime(&naive)),
    }
}

/// When a place is open during one week: minutes of opening per local hour, Monday first.
///
/// Cell `[d][h]` holds the minutes of opening between `h:00` and `h+1:00`, local time of
/// the place, on day `d` of the week (0 = Monday … 6 = Sunday). Minutes are real elapsed
/// time, attributed to the wall-clock hour they are lived in: on the day clocks go forward
/// the skipped hour holds 0 (a 23-hour day), and on the day they go back the repeated hour
/// can hold up to 120 (a 25-hour day). So `24/7` is 167 h in the week of the spring change
/// in France, 169 h in the week of the autumn change and 168 h otherwise; pick a week
/// without a change (or accept one hour of difference) when comparing weeks.
///
/// Small (168 bytes) and `Copy`: cheap to keep per place.
///
/// ```
/// use aiguillage_model::WeekProfile;
/// let mut minutes = [[0u8; 24]; 7];
/// minutes[5][10] = 60; // Saturday 10:00-11:00
/// minutes[5][11] = 30; // Saturday 11:00-11:30
/// let week = WeekProfile::from_minutes(minutes);
/// assert_eq!(week.open_hours(), 1.5);
/// assert_eq!(week.open_minutes(5, 11), 30);
/// assert!(week.is_open_during(5, 10) && !week.is_open_during(5, 12));
/// assert!(week.open_on(5) && !week.open_on(0));
/// assert!(!week.open_after(0..7, 12));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct WeekProfile {
    minutes: [[u8; 24]; 7],
}

impl WeekProfile {
    /// A profile from its matrix of open minutes, `[weekday][hour]`, Monday first (for
    /// tests and for profiles read back from a report).
    pub const fn from_minutes(minutes: [[u8; 24]; 7]) -> WeekProfile {
        WeekProfile { minutes }
    }

    /// The matrix of open minutes, `[weekday][hour]`, Monday first.
    pub const fn minutes(&self) -> &[[u8; 24]; 7] {
        &self.minutes
    }

    /// Minutes open between `hour:00` and `hour+1:00` on `weekday` (0 = Monday); 0 for a
    /// day or hour out of range.
    pub fn open_minutes(&self, weekday: usize, hour: usize) -> u8 {
        self.minutes
            .get(weekday)
            .and_then(|row| row.get(hour))
            .copied()
            .unwrap_or(0)
    }

    /// Whether the place is open at some minute between `hour:00` and `hour+1:00` on
    /// `weekday` (0 = Monday).
    pub fn is_open_during(&self, weekday: usize, hour: usize) -> bool {
        self.open_minutes(weekday, hour) > 0
    }

    /// Total hours open in the week.
    pub fn open_hours(&self) -> f64 {
        let minutes: u32 = self.minutes.iter().flatten().map(|&m| u32::from(m)).sum();
        f64::from(minutes) / 60.0
    }

    /// Whether the place is open at some time on `weekday` (0 = Monday); `false` out of
    /// range.
    pub fn open_on(&self, weekday: usize) -> bool {
        self.minutes
            .get(weekday)
            .is_some_and(|row| row.iter().any(|&m| m > 0))
    }

    /// Whether the place is open at some minute at or after `hour:00` (and before midnight)
    /// on one of `weekdays` (0 = Monday): `open_after(0..5, 18)` asks for a weekday evening.
    /// Days past Sunday are ignored; an `hour` of 24 or more is never open.
    pub fn open_after(&self, weekdays: Range<usize>, hour: u32) -> bool {
        let end = weekdays.end.min(self.minutes.len());
        let start = weekdays.start.min(end);
        let from = usize::try_from(hour).unwrap_or(usize::MAX).min(24);
        self.minutes[start..end]
            .iter()
            .any(|row| row[from..].iter().any(|&m| m > 0))
    }
}

/// The first and last days (UTC) of the instants at which opening hours can be evaluated:
/// the evaluator handles local dates of the years 1900 to 9999, and the time zones of France
/// are less than a day away from UTC. Outside, every place would silently be closed.
pub const EVALUABLE_DAYS: (NaiveDate, NaiveDate) = match (
    NaiveDate::from_ymd_opt(1900, 1, 2),
    NaiveDate::from_ymd_opt(9999, 12, 30),
) {
    (Some(first), Some(last)) => (first, last),
    _ => panic!("valid dates"),
};

/// Whether opening hours can be evaluated at `at` (see [`EVALUABLE_DAYS`]).
///
/// ```
/// use aiguillage_model::is_evaluable;
/// assert!(is_evaluable("2026-12-24T10:00:00Z".parse().unwrap()));
/// assert!(!is_evaluable("1899-06-01T10:00:00Z".parse().unwrap()));
/// ```
pub fn is_evaluable(at: DateTime<Utc>) -> bool {
    (EVALUABLE_DAYS.0..=EVALUABLE_DAYS.1).contains(&at.date_naive())
}

/// The Monday of the first full week after `today` (starting strictly after it) with no
/// French public holiday from Monday to Saturday, so that a report of when places are open
/// is not skewed by a holiday closing them. Sundays are not checked: few places open on
/// Sundays, and Easter and Pentecost Sundays would otherwise always skip a week.
///
/// Weeks are looked for up to a year ahead; past the years the holiday calendar covers,
/// the first Monday after `today` is returned.
///
/// ```
/// use aiguillage_model::reference_monday;
/// use chrono::NaiveDate;
/// let date = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
/// // Tuesday 2026-11-24: the next week is a plain one.
/// assert_eq!(reference_monday(date(11, 24)), date(11, 30));
/// // Tuesday 14 July 2026 is the national holiday: its week is skipped.
/// assert_eq!(reference_monday(date(7, 8)), date(7, 20));
/// ```
pub fn reference_monday(today: NaiveDate) -> NaiveDate {
    let days_to_monday = 7 - u64::from(today.weekday().num_days_from_monday());
    let Some(first) = today.checked_add_days(Days::new(days_to_monday)) else {
        // Only at the end of chrono's calendar, where the Monday of this week still exists.
        let since_monday = u64::from(today.weekday().num_days_from_monday());
        return today.checked_sub_days(Days::new(since_monday)).unwrap_or(today);
    };
    let public = FRENCH_HOLIDAYS.get_public();
    (0..53u64)
        .map_while(|w| first.checked_add_days(Days::new(7 * w)))
        .find(|monday| monday.iter_days().take(6).all(|day| !public.contains(day)))
        .unwrap_or(first)
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

    fn week(oh: &str, tz: Tz, y: i32, m: u32, d: u32) -> WeekProfile {
        let monday = NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(monday.weekday(), chrono::Weekday::Mon, "{monday}");
        Horaires::parse(oh).week_profile(monday, tz).expect("valid hours")
    }

    /// A plain week: Monday 2026-11-23, no holiday, no clock change.
    fn plain_week(oh: &str) -> WeekProfile {
        week(oh, PARIS, 2026, 11, 23)
    }

    #[test]
    fn office_hours_week() {
        let w = plain_week("Mo-Fr 09:00-12:00,14:00-17:30");
        assert_eq!(w.open_hours(), 32.5);
        let mut expected = [0u8; 24];
        expected[9..12].fill(60);
        expected[14..17].fill(60);
        expected[17] = 30;
        for day in 0..5 {
            assert_eq!(w.minutes()[day], expected, "day {day}");
        }
        assert_eq!(w.minutes()[5], [0; 24]);
        assert_eq!(w.minutes()[6], [0; 24]);
        assert_eq!(w.open_minutes(2, 17), 30);
        assert!(w.is_open_during(0, 9) && !w.is_open_during(0, 12));
        assert!(w.open_on(4) && !w.open_on(5) && !w.open_on(6));
        assert!(!w.open_after(0..5, 18));
        assert!(w.open_after(0..5, 17));
    }

    #[test]
    fn evenings_and_saturdays() {
        let evening = plain_week("Mo-Fr 09:00-19:00");
        assert_eq!(evening.open_hours(), 50.0);
        assert!(evening.open_after(0..5, 18));
        assert!(!evening.open_after(0..5, 19));
        assert!(!evening.open_after(5..7, 0), "not on weekends");

        let saturday = plain_week("Sa 10:00-12:00");
        assert_eq!(saturday.open_hours(), 2.0);
        assert!(saturday.open_on(5));
        assert!((0..7).filter(|&d| d != 5).all(|d| !saturday.open_on(d)));
        assert_eq!(saturday.minutes()[5][10..12], [60, 60]);
    }

    #[test]
    fn always_open() {
        let w = plain_week("24/7");
        assert_eq!(w.open_hours(), 168.0);
        assert!(w.minutes().iter().flatten().all(|&m| m == 60));
    }

    #[test]
    fn ranges_past_midnight_count_on_the_next_day() {
        let w = plain_week("Mo 22:00-02:00");
        assert_eq!(w.open_hours(), 4.0);
        assert_eq!(w.minutes()[0][22..], [60, 60]);
        assert_eq!(w.minutes()[1][..3], [60, 60, 0]);
        assert!(w.open_after(0..1, 18));
        // The night from the Sunday before opens the Monday; this Sunday's night ends
        // in the next week, outside this one.
        let sunday = plain_week("Su 23:00-01:00");
        assert_eq!(sunday.open_hours(), 2.0);
        assert_eq!(sunday.open_minutes(0, 0), 60);
        assert_eq!(sunday.open_minutes(6, 23), 60);
    }

    #[test]
    fn unknown_and_closed_ranges_are_not_open() {
        // `,` adds the unknown afternoon to Wednesday; `;` lets Friday's rule replace it.
        let w = plain_week("Mo-Fr 09:00-12:00, We 14:00-16:00 unknown; Fr off");
        assert_eq!(w.open_hours(), 12.0);
        assert!(w.is_open_during(2, 9) && !w.is_open_during(2, 14));
        assert!(!w.open_on(4));
        // A normal rule replaces the day: Wednesday is only unknown, so not open at all.
        assert!(!plain_week("Mo-Fr 09:00-12:00; We 14:00-16:00 unknown").open_on(2));
    }

    #[test]
    fn public_holidays_close_with_ph_off() {
        // Week of Tuesday 14 July 2026.
        let w = week("Mo-Fr 09:00-17:00; PH off", PARIS, 2026, 7, 13);
        assert_eq!(w.open_hours(), 32.0);
        assert!(w.open_on(0) && !w.open_on(1) && w.open_on(2));
        // Without `PH off` the holiday is an ordinary Tuesday.
        assert_eq!(week("Mo-Fr 09:00-17:00", PARIS, 2026, 7, 13).open_hours(), 40.0);
    }

    #[test]
    fn clock_changes_count_real_time_by_wall_clock_hour() {
        let oh = "Mo-Su 00:00-24:00";
        // Sunday 2026-03-29: 02:00 becomes 03:00, a 23-hour day.
        let spring = week(oh, PARIS, 2026, 3, 23);
        assert_eq!(spring.open_hours(), 167.0);
        assert_eq!(spring.minutes()[6][1..4], [60, 0, 60]);
        assert!(spring.minutes()[..6].iter().flatten().all(|&m| m == 60));
        // Sunday 2026-10-25: 03:00 becomes 02:00 again, a 25-hour day.
        let autumn = week(oh, PARIS, 2026, 10, 19);
        assert_eq!(autumn.open_hours(), 169.0);
        assert_eq!(autumn.minutes()[6][1..4], [60, 120, 60]);
        // A range through the skipped hour lasts one hour less.
        let night = week("Su 01:00-04:00", PARIS, 2026, 3, 23);
        assert_eq!(night.open_hours(), 2.0);
        assert_eq!(night.minutes()[6][..5], [0, 60, 0, 60, 0]);
        // Zones without summer time are unaffected.
        assert_eq!(
            week(oh, chrono_tz::Indian::Reunion, 2026, 3, 23).open_hours(),
            168.0
        );
    }

    #[test]
    fn overseas_weeks_are_in_local_time() {
        let w = week("Mo-Fr 08:00-12:00", chrono_tz::Pacific::Noumea, 2026, 11, 23);
        assert_eq!(w.open_hours(), 20.0);
        assert_eq!(w.minutes()[0][8..12], [60; 4]);
    }

    #[test]
    fn weeks_at_the_end_of_the_calendar_do_not_panic() {
        let hours = Horaires::parse("24/7").in_zone(PARIS).unwrap();
        assert_eq!(hours.week_profile(NaiveDate::MAX).open_hours(), 0.0);
        let _ = hours.week_profile(NaiveDate::MIN);
        let _ = reference_monday(NaiveDate::MAX);
        let _ = reference_monday(NaiveDate::MIN);
    }

    #[test]
    fn profile_accessors_tolerate_out_of_range_arguments() {
        let w = plain_week("24/7");
        assert_eq!(w.open_minutes(7, 0), 0);
        assert_eq!(w.open_minutes(0, 24), 0);
        assert!(!w.open_on(7));
        assert!(!w.open_after(0..7, 24));
        assert!(w.open_after(6..99, 23));
        #[allow(clippy::reversed_empty_ranges)]
        let reversed = 5..2;
        assert!(!w.open_after(reversed, 0));
        assert_eq!(WeekProfile::default().open_hours(), 0.0);
    }

    #[test]
    fn reference_weeks_avoid_public_holidays() {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        // Strictly after today: a Monday gives the next Monday.
        assert_eq!(reference_monday(date(2026, 11, 23)), date(2026, 11, 30));
        assert_eq!(reference_monday(date(2026, 11, 29)), date(2026, 11, 30));
        // Tuesday 14 July 2026.
        assert_eq!(reference_monday(date(2026, 7, 6)), date(2026, 7, 20));
        // Friday 25 December 2026, then Friday 1 January 2027.
        assert_eq!(reference_monday(date(2026, 12, 16)), date(2027, 1, 4));
        assert_eq!(reference_monday(date(2026, 12, 21)), date(2027, 1, 4));
        // Easter Monday 2026-04-06; Easter Sunday alone does not skip its week.
        assert_eq!(reference_monday(date(2026, 4, 1)), date(2026, 4, 13));
        assert_eq!(reference_monday(date(2026, 3, 28)), date(2026, 3, 30));
    }
}

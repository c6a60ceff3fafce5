//! French wording of opening hours and opening status.
//!
//! [`describe_hours`] turns OSM `opening_hours` rules into the lines a resident reads on a
//! place page or a printed fiche (« lundi au vendredi : 9h–12h, 14h–18h30 »), with notes for
//! what a week does not show (public and school holidays, rules that change with the
//! period, comments). [`status_text`] words an [`OpenStatus`] (« Ouvert · ferme à 17h »).
//! [`day_span`] and [`time_ranges`] word a temporary closure or exceptional hours
//! (« du 24 décembre au 2 janvier », « 9h–12h, 14h–17h »), [`local_date`] and [`local_time`]
//! the moment of a change in the place's time zone.

use std::sync::Arc;

use aiguillage_model::{reference_monday, Horaires, OpenStatus};
use chrono::{
    DateTime, Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Timelike, Utc,
};
use chrono_tz::Tz;
use opening_hours::localization::Country;
use opening_hours::{Context, OpeningHours, RuleKind};
use opening_hours_syntax::rules::day::{HolidayKind, WeekDayRange};
use opening_hours_syntax::rules::time::TimeSelector;
use opening_hours_syntax::rules::RuleSequence;

/// The hours of a place, in plain French, day by day.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HoursText {
    /// The days the place opens in an ordinary week, Monday first; days sharing the same
    /// hours are on one line. Empty when it never opens in an ordinary week.
    pub lines: Vec<DayLine>,
    /// Sentences for what the lines do not say: public and school holidays, hours that
    /// change with the period, comments of the rules, hours still to be confirmed.
    pub notes: Vec<String>,
}

/// Days sharing the same hours: `days` = "lundi au vendredi", `times` = "9h–12h, 14h–18h30".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayLine {
    /// The days, lowercase: "lundi", "lundi et mardi", "lundi au vendredi",
    /// "lundi, mercredi et vendredi", "tous les jours".
    pub days: String,
    /// The opening intervals of each of these days, "9h–12h, 14h–18h30"; "24h/24" for a day
    /// open around the clock. An interval running past midnight is written on the day it
    /// starts ("22h–2h").
    pub times: String,
}

/// Badge and detail of an opening status at an instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusText {
    /// Open at that instant.
    pub open: bool,
    /// "Ouvert" or "Fermé".
    pub badge: &'static str,
    /// When that changes: "ferme à 17h", "ouvre demain à 9h", "ouvre lundi à 9h",
    /// "ouvre le 2 janvier à 9h", "ouvert en continu"; `None` when a closed place never
    /// opens again.
    pub detail: Option<String>,
}

/// Minutes in a day.
const DAY: u32 = 24 * 60;

/// Weekday names, Monday first.
const WEEKDAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

/// Days looked ahead for a public holiday to evaluate `PH` rules on: a year and a bit holds
/// every French holiday.
const HOLIDAY_SEARCH_DAYS: u64 = 400;

/// The hours of a place in French, day by day, or `None` when they are not valid OSM syntax
/// (the caller then shows the raw text as is).
///
/// The lines show an ordinary week: the first week after `today` without a public holiday
/// (see [`reference_monday`]), evaluated without public or school holidays, so that a holiday
/// never hides a day. What such a week cannot show becomes a note:
///
/// - `PH off` → "Fermé les jours fériés.", `PH 09:00-12:00` → "Jours fériés : 9h–12h.";
/// - a rule on school holidays (`SH`) → "Horaires différents pendant les vacances scolaires."
///   (or "Fermé pendant les vacances scolaires." for `SH off`);
/// - rules depending on the date (months, weeks, years, dates, the n-th weekday of a month,
///   sunrise and sunset), or weeks that differ from one another → "Horaires variables selon
///   la période : « `rules` »." (the lines then show the coming ordinary week only);
/// - comments and `unknown` ranges → "lundi 9h–12h : sur rendez-vous",
///   "samedi 10h–12h : horaires à confirmer";
/// - no opening at all → "Aucune ouverture régulière.".
///
/// Holidays written next to weekdays with a space (`SH Mo-Fr 10:00-12:00`, weekdays during
/// school holidays in OSM) are read as OSM means them, not as a list of days as
/// `opening-hours` does, so that they do not show as ordinary weekday hours.
///
/// Times are the wall-clock times of the rules, in the place's time zone `tz`: a clock change
/// in the week shown does not move them.
///
/// Cost: a few evaluations of the rules over about three weeks; never panics.
///
/// ```
/// use aiguillage_model::Horaires;
/// use aiguillage_web::french::describe_hours;
/// let hours = Horaires::parse("Mo-Fr 09:00-12:00,14:00-18:30; Sa 09:00-12:00; PH off");
/// let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
/// let text = describe_hours(&hours, chrono_tz::Europe::Paris, today).unwrap();
/// assert_eq!(text.lines[0].days, "lundi au vendredi");
/// assert_eq!(text.lines[0].times, "9h–12h, 14h–18h30");
/// assert_eq!(text.lines[1].days, "samedi");
/// assert_eq!(text.notes, ["Fermé les jours fériés."]);
/// assert!(describe_hours(&Horaires::parse("le matin"), chrono_tz::Europe::Paris, today).is_none());
/// ```
pub fn describe_hours(hours: &Horaires, tz: Tz, today: NaiveDate) -> Option<HoursText> {
    // The rules are written in the place's local wall-clock time, which is what the text
    // shows: evaluating them without a zone keeps a clock change in the week shown from
    // moving a boundary (02:30 does not exist on the spring Sunday in Paris). The zone
    // matters only for instants, in `status_text`.
    let _ = tz;
    let parsed = hours.opening_hours()?;
    let rules = &ordinary_rules(hours.raw(), parsed);
    // The evaluation only covers years 1900 to 9999; any ordinary week tells the regular
    // hours, so far dates are brought back into that range rather than failing.
    let today = today.clamp(date(1901, 1, 1)?, date(9998, 1, 1)?);
    let monday = reference_monday(today);
    let week = evaluate(rules, monday, 7)?;
    let expression = parsed.get_expression();
    let sequences = expression.rules.as_slice();

    let lines = day_lines(&week);
    let mut notes = annotation_notes(&week);

    let later = today.checked_add_days(Days::new(182)).map(reference_monday);
    let varies = depends_on_date(sequences)
        || [monday.checked_add_days(Days::new(7)), later]
            .into_iter()
            .any(|other| {
                other
                    .and_then(|m| evaluate(rules, m, 7))
                    .is_some_and(|w| w != week)
            });
    let uncertain = week.iter().flatten().any(Span::uncertain);
    if lines.is_empty() && !uncertain && !varies {
        notes.insert(0, "Aucune ouverture régulière.".to_owned());
    }
    if mentions(sequences, HolidayKind::Public) {
        notes.push(public_holiday_note(rules, sequences, &week, today));
    }
    if mentions(sequences, HolidayKind::School) {
        notes.push(school_holiday_note(sequences));
    }
    if varies {
        notes.push(format!(
            "Horaires variables selon la période : « {} ».",
            hours.raw().trim()
        ));
    } else if open_ended(sequences) {
        notes.push(format!(
            "Heure de fermeture non précisée : « {} ».",
            hours.raw().trim()
        ));
    }
    Some(HoursText { lines, notes })
}

/// The rules to evaluate, read as OSM means them when they write holidays and weekdays side
/// by side with a space (`SH Mo-Fr 10:00-12:00`: weekdays *during* school holidays), which
/// `opening-hours` reads as a list (`SH,Mo-Fr`: school holidays *or* weekdays) and would
/// show as ordinary weekday hours. The weekdays of such rules are dropped, leaving rules that
/// apply on holidays only: right for an ordinary week, and for a public holiday on a weekday.
/// When the text has no such pair, or the rewritten rules do not parse, `rules` as given.
fn ordinary_rules(raw: &str, rules: &OpeningHours) -> OpeningHours {
    if !holidays_on_weekdays(raw) {
        return rules.clone();
    }
    let mut expression = (*rules.get_expression()).clone();
    for rule in &mut expression.rules {
        let weekdays = &mut rule.day_selector.weekday;
        let holiday = |range: &WeekDayRange| matches!(range, WeekDayRange::Holiday { .. });
        if weekdays.iter().any(holiday) {
            weekdays.retain(holiday);
        }
    }
    expression
        .to_string()
        .parse::<OpeningHours>()
        .unwrap_or_else(|_| rules.clone())
}

/// Whether `raw` writes a holiday and weekdays next to each other with a space, outside
/// comments: "SH Mo-Fr", "PH Sa", "Mo-Fr SH" (but not "Mo-Fr,PH" nor "PH off").
fn holidays_on_weekdays(raw: &str) -> bool {
    const WEEKDAY_CODES: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
    let holiday = |token: &str| token.ends_with("PH") || token.ends_with("SH");
    let weekday_after = |token: &str| WEEKDAY_CODES.iter().any(|code| token.starts_with(code));
    let weekday_before = |token: &str| WEEKDAY_CODES.iter().any(|code| token.ends_with(code));
    let holiday_after = |token: &str| token.starts_with("PH") || token.starts_with("SH");
    // Comments are blanked out: their words are no selectors.
    let mut in_comment = false;
    let outside: String = raw
        .chars()
        .map(|c| {
            if c == '"' {
                in_comment = !in_comment;
                ' '
            } else if in_comment {
                ' '
            } else {
                c
            }
        })
        .collect();
    let tokens: Vec<&str> = outside.split_whitespace().collect();
    tokens.windows(2).any(|pair| match pair {
        [first, second] => {
            (holiday(first) && weekday_after(second)) || (weekday_before(first) && holiday_after(second))
        }
        _ => false,
    })
}

/// Badge and detail of `status` at the instant `at`, for a place in the time zone `tz`
/// (days and times are the place's).
///
/// The detail says when the status changes: "ferme à 17h" (today), "ferme à minuit",
/// "ferme demain à 2h", "ferme lundi à 9h" (within 6 days), "ouvert en continu" (never);
/// "ouvre à 14h", "ouvre demain à 9h", "ouvre lundi à 9h", "ouvre le 2 janvier à 9h" (a week
/// or more ahead, with the year when it is not this year's), or `None` when the place never
/// opens again. A change dated before `at` (inconsistent input) gets no detail.
///
/// ```
/// use aiguillage_model::Horaires;
/// use aiguillage_web::french::status_text;
/// use chrono::{TimeZone, Utc};
/// let paris = chrono_tz::Europe::Paris;
/// // Monday 2026-11-23 at 10:30 in Paris.
/// let at = Utc.with_ymd_and_hms(2026, 11, 23, 9, 30, 0).unwrap();
/// let status = Horaires::parse("Mo-Fr 09:00-17:00").status_at(at, paris).unwrap();
/// let text = status_text(status, at, paris);
/// assert_eq!((text.badge, text.detail.as_deref()), ("Ouvert", Some("ferme à 17h")));
/// ```
pub fn status_text(status: OpenStatus, at: DateTime<Utc>, tz: Tz) -> StatusText {
    let detail = match status.next_change {
        None if status.open => Some("ouvert en continu".to_owned()),
        None => None,
        Some(next) => change(
            status.open,
            local(next.naive_utc(), tz),
            local(at.naive_utc(), tz),
        ),
    };
    StatusText {
        open: status.open,
        badge: if status.open { "Ouvert" } else { "Fermé" },
        detail,
    }
}

/// A time of day the French way: "9h", "18h30", "0h", "12h05" (seconds are dropped).
///
/// ```
/// use aiguillage_web::french::clock;
/// use chrono::NaiveTime;
/// let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
/// assert_eq!(clock(t(9, 0)), "9h");
/// assert_eq!(clock(t(18, 30)), "18h30");
/// assert_eq!(clock(t(0, 0)), "0h");
/// assert_eq!(clock(t(12, 5)), "12h05");
/// ```
pub fn clock(time: NaiveTime) -> String {
    minutes_clock(time.hour() * 60 + time.minute())
}

/// Days from `from` to `to` (inclusive) as French people write them: « le 24 décembre » for
/// one day, « du 24 décembre au 2 janvier 2027 » for several. A year is written only when it
/// is not `today`'s, so a notice of this year's closures stays short.
///
/// ```
/// use aiguillage_web::french::day_span;
/// let d = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// let today = d(2026, 12, 1);
/// assert_eq!(day_span(d(2026, 12, 24), d(2026, 12, 24), today), "le 24 décembre");
/// assert_eq!(
///     day_span(d(2026, 12, 24), d(2027, 1, 2), today),
///     "du 24 décembre au 2 janvier 2027"
/// );
/// ```
pub fn day_span(from: NaiveDate, to: NaiveDate, today: NaiveDate) -> String {
    let day = |date: NaiveDate| {
        let day = aiguillage_model::french_day_and_month(date);
        if date.year() == today.year() {
            day
        } else {
            format!("{day} {}", date.year())
        }
    };
    if to <= from {
        format!("le {}", day(from))
    } else {
        format!("du {} au {}", day(from), day(to))
    }
}

/// Times of day typed as `09:00-12:00,14:00-17:00` (the time part of OSM hours), as French
/// people write them: « 9h–12h, 14h–17h »; `None` when the text is anything else (it is then
/// shown as typed).
///
/// ```
/// use aiguillage_web::french::time_ranges;
/// assert_eq!(time_ranges("09:00-12:00, 14:00-17:30").as_deref(), Some("9h–12h, 14h–17h30"));
/// assert_eq!(time_ranges("le matin"), None);
/// ```
pub fn time_ranges(text: &str) -> Option<String> {
    let time = |t: &str| NaiveTime::parse_from_str(t.trim(), "%H:%M").ok();
    let ranges = text
        .split(',')
        .map(|range| {
            let (start, end) = range.split_once('-')?;
            Some(format!("{}–{}", clock(time(start)?), clock(time(end)?)))
        })
        .collect::<Option<Vec<_>>>()?;
    Some(ranges.join(", "))
}

/// The day of the instant `at` in the time zone `tz` (a place's, see
/// [`aiguillage_model::time_zone`]).
pub fn local_date(at: DateTime<Utc>, tz: Tz) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

/// The instant `at` in the time zone `tz`, in French: « 3 mars 2026 à 14h05 ».
///
/// ```
/// use aiguillage_web::french::local_time;
/// use chrono::{TimeZone, Utc};
/// let at = Utc.with_ymd_and_hms(2026, 3, 3, 13, 5, 0).unwrap();
/// assert_eq!(local_time(at, chrono_tz::Europe::Paris), "3 mars 2026 à 14h05");
/// ```
pub fn local_time(at: DateTime<Utc>, tz: Tz) -> String {
    let local = at.with_timezone(&tz);
    format!(
        "{} à {}",
        aiguillage_model::french_date(local.date_naive()),
        clock(local.time())
    )
}

/// "ferme à 17h", "ouvre demain à 9h"…: the next change of a place `open` or not, at the
/// local date-time `next`, seen at the local date-time `now`.
fn change(open: bool, next: Option<NaiveDateTime>, now: Option<NaiveDateTime>) -> Option<String> {
    let (next, today) = (next?, now?.date());
    let days = (next.date() - today).num_days();
    // Closing at the midnight ending today reads better than "demain à 0h".
    if open && days == 1 && next.time() == NaiveTime::MIN {
        return Some("ferme à minuit".to_owned());
    }
    let verb = if open { "ferme" } else { "ouvre" };
    when(next, days, today).map(|when| format!("{verb} {when}"))
}

/// The local date-time in `tz` of the UTC date-time `utc`; `None` at the ends of the
/// calendar, where the conversion would overflow (chrono's own conversion panics there).
fn local(utc: NaiveDateTime, tz: Tz) -> Option<NaiveDateTime> {
    utc.checked_add_offset(tz.offset_from_utc_datetime(&utc).fix())
}

/// "à 17h", "demain à 9h", "lundi à 9h", "le 2 janvier à 9h": the local date-time `next`,
/// `days` after `today`.
fn when(next: NaiveDateTime, days: i64, today: NaiveDate) -> Option<String> {
    let time = clock(next.time());
    match days {
        ..0 => None,
        0 => Some(format!("à {time}")),
        1 => Some(format!("demain à {time}")),
        2..=6 => Some(format!(
            "{} à {time}",
            weekday_name(next.weekday().num_days_from_monday())
        )),
        _ => {
            let date = next.date();
            let year = if date.year() == today.year() {
                String::new()
            } else {
                format!(" {}", date.year())
            };
            Some(format!(
                "le {}{year} à {time}",
                aiguillage_model::french_day_and_month(date)
            ))
        }
    }
}

/// The French name of a weekday, 0 = Monday; empty past Sunday.
fn weekday_name(index: u32) -> &'static str {
    usize::try_from(index)
        .ok()
        .and_then(|i| WEEKDAYS.get(i))
        .copied()
        .unwrap_or_default()
}

/// A date from its parts, `None` when it does not exist.
fn date(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

/// A stretch of one state of the rules on one day: minutes from that day's midnight, the end
/// past 1440 for a range running through the night into the next day.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Span {
    start: u32,
    end: u32,
    kind: RuleKind,
    comment: Arc<str>,
}

/// The spans of each of the `days` days from `first`, indexed from 0. Closed time without
/// a comment is left out: it is what the text does not mention. `None` past the end of the
/// calendar.
fn evaluate(rules: &OpeningHours, first: NaiveDate, days: u64) -> Option<Vec<Vec<Span>>> {
    // From the day before, so that a night starting then is known as such (and not shown
    // as an opening at midnight), to the day after, so that the last night is whole.
    let from = first.checked_sub_days(Days::new(1))?.and_time(NaiveTime::MIN);
    let to = first
        .checked_add_days(Days::new(days + 1))?
        .and_time(NaiveTime::MIN);
    let mut result = vec![Vec::new(); usize::try_from(days).ok()?];
    for range in rules.iter_range(from, to) {
        if range.kind == RuleKind::Closed && range.comment.is_empty() {
            continue;
        }
        for (day, start, end) in day_pieces(range.range.start, range.range.end) {
            let index = usize::try_from((day - first).num_days()).ok();
            if let Some(spans) = index.and_then(|i| result.get_mut(i)) {
                spans.push(Span {
                    start,
                    end,
                    kind: range.kind,
                    comment: range.comment.clone(),
                });
            }
        }
    }
    Some(result)
}

/// The range `start..end` cut at each midnight into (day, start minute, end minute) pieces,
/// except that a night (from the evening to the next morning, shorter than a day) stays
/// whole on the day it starts: "22h–2h" rather than "22h–24h" and "0h–2h".
fn day_pieces(start: NaiveDateTime, end: NaiveDateTime) -> Vec<(NaiveDate, u32, u32)> {
    let minutes = |t: NaiveTime| t.hour() * 60 + t.minute();
    let mut pieces = Vec::new();
    let mut at = start;
    while at < end {
        let day = at.date();
        let Some(midnight) = day.succ_opt().map(|d| d.and_time(NaiveTime::MIN)) else {
            break;
        };
        let stop = end.min(midnight);
        let until = if stop == midnight {
            DAY
        } else {
            minutes(stop.time())
        };
        let from = minutes(at.time());
        if from < until {
            pieces.push((day, from, until));
        }
        at = stop;
    }
    if let [(day, evening, DAY), (_, 0, morning)] = pieces.as_slice() {
        if *evening > 0 && morning < evening {
            return vec![(*day, *evening, DAY + morning)];
        }
    }
    pieces
}

impl Span {
    /// Whether the span is an opening with hours (not a day of comment only, see
    /// [`Span::comment_only`]).
    fn is_open(&self) -> bool {
        self.kind == RuleKind::Open && !self.comment_only()
    }

    /// Whether the span is a whole day open "with a comment": what the evaluation makes of
    /// a rule without times such as `"sur rendez-vous"` or `Mo-Fr "sur rendez-vous"`, where
    /// the comment stands for the hours. Shown as a note, not as "24h/24".
    fn comment_only(&self) -> bool {
        self.kind == RuleKind::Open && self.start == 0 && self.end == DAY && !self.comment.trim().is_empty()
    }

    /// Whether the span says the hours are uncertain: `unknown`, or a comment for hours.
    fn uncertain(&self) -> bool {
        self.kind == RuleKind::Unknown || self.comment_only()
    }
}

/// The open intervals of a day, in minutes; touching intervals (with different comments)
/// are joined.
fn open_intervals(spans: &[Span]) -> Vec<(u32, u32)> {
    let mut intervals: Vec<(u32, u32)> = Vec::new();
    for span in spans.iter().filter(|s| s.is_open()) {
        match intervals.last_mut() {
            Some(last) if last.1 == span.start => last.1 = span.end,
            _ => intervals.push((span.start, span.end)),
        }
    }
    intervals
}

/// Lines of days sharing the same open intervals, ordered by their first day.
fn day_lines(week: &[Vec<Span>]) -> Vec<DayLine> {
    let by_day = week
        .iter()
        .enumerate()
        .map(|(day, spans)| (day, open_intervals(spans)));
    group(by_day.filter(|(_, intervals)| !intervals.is_empty()))
        .into_iter()
        .map(|(days, intervals)| DayLine {
            days: days_label(&days),
            times: times(&intervals),
        })
        .collect()
}

/// Groups `(day, key)` pairs by equal keys, in order of first appearance.
fn group<K: PartialEq>(items: impl Iterator<Item = (usize, K)>) -> Vec<(Vec<usize>, K)> {
    let mut groups: Vec<(Vec<usize>, K)> = Vec::new();
    for (day, key) in items {
        match groups.iter_mut().find(|(_, k)| *k == key) {
            Some((days, _)) => days.push(day),
            None => groups.push((vec![day], key)),
        }
    }
    groups
}

/// A state of the rules with a comment or `unknown`, and its intervals on one day.
type Annotated = (RuleKind, Arc<str>, Vec<(u32, u32)>);

/// Notes for the comments and the `unknown` ranges of the week: "lundi 9h–12h : sur
/// rendez-vous", "samedi 10h–12h : horaires à confirmer", or the comment alone when it
/// covers the whole week.
fn annotation_notes(week: &[Vec<Span>]) -> Vec<String> {
    let per_day = week.iter().enumerate().flat_map(|(day, spans)| {
        let mut states: Vec<Annotated> = Vec::new();
        for span in spans
            .iter()
            .filter(|s| s.kind == RuleKind::Unknown || !s.comment.is_empty())
        {
            match states
                .iter_mut()
                .find(|(k, c, _)| *k == span.kind && *c == span.comment)
            {
                Some((_, _, intervals)) => intervals.push((span.start, span.end)),
                None => states.push((span.kind, span.comment.clone(), vec![(span.start, span.end)])),
            }
        }
        states.into_iter().map(move |state| (day, state))
    });
    group(per_day)
        .into_iter()
        .map(|(days, (kind, comment, intervals))| {
            let whole_day = intervals == [(0, DAY)];
            let comment = comment.trim();
            if days.len() == WEEKDAYS.len() && whole_day && !comment.is_empty() {
                return comment.to_owned();
            }
            let text = match (kind, comment) {
                (RuleKind::Unknown, "") => "horaires à confirmer".to_owned(),
                (RuleKind::Closed, comment) => format!("fermé ({comment})"),
                (_, comment) => comment.to_owned(),
            };
            if whole_day {
                format!("{} : {text}", days_label(&days))
            } else {
                format!("{} {} : {text}", days_label(&days), times(&intervals))
            }
        })
        .collect()
}

/// "lundi", "lundi et mardi", "lundi au vendredi", "lundi, mercredi et vendredi",
/// "lundi au mercredi et vendredi", "tous les jours", for sorted day indices (0 = Monday).
fn days_label(days: &[usize]) -> String {
    if days.len() == WEEKDAYS.len() {
        return "tous les jours".to_owned();
    }
    let name = |d: usize| WEEKDAYS.get(d).copied().unwrap_or_default();
    let mut items = Vec::new();
    let mut rest = days;
    while let Some(&first) = rest.first() {
        // The run of consecutive days starting at `first`.
        let run = rest
            .iter()
            .enumerate()
            .take_while(|&(i, &d)| d == first + i)
            .count();
        if run >= 3 {
            items.push(format!("{} au {}", name(first), name(first + run - 1)));
        } else {
            items.extend(rest.iter().take(run).map(|&d| name(d).to_owned()));
        }
        rest = rest.get(run..).unwrap_or_default();
    }
    join_and(&items)
}

/// "a", "a et b", "a, b et c".
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} et {last}", init.join(", ")),
    }
}

/// "9h–12h, 14h–18h30", or "24h/24" for a whole day.
fn times(intervals: &[(u32, u32)]) -> String {
    if intervals == [(0, DAY)] {
        return "24h/24".to_owned();
    }
    let interval = |&(start, end): &(u32, u32)| {
        let end = if end == DAY {
            "24h".to_owned()
        } else {
            minutes_clock(end % DAY)
        };
        format!("{}–{end}", minutes_clock(start))
    };
    intervals.iter().map(interval).collect::<Vec<_>>().join(", ")
}

/// "9h", "18h30" for minutes since midnight.
fn minutes_clock(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (hour, 0) => format!("{hour}h"),
        (hour, minute) => format!("{hour}h{minute:02}"),
    }
}

/// Whether a rule's days depend on the date (years, months, dates, week numbers, the n-th
/// weekday of a month, day offsets) or its times on the sun: no single week tells them.
fn depends_on_date(rules: &[RuleSequence]) -> bool {
    rules.iter().any(|rule| {
        let days = &rule.day_selector;
        let nth_weekday = days.weekday.iter().any(|range| match range {
            WeekDayRange::Fixed {
                offset,
                nth_from_start,
                nth_from_end,
                ..
            } => *offset != 0 || nth_from_start.contains(&false) || nth_from_end.contains(&false),
            WeekDayRange::Holiday { .. } => false,
        });
        let sun = rule.time_selector.spans.iter().any(|span| {
            span.range.start.as_time_event().is_some() || span.range.end.as_time_event().is_some()
        });
        !days.year.is_empty() || !days.monthday.is_empty() || !days.week.is_empty() || nth_weekday || sun
    })
}

/// Whether a rule has an open end (`18:00+`), which the evaluation closes at midnight.
fn open_ended(rules: &[RuleSequence]) -> bool {
    rules
        .iter()
        .any(|rule| rule.time_selector.spans.iter().any(|span| span.open_end))
}

/// Whether a rule applies on public (`PH`) or school (`SH`) holidays.
fn mentions(rules: &[RuleSequence], holiday: HolidayKind) -> bool {
    rules.iter().any(|rule| applies_on(rule, holiday))
}

/// Whether `rule` applies on `holiday`.
fn applies_on(rule: &RuleSequence, holiday: HolidayKind) -> bool {
    rule.day_selector
        .weekday
        .iter()
        .any(|range| matches!(range, WeekDayRange::Holiday { kind, .. } if *kind == holiday))
}

/// What happens on public holidays: the rules evaluated with the French holidays on the
/// first coming holiday that falls on a day the place usually opens (else on a weekday),
/// compared with that ordinary day.
fn public_holiday_note(
    rules: &OpeningHours,
    sequences: &[RuleSequence],
    week: &[Vec<Span>],
    today: NaiveDate,
) -> String {
    let holidays = Country::FR.holidays();
    let upcoming: Vec<NaiveDate> = (1..=HOLIDAY_SEARCH_DAYS)
        .filter_map(|n| today.checked_add_days(Days::new(n)))
        .filter(|day| holidays.get_public().contains(*day))
        .collect();
    let usual = |day: &NaiveDate| {
        let index = usize::try_from(day.weekday().num_days_from_monday()).ok();
        open_intervals(index.and_then(|i| week.get(i)).map_or(&[][..], Vec::as_slice))
    };
    let holiday = upcoming
        .iter()
        .find(|day| !usual(day).is_empty())
        .or_else(|| {
            upcoming
                .iter()
                .find(|day| day.weekday().num_days_from_monday() < 5)
        })
        .or(upcoming.first());
    let with_holidays = rules
        .clone()
        .with_context(Context::default().with_holidays(holidays));
    let evaluated = holiday.and_then(|day| Some((day, evaluate(&with_holidays, *day, 1)?)));
    let Some((day, spans)) = evaluated else {
        // Past the holiday calendar: only the last rule on holidays can be read.
        let last = sequences
            .iter()
            .rev()
            .find(|rule| applies_on(rule, HolidayKind::Public));
        return match last.map(|rule| rule.kind) {
            Some(RuleKind::Closed) => "Fermé les jours fériés.".to_owned(),
            _ => "Horaires différents les jours fériés.".to_owned(),
        };
    };
    let spans = spans.first().map_or(&[][..], Vec::as_slice);
    let open = open_intervals(spans);
    let uncertain = spans.iter().find(|span| span.uncertain());
    if let (true, Some(span)) = (open.is_empty(), uncertain) {
        match span.comment.trim() {
            "" => "Jours fériés : horaires à confirmer.".to_owned(),
            comment => format!("Jours fériés : {comment}."),
        }
    } else if open.is_empty() {
        "Fermé les jours fériés.".to_owned()
    } else if open == usual(day) {
        "Ouvert les jours fériés aux horaires habituels.".to_owned()
    } else {
        format!("Jours fériés : {}.", times(&open))
    }
}

/// What happens during school holidays, which depend on the school zone and so are not
/// evaluated: closed when every rule on them closes the whole day, else different.
fn school_holiday_note(rules: &[RuleSequence]) -> String {
    let closed = rules
        .iter()
        .filter(|rule| applies_on(rule, HolidayKind::School))
        .all(|rule| rule.kind == RuleKind::Closed && rule.time_selector == TimeSelector::default());
    if closed {
        "Fermé pendant les vacances scolaires.".to_owned()
    } else {
        "Horaires différents pendant les vacances scolaires.".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARIS: Tz = chrono_tz::Europe::Paris;

    /// Monday 2026-11-23: its reference week starts on 2026-11-30, a plain week.
    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn describe(oh: &str) -> HoursText {
        describe_at(oh, PARIS, today())
    }

    fn describe_at(oh: &str, tz: Tz, today: NaiveDate) -> HoursText {
        let hours = Horaires::parse(oh);
        assert!(hours.opening_hours().is_some(), "{oh}: {:?}", hours.error());
        describe_hours(&hours, tz, today).expect("valid hours")
    }

    fn lines(text: &HoursText) -> Vec<(&str, &str)> {
        text.lines
            .iter()
            .map(|l| (l.days.as_str(), l.times.as_str()))
            .collect()
    }

    #[test]
    fn office_hours_with_a_lunch_break() {
        let text = describe("Mo-Fr 09:00-12:00,14:00-18:30; Sa 09:00-12:00; PH off");
        assert_eq!(
            lines(&text),
            [("lundi au vendredi", "9h–12h, 14h–18h30"), ("samedi", "9h–12h")]
        );
        assert_eq!(text.notes, ["Fermé les jours fériés."]);
    }

    #[test]
    fn separate_days() {
        let text = describe("Mo,We,Fr 14:00-17:00");
        assert_eq!(lines(&text), [("lundi, mercredi et vendredi", "14h–17h")]);
        assert!(text.notes.is_empty());
    }

    #[test]
    fn rules_in_any_order_are_grouped_in_week_order() {
        let text = describe("Tu,Th 09:00-12:00; Mo,We 09:00-12:00");
        assert_eq!(lines(&text), [("lundi au jeudi", "9h–12h")]);
        let text = describe("Sa 10:00-12:00; Mo-We 09:00-12:00; Fr 09:00-12:00");
        assert_eq!(
            lines(&text),
            [("lundi au mercredi et vendredi", "9h–12h"), ("samedi", "10h–12h")]
        );
    }

    #[test]
    fn two_days_and_split_runs() {
        assert_eq!(
            lines(&describe("Mo,Tu 09:00-12:00")),
            [("lundi et mardi", "9h–12h")]
        );
        assert_eq!(
            lines(&describe("Mo,Tu,Th,Fr 09:00-12:00")),
            [("lundi, mardi, jeudi et vendredi", "9h–12h")]
        );
        assert_eq!(
            lines(&describe("Mo-Sa 10:00-18:00; We 14:00-18:00")),
            [
                ("lundi, mardi et jeudi au samedi", "10h–18h"),
                ("mercredi", "14h–18h")
            ]
        );
        assert_eq!(
            lines(&describe("Mo-Fr 08:30-12:00; Su 10:00-12:00")),
            [("lundi au vendredi", "8h30–12h"), ("dimanche", "10h–12h")]
        );
    }

    #[test]
    fn always_open() {
        let text = describe("24/7");
        assert_eq!(lines(&text), [("tous les jours", "24h/24")]);
        assert!(text.notes.is_empty());
        assert_eq!(
            lines(&describe("Mo-Su 00:00-24:00")),
            [("tous les jours", "24h/24")]
        );
        assert_eq!(
            lines(&describe("Mo-Fr 00:00-24:00; Sa 08:00-12:00")),
            [("lundi au vendredi", "24h/24"), ("samedi", "8h–12h")]
        );
    }

    #[test]
    fn nights_are_shown_on_the_day_they_start() {
        assert_eq!(
            lines(&describe("Mo-Su 22:00-02:00")),
            [("tous les jours", "22h–2h")]
        );
        assert_eq!(
            lines(&describe("Fr,Sa 20:00-01:30")),
            [("vendredi et samedi", "20h–1h30")]
        );
        // A Sunday night ends on the Monday, which still does not open.
        assert_eq!(lines(&describe("Su 21:00-03:00")), [("dimanche", "21h–3h")]);
        assert_eq!(lines(&describe("Mo 18:00-26:00")), [("lundi", "18h–2h")]);
    }

    #[test]
    fn ranges_ending_at_midnight_print_24h() {
        assert_eq!(
            lines(&describe("Mo-Fr 08:00-24:00")),
            [("lundi au vendredi", "8h–24h")]
        );
        // Half a day and half a day are not one night.
        assert_eq!(
            lines(&describe("Mo 12:00-24:00; Tu 00:00-12:00")),
            [("lundi", "12h–24h"), ("mardi", "0h–12h")]
        );
        // A weekend open around the clock from Friday evening.
        assert_eq!(
            lines(&describe("Fr 18:00-24:00; Sa 00:00-24:00; Su 00:00-12:00")),
            [
                ("vendredi", "18h–24h"),
                ("samedi", "24h/24"),
                ("dimanche", "0h–12h")
            ]
        );
    }

    #[test]
    fn comments_become_notes() {
        let text = describe("Mo 09:00-12:00 \"sur rendez-vous\"");
        assert_eq!(lines(&text), [("lundi", "9h–12h")]);
        assert_eq!(text.notes, ["lundi 9h–12h : sur rendez-vous"]);

        // `;` replaces Wednesday's hours.
        let text = describe("Mo-Fr 09:00-12:00; We 14:00-17:00 \"sur rendez-vous\"");
        assert_eq!(
            lines(&text),
            [
                ("lundi, mardi, jeudi et vendredi", "9h–12h"),
                ("mercredi", "14h–17h")
            ]
        );
        assert_eq!(text.notes, ["mercredi 14h–17h : sur rendez-vous"]);

        // A later rule replaces the commented one entirely.
        let text = describe("Tu,Th 14:00-17:00 \"sur rendez-vous\"; Mo-Fr 09:00-12:00");
        assert_eq!(lines(&text), [("lundi au vendredi", "9h–12h")]);
        assert!(text.notes.is_empty());

        let text = describe("Mo-Fr 09:00-12:00, Tu,Th 14:00-17:00 \"sur rendez-vous\"");
        assert_eq!(
            lines(&text),
            [
                ("lundi, mercredi et vendredi", "9h–12h"),
                ("mardi et jeudi", "9h–12h, 14h–17h")
            ]
        );
        assert_eq!(text.notes, ["mardi et jeudi 14h–17h : sur rendez-vous"]);

        // A comment without hours stands for the hours: not "24h/24".
        let text = describe("\"sur rendez-vous\"");
        assert!(text.lines.is_empty());
        assert_eq!(text.notes, ["sur rendez-vous"]);
        let text = describe("Mo-Fr \"sur rendez-vous\"; Sa 10:00-12:00");
        assert_eq!(lines(&text), [("samedi", "10h–12h")]);
        assert_eq!(text.notes, ["lundi au vendredi : sur rendez-vous"]);
        let text = describe("24/7 \"accueil téléphonique\"");
        assert!(text.lines.is_empty());
        assert_eq!(text.notes, ["accueil téléphonique"]);
    }

    #[test]
    fn unknown_ranges_are_to_be_confirmed() {
        let text = describe("Mo-Fr 09:00-12:00; Sa 10:00-12:00 unknown");
        assert_eq!(lines(&text), [("lundi au vendredi", "9h–12h")]);
        assert_eq!(text.notes, ["samedi 10h–12h : horaires à confirmer"]);

        let text = describe("Mo-Fr 09:00-12:00, Tu 14:00-16:00 unknown \"selon les bénévoles\"");
        assert_eq!(text.notes, ["mardi 14h–16h : selon les bénévoles"]);

        let text = describe("Mo-Fr unknown");
        assert!(text.lines.is_empty());
        assert_eq!(text.notes, ["lundi au vendredi : horaires à confirmer"]);

        // Closing time left open: the evaluation closes at midnight, the note says so.
        let text = describe("Mo-Fr 18:00+");
        assert_eq!(lines(&text), [("lundi au vendredi", "18h–24h")]);
        assert_eq!(
            text.notes,
            ["Heure de fermeture non précisée : « Mo-Fr 18:00+ »."]
        );
    }

    #[test]
    fn closed_days_with_a_comment() {
        let text = describe("Mo-Fr 09:00-17:00; We off \"réunion d'équipe\"");
        assert_eq!(lines(&text), [("lundi, mardi, jeudi et vendredi", "9h–17h")]);
        assert_eq!(text.notes, ["mercredi : fermé (réunion d'équipe)"]);
    }

    #[test]
    fn never_open() {
        for oh in ["off", "closed", "Mo-Su off"] {
            let text = describe(oh);
            assert!(text.lines.is_empty(), "{oh}");
            assert_eq!(text.notes, ["Aucune ouverture régulière."], "{oh}");
        }
    }

    #[test]
    fn public_holidays() {
        assert_eq!(
            describe("Mo-Fr 09:00-17:00; PH 10:00-12:00").notes,
            ["Jours fériés : 10h–12h."]
        );
        assert_eq!(
            describe("Mo-Fr 09:00-12:00; PH 09:00-12:00").notes,
            ["Ouvert les jours fériés aux horaires habituels."]
        );
        assert_eq!(
            describe("Mo-Sa 09:00-12:00; PH unknown").notes,
            ["Jours fériés : horaires à confirmer."]
        );
        // Closed on holidays, whatever the weekday: the night before ends as usual.
        assert_eq!(
            describe("Mo-Su 22:00-02:00; PH off").notes,
            ["Fermé les jours fériés."]
        );
        // Opening only on holidays shows no ordinary day.
        let text = describe("PH 10:00-12:00");
        assert!(text.lines.is_empty());
        assert_eq!(
            text.notes,
            ["Aucune ouverture régulière.", "Jours fériés : 10h–12h."]
        );
        // No mention of holidays: they are ordinary days, nothing to say.
        assert!(describe("Mo-Fr 09:00-17:00").notes.is_empty());
    }

    #[test]
    fn holiday_weeks_do_not_hide_days() {
        // Tuesday 2026-07-07: the week of 14 July is skipped; and with Easter Sunday in the
        // week shown, `PH off` does not hide Sundays.
        let text = describe_at("Mo-Su 10:00-18:00; PH off", PARIS, date(2026, 7, 7).unwrap());
        assert_eq!(lines(&text), [("tous les jours", "10h–18h")]);
        let text = describe_at("Su 10:00-12:00; PH off", PARIS, date(2026, 3, 28).unwrap());
        assert_eq!(lines(&text), [("dimanche", "10h–12h")]);
        assert_eq!(text.notes, ["Fermé les jours fériés."]);
    }

    #[test]
    fn school_holidays() {
        let text = describe("Mo-Fr 09:00-17:00; SH 10:00-12:00");
        assert_eq!(lines(&text), [("lundi au vendredi", "9h–17h")]);
        assert_eq!(
            text.notes,
            ["Horaires différents pendant les vacances scolaires."]
        );
        let text = describe("We 14:00-17:00; SH off; PH off");
        assert_eq!(lines(&text), [("mercredi", "14h–17h")]);
        assert_eq!(
            text.notes,
            ["Fermé les jours fériés.", "Fermé pendant les vacances scolaires."]
        );
    }

    #[test]
    fn weekdays_during_holidays() {
        // OSM: Monday afternoons during school holidays, not every Monday afternoon.
        let text = describe("Mo 10:00-12:00; SH Mo 14:00-16:00");
        assert_eq!(lines(&text), [("lundi", "10h–12h")]);
        assert_eq!(
            text.notes,
            ["Horaires différents pendant les vacances scolaires."]
        );
        let text = describe("Mo-Fr 09:00-17:00; SH Mo-Fr 10:00-12:00; PH off");
        assert_eq!(lines(&text), [("lundi au vendredi", "9h–17h")]);
        assert_eq!(
            text.notes,
            [
                "Fermé les jours fériés.",
                "Horaires différents pendant les vacances scolaires."
            ]
        );
        let text = describe("Mo-Fr 09:00-12:00; PH Mo-Fr 10:00-11:00");
        assert_eq!(lines(&text), [("lundi au vendredi", "9h–12h")]);
        assert_eq!(text.notes, ["Jours fériés : 10h–11h."]);
        // A list is a list: Sundays and public holidays.
        let text = describe("Mo-Fr 09:00-12:00; Su,PH 10:00-12:00");
        assert_eq!(
            lines(&text),
            [("lundi au vendredi", "9h–12h"), ("dimanche", "10h–12h")]
        );
        assert_eq!(text.notes, ["Jours fériés : 10h–12h."]);
        // Words in comments are not selectors.
        assert!(!holidays_on_weekdays("Mo 10:00-12:00 \"PH Mo\""));
        assert!(holidays_on_weekdays("Mo-Fr SH off"));
        assert!(!holidays_on_weekdays("Mo-Fr 09:00-12:00; PH off"));
    }

    #[test]
    fn hours_varying_with_the_period() {
        let alternate = "week 01-53/2 Mo 10:00-12:00";
        let text = describe(alternate);
        assert_eq!(
            text.notes.last().map(String::as_str),
            Some("Horaires variables selon la période : « week 01-53/2 Mo 10:00-12:00 ».")
        );
        assert!(!text.notes.iter().any(|n| n.starts_with("Aucune")), "{text:?}");

        let seasons = "Jan-Jun Mo-Fr 09:00-12:00; Jul-Dec Mo-Fr 14:00-17:00";
        let text = describe(seasons);
        assert_eq!(lines(&text), [("lundi au vendredi", "14h–17h")]);
        assert_eq!(
            text.notes,
            [format!("Horaires variables selon la période : « {seasons} ».")]
        );

        let text = describe("Mo-Fr 09:00-17:00; 2026 Dec 24 09:00-12:00");
        assert_eq!(lines(&text), [("lundi au vendredi", "9h–17h")]);
        assert_eq!(text.notes.len(), 1);
        assert!(text.notes[0].starts_with("Horaires variables selon la période"));

        // First Saturday of the month, and sunrise.
        for oh in ["Sa[1] 10:00-12:00", "Mo-Fr sunrise-sunset"] {
            let text = describe(oh);
            assert!(
                text.notes.iter().any(|n| n.starts_with("Horaires variables")),
                "{oh}: {text:?}"
            );
        }
    }

    #[test]
    fn overseas_hours_are_local_wall_clock_times() {
        let guadeloupe = chrono_tz::America::Guadeloupe;
        let text = describe_at(
            "Mo-Fr 07:30-12:30,14:00-16:00; Sa 08:00-12:00; PH off",
            guadeloupe,
            today(),
        );
        assert_eq!(
            lines(&text),
            [("lundi au vendredi", "7h30–12h30, 14h–16h"), ("samedi", "8h–12h")]
        );
        assert_eq!(text.notes, ["Fermé les jours fériés."]);
        let reunion = describe_at("Mo-Fr 08:00-12:00", chrono_tz::Indian::Reunion, today());
        assert_eq!(lines(&reunion), [("lundi au vendredi", "8h–12h")]);
    }

    #[test]
    fn clock_changes_do_not_move_the_hours() {
        // Today 2026-03-21: the week shown starts 2026-03-23, with the spring change on
        // Sunday 29 March; then the autumn change on Sunday 25 October.
        for today in [date(2026, 3, 21).unwrap(), date(2026, 10, 17).unwrap()] {
            let text = describe_at("Su 01:00-04:00; Mo-Sa 09:00-12:00", PARIS, today);
            assert_eq!(
                lines(&text),
                [("lundi au samedi", "9h–12h"), ("dimanche", "1h–4h")],
                "{today}"
            );
            let text = describe_at("Sa 22:00-03:00", PARIS, today);
            assert_eq!(lines(&text), [("samedi", "22h–3h")], "{today}");
        }
    }

    #[test]
    fn invalid_hours_have_no_text() {
        for raw in [
            "du lundi au vendredi de 9h à 12h",
            "Mo-Fr 9h-12h",
            "sur rendez-vous",
        ] {
            assert_eq!(
                describe_hours(&Horaires::parse(raw), PARIS, today()),
                None,
                "{raw}"
            );
        }
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let days = [
            NaiveDate::MIN,
            NaiveDate::MAX,
            date(1900, 1, 1).unwrap(),
            date(9999, 12, 31).unwrap(),
        ];
        for oh in [
            "24/7",
            "Mo-Su 22:00-02:00; PH off",
            "Mo 00:00-48:00",
            "Mo-Fr 18:00+",
            "week 01-53/2 Mo 10:00-12:00",
            "easter -2 days off",
            "SH,PH off; 24/7",
            "Mo-Fr 10:00-16:00/01:00",
            "dawn-dusk",
            "\"\"",
        ] {
            let hours = Horaires::parse(oh);
            for day in days.into_iter().chain([today()]) {
                let _ = describe_hours(&hours, PARIS, day);
            }
        }
        let text = describe_at("Mo-Fr 09:00-12:00", PARIS, NaiveDate::MAX);
        assert_eq!(lines(&text), [("lundi au vendredi", "9h–12h")]);
    }

    #[test]
    fn day_labels() {
        let label = |days: &[usize]| days_label(days);
        assert_eq!(label(&[0]), "lundi");
        assert_eq!(label(&[5, 6]), "samedi et dimanche");
        assert_eq!(label(&[0, 2]), "lundi et mercredi");
        assert_eq!(label(&[0, 1, 2, 3, 4]), "lundi au vendredi");
        assert_eq!(label(&[0, 1, 2, 4]), "lundi au mercredi et vendredi");
        assert_eq!(label(&[0, 2, 3, 4, 6]), "lundi, mercredi au vendredi et dimanche");
        assert_eq!(label(&[0, 1, 2, 3, 4, 5, 6]), "tous les jours");
        assert_eq!(label(&[]), "");
        assert_eq!(label(&[9]), "", "out of range is ignored, not a panic");
    }

    #[test]
    fn clock_times() {
        let t = |h, m, s| NaiveTime::from_hms_opt(h, m, s).unwrap();
        assert_eq!(clock(t(9, 0, 0)), "9h");
        assert_eq!(clock(t(18, 30, 0)), "18h30");
        assert_eq!(clock(t(0, 0, 0)), "0h");
        assert_eq!(clock(t(12, 5, 0)), "12h05");
        assert_eq!(clock(t(23, 59, 59)), "23h59");
    }

    /// The status of `oh` at a local wall-clock time in `tz`, and its wording.
    fn status(oh: &str, tz: Tz, (y, mo, d): (i32, u32, u32), (h, mi): (u32, u32)) -> StatusText {
        let at = tz
            .with_ymd_and_hms(y, mo, d, h, mi, 0)
            .single()
            .unwrap()
            .with_timezone(&Utc);
        let status = Horaires::parse(oh).status_at(at, tz).expect("valid hours");
        status_text(status, at, tz)
    }

    fn detail(text: &StatusText) -> (bool, &str, Option<&str>) {
        (text.open, text.badge, text.detail.as_deref())
    }

    const OFFICE: &str = "Mo-Fr 09:00-12:00,14:00-17:00; PH off";

    #[test]
    fn status_open() {
        // Tuesday 2026-11-24.
        let text = status(OFFICE, PARIS, (2026, 11, 24), (10, 0));
        assert_eq!(detail(&text), (true, "Ouvert", Some("ferme à 12h")));
        let text = status("Mo-Su 22:00-02:00", PARIS, (2026, 11, 24), (23, 0));
        assert_eq!(detail(&text), (true, "Ouvert", Some("ferme demain à 2h")));
        let text = status("Mo-Fr 18:00-24:00", PARIS, (2026, 11, 24), (20, 0));
        assert_eq!(detail(&text), (true, "Ouvert", Some("ferme à minuit")));
        // Open from Friday evening to Monday morning.
        let text = status(
            "Fr 18:00-24:00; Sa,Su 00:00-24:00; Mo 00:00-09:00",
            PARIS,
            (2026, 11, 27),
            (19, 0),
        );
        assert_eq!(detail(&text), (true, "Ouvert", Some("ferme lundi à 9h")));
        let text = status("24/7", PARIS, (2026, 11, 24), (3, 0));
        assert_eq!(detail(&text), (true, "Ouvert", Some("ouvert en continu")));
    }

    #[test]
    fn status_closed() {
        let text = status(OFFICE, PARIS, (2026, 11, 24), (12, 30));
        assert_eq!(detail(&text), (false, "Fermé", Some("ouvre à 14h")));
        let text = status(OFFICE, PARIS, (2026, 11, 24), (18, 0));
        assert_eq!(detail(&text), (false, "Fermé", Some("ouvre demain à 9h")));
        // Friday evening: Monday.
        let text = status(OFFICE, PARIS, (2026, 11, 27), (18, 0));
        assert_eq!(detail(&text), (false, "Fermé", Some("ouvre lundi à 9h")));
        let text = status("Sa 09:30-12:00", PARIS, (2026, 11, 23), (10, 0));
        assert_eq!(detail(&text), (false, "Fermé", Some("ouvre samedi à 9h30")));
        let text = status("off", PARIS, (2026, 11, 24), (10, 0));
        assert_eq!(detail(&text), (false, "Fermé", None));
    }

    #[test]
    fn status_a_week_or_more_ahead() {
        // Closed for the holidays, back on Monday 4 January 2027.
        let oh = "Mo-Fr 09:00-17:00; Dec 19-Jan 3 off";
        let text = status(oh, PARIS, (2026, 12, 21), (10, 0));
        assert_eq!(
            detail(&text),
            (false, "Fermé", Some("ouvre le 4 janvier 2027 à 9h"))
        );
        let text = status("Jan 02 09:00-12:00", PARIS, (2026, 12, 20), (10, 0));
        assert_eq!(
            detail(&text),
            (false, "Fermé", Some("ouvre le 2 janvier 2027 à 9h"))
        );
        let text = status("Mo-Fr 09:00-17:00; Aug off", PARIS, (2026, 8, 1), (10, 0));
        assert_eq!(
            detail(&text),
            (false, "Fermé", Some("ouvre le 1er septembre à 9h"))
        );
        // Monday 2026-11-23, then Monday 2026-11-30 (7 days): a date, not "lundi".
        let text = status("Mo 10:00-12:00", PARIS, (2026, 11, 23), (13, 0));
        assert_eq!(
            detail(&text),
            (false, "Fermé", Some("ouvre le 30 novembre à 10h"))
        );
    }

    #[test]
    fn status_across_clock_changes() {
        // Saturday 2026-03-28, the night before clocks go forward.
        let text = status("Sa 22:00-04:00", PARIS, (2026, 3, 28), (23, 0));
        assert_eq!(detail(&text), (true, "Ouvert", Some("ferme demain à 4h")));
        let text = status(OFFICE, PARIS, (2026, 3, 28), (10, 0));
        assert_eq!(detail(&text), (false, "Fermé", Some("ouvre lundi à 9h")));
        // Sunday 2026-03-29 at 01:30, before the change: the place opens at 10h local.
        let text = status("Su 10:00-12:00", PARIS, (2026, 3, 29), (1, 30));
        assert_eq!(detail(&text), (false, "Fermé", Some("ouvre à 10h")));
        // Saturday 2026-10-24, the night before clocks go back.
        let text = status("Sa 22:00-04:00", PARIS, (2026, 10, 24), (23, 30));
        assert_eq!(detail(&text), (true, "Ouvert", Some("ferme demain à 4h")));
    }

    #[test]
    fn status_in_the_place_time_zone() {
        // 23:30 UTC on Tuesday 2026-11-24 is 19:30 in Guadeloupe (UTC-4), Wednesday 00:30 in
        // Paris: "demain" is the place's tomorrow.
        let at = Utc.with_ymd_and_hms(2026, 11, 24, 23, 30, 0).unwrap();
        let guadeloupe = chrono_tz::America::Guadeloupe;
        let open = Horaires::parse(OFFICE).status_at(at, guadeloupe).unwrap();
        let text = status_text(open, at, guadeloupe);
        assert_eq!(detail(&text), (false, "Fermé", Some("ouvre demain à 9h")));
        let text = status("Mo-Fr 07:30-12:30", guadeloupe, (2026, 11, 24), (8, 0));
        assert_eq!(detail(&text), (true, "Ouvert", Some("ferme à 12h30")));
    }

    #[test]
    fn inconsistent_statuses_do_not_panic() {
        let at = Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap();
        let past = at.fixed_offset() - chrono::TimeDelta::days(1);
        let text = status_text(
            OpenStatus {
                open: false,
                next_change: Some(past),
            },
            at,
            PARIS,
        );
        assert_eq!(detail(&text), (false, "Fermé", None));
        let far = DateTime::<Utc>::MAX_UTC.fixed_offset();
        let text = status_text(
            OpenStatus {
                open: true,
                next_change: Some(far),
            },
            at,
            PARIS,
        );
        // Past the end of chrono's calendar in local time: no detail rather than a panic.
        assert_eq!(detail(&text), (true, "Ouvert", None));
        let _ = status_text(
            OpenStatus {
                open: true,
                next_change: Some(past),
            },
            DateTime::<Utc>::MIN_UTC,
            PARIS,
        );
    }
}

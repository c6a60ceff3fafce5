//! A week being filled day by day, and its OSM `opening_hours` rendering.

use crate::time::Range;
use crate::weekday::Weekday;

/// What the source says about one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DaySpec {
    /// Explicitly closed (« fermé »).
    Closed,
    /// Open during these ranges.
    Open(Vec<Range>),
}

/// The seven days; `None` for a day the source does not mention, which OSM reads as closed.
#[derive(Debug, Default)]
pub(crate) struct Week {
    days: [Option<DaySpec>; 7],
}

impl Week {
    /// Records `spec` for `day`. A day may be given twice when its ranges add up
    /// (« mardi de 10h à 12h, le mardi de 14h à 16h »); contradictions are refused.
    pub(crate) fn set(&mut self, day: Weekday, spec: DaySpec) -> Result<(), String> {
        let slot = &mut self.days[day.index()];
        let merged = match (slot.clone(), spec) {
            (None, spec) => spec,
            (Some(DaySpec::Closed), DaySpec::Closed) => DaySpec::Closed,
            (Some(DaySpec::Open(mut old)), DaySpec::Open(new)) => {
                // The same range written twice (a day listed in two rules) is harmless.
                old.extend(new);
                old.sort();
                old.dedup();
                DaySpec::Open(old)
            }
            (Some(_), _) => return Err(format!("{} is given both closed and open", day.name())),
        };
        if let DaySpec::Open(ranges) = &merged {
            check_disjoint(day, ranges)?;
        }
        *slot = Some(merged);
        Ok(())
    }

    /// The week in OSM syntax: days with the same ranges share a rule, runs of three days
    /// or more are written as ranges (`Mo-Fr`), rules are in weekday order.
    pub(crate) fn to_osm(&self) -> Result<String, String> {
        let mut rules: Vec<(String, Vec<Weekday>)> = Vec::new();
        for day in Weekday::ALL {
            let Some(DaySpec::Open(ranges)) = &self.days[day.index()] else {
                continue;
            };
            let mut ranges = ranges.clone();
            ranges.sort();
            let times = ranges.iter().map(Range::to_string).collect::<Vec<_>>().join(",");
            match rules.iter_mut().find(|(t, _)| *t == times) {
                Some((_, days)) => days.push(day),
                None => rules.push((times, vec![day])),
            }
        }
        if rules.is_empty() {
            return Err(if self.days.iter().any(Option::is_some) {
                "closed on every day given".to_owned()
            } else {
                "no hours".to_owned()
            });
        }
        Ok(rules
            .iter()
            .map(|(times, days)| format!("{} {times}", day_selector(days)))
            .collect::<Vec<_>>()
            .join("; "))
    }
}

/// Refuses overlapping ranges in one day; ranges that touch (`14:00-15:30,15:30-17:00`) are
/// kept as written.
fn check_disjoint(day: Weekday, ranges: &[Range]) -> Result<(), String> {
    let mut sorted = ranges.to_vec();
    sorted.sort();
    match sorted.windows(2).find(|w| w[1].open < w[0].close) {
        Some(w) => Err(format!(
            "{} has overlapping hours {} and {}",
            day.name(),
            w[0],
            w[1]
        )),
        None => Ok(()),
    }
}

/// `days` (sorted, distinct) as an OSM weekday selector: `Mo-Fr`, `Mo,Tu,Th`, `Mo,We-Fr`.
fn day_selector(days: &[Weekday]) -> String {
    let mut parts = Vec::new();
    let mut start = 0;
    while start < days.len() {
        let mut end = start;
        while end + 1 < days.len() && days[end + 1].index() == days[end].index() + 1 {
            end += 1;
        }
        if end - start >= 2 {
            parts.push(format!("{}-{}", days[start].osm(), days[end].osm()));
        } else {
            parts.extend(days[start..=end].iter().map(|d| d.osm().to_owned()));
        }
        start = end + 1;
    }
    parts.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Time;
    use Weekday::*;

    fn range(open: u32, close: u32) -> Range {
        Range::new(Time::new(open, 0).unwrap(), Time::new(close, 0).unwrap(), "").unwrap()
    }

    #[test]
    fn selectors_group_runs_of_three_or_more() {
        assert_eq!(day_selector(&[Mo, Tu, We, Th, Fr]), "Mo-Fr");
        assert_eq!(day_selector(&[Mo, Tu, Th]), "Mo,Tu,Th");
        assert_eq!(day_selector(&[Mo, We, Th, Fr, Su]), "Mo,We-Fr,Su");
        assert_eq!(day_selector(&Weekday::ALL), "Mo-Su");
    }

    #[test]
    fn same_ranges_share_a_rule() {
        let mut week = Week::default();
        for day in [Mo, Tu, We, Th, Fr] {
            week.set(day, DaySpec::Open(vec![range(14, 17), range(9, 12)]))
                .unwrap();
        }
        week.set(Sa, DaySpec::Open(vec![range(9, 12)])).unwrap();
        week.set(Su, DaySpec::Closed).unwrap();
        assert_eq!(
            week.to_osm().unwrap(),
            "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00"
        );
    }

    #[test]
    fn a_day_given_twice_adds_up_unless_it_contradicts() {
        let mut week = Week::default();
        week.set(Tu, DaySpec::Open(vec![range(10, 12)])).unwrap();
        week.set(Tu, DaySpec::Open(vec![range(14, 16)])).unwrap();
        assert_eq!(week.to_osm().unwrap(), "Tu 10:00-12:00,14:00-16:00");
        assert_eq!(
            week.set(Tu, DaySpec::Open(vec![range(11, 15)])).unwrap_err(),
            "Tuesday has overlapping hours 10:00-12:00 and 11:00-15:00"
        );
        assert!(week.set(Tu, DaySpec::Closed).is_err());
    }

    #[test]
    fn an_empty_week_is_not_hours() {
        assert_eq!(Week::default().to_osm().unwrap_err(), "no hours");
        let mut week = Week::default();
        week.set(Mo, DaySpec::Closed).unwrap();
        assert_eq!(week.to_osm().unwrap_err(), "closed on every day given");
    }
}

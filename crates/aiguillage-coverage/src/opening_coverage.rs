//! Opening-hours coverage: when the territory's places are open over a reference week.

use std::collections::HashMap;

use aiguillage_model::{time_zone, Place, WeekProfile};
use chrono::NaiveDate;
use chrono_tz::Tz;

use crate::{HoursCoverage, SubsetCoverage};

/// Weekdays counted for "open in the evening": Monday to Friday.
const WEEKDAYS: std::ops::Range<usize> = 0..5;
/// "In the evening": open at some time at or after this hour.
const EVENING_HOUR: u32 = 18;
const SATURDAY: usize = 5;
const SUNDAY: usize = 6;

/// Week profiles of places, computed once per distinct (hours, time zone): evaluating an
/// `opening_hours` expression over a week costs tens of microseconds and most places of a
/// territory share a handful of schedules.
#[derive(Debug)]
pub(crate) struct WeekProfiles {
    monday: NaiveDate,
    memo: HashMap<(String, Tz), Option<WeekProfile>>,
}

impl WeekProfiles {
    /// Profiles over the week starting on `monday`.
    pub(crate) fn new(monday: NaiveDate) -> Self {
        WeekProfiles {
            monday,
            memo: HashMap::new(),
        }
    }

    /// The reference week's Monday.
    pub(crate) fn monday(&self) -> NaiveDate {
        self.monday
    }

    /// The place's profile, `None` when its hours are unknown or unreadable.
    pub(crate) fn of(&mut self, place: &Place) -> Option<WeekProfile> {
        let horaires = place.horaires.as_ref()?;
        let tz = time_zone(place.code_insee.as_deref(), &place.code_postal);
        let monday = self.monday;
        *self
            .memo
            .entry((horaires.raw().to_owned(), tz))
            .or_insert_with(|| horaires.week_profile(monday, tz))
    }

    /// Whether the place is open on Saturday.
    pub(crate) fn open_saturday(&mut self, place: &Place) -> bool {
        self.of(place).is_some_and(|p| p.open_on(SATURDAY))
    }

    /// Whether the place is open after 18:00 on a weekday.
    pub(crate) fn open_evening(&mut self, place: &Place) -> bool {
        self.of(place)
            .is_some_and(|p| p.open_after(WEEKDAYS, EVENING_HOUR))
    }
}

/// The hours figures of `places` (the territory's matching places); `saturday` and
/// `weekday_evening` are the coverage by the places open then, computed by the caller.
pub(crate) fn hours_coverage(
    places: &[&Place],
    profiles: &mut WeekProfiles,
    saturday: SubsetCoverage,
    weekday_evening: SubsetCoverage,
) -> HoursCoverage {
    let mut matrix = vec![vec![0u32; 24]; 7];
    let mut longest = [[0u8; 24]; 7];
    let (mut with_hours, mut open_hours) = (0u32, 0.0);
    let (mut evening, mut sat, mut sun) = (0u32, 0u32, 0u32);
    for place in places {
        let Some(profile) = profiles.of(place) else {
            continue;
        };
        with_hours += 1;
        open_hours += profile.open_hours();
        for (day, row) in matrix.iter_mut().enumerate() {
            for (hour, count) in row.iter_mut().enumerate() {
                let minutes = profile.open_minutes(day, hour);
                if minutes > 0 {
                    *count += 1;
                }
                longest[day][hour] = longest[day][hour].max(minutes);
            }
        }
        evening += u32::from(profile.open_after(WEEKDAYS, EVENING_HOUR));
        sat += u32::from(profile.open_on(SATURDAY));
        sun += u32::from(profile.open_on(SUNDAY));
    }
    HoursCoverage {
        week_of: profiles.monday(),
        places_with_hours: with_hours,
        places_without_hours: places.len() as u32 - with_hours,
        open_hours_per_week: open_hours,
        hours_with_a_place_open: longest.iter().flatten().map(|m| f64::from(*m)).sum::<f64>() / 60.0,
        matrix,
        evening_places: evening,
        saturday_places: sat,
        sunday_places: sun,
        saturday,
        weekday_evening,
    }
}

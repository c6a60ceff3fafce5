//! Times of day and opening ranges, checked when they are built so that nothing
//! impossible ever reaches the output.

use std::fmt;

/// A time of day in minutes after midnight, from 00:00 to 24:00 included (24:00 is how OSM
/// writes a closing at midnight).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Time(u16);

impl Time {
    /// Noon, which French texts write « midi ».
    pub(crate) const NOON: Time = Time(12 * 60);
    /// Midnight as a closing time, « minuit ».
    pub(crate) const MIDNIGHT: Time = Time(24 * 60);

    /// `hour:minute`, or `None` past 24:00 or with 60 minutes or more.
    pub(crate) fn new(hour: u32, minute: u32) -> Option<Time> {
        if minute >= 60 || hour > 24 || (hour == 24 && minute > 0) {
            return None;
        }
        u16::try_from(hour * 60 + minute).ok().map(Time)
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

/// One opening range within a day; it always closes after it opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Range {
    pub(crate) open: Time,
    pub(crate) close: Time,
}

impl Range {
    /// `open`–`close`, or the reason it is impossible; `written` is the source text quoted in
    /// that reason.
    pub(crate) fn new(open: Time, close: Time, written: &str) -> Result<Range, String> {
        if close <= open {
            return Err(format!("closes before it opens: \"{written}\""));
        }
        Ok(Range { open, close })
    }
}

impl fmt::Display for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.open, self.close)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_bounded() {
        assert_eq!(Time::new(9, 5).map(|t| t.to_string()).as_deref(), Some("09:05"));
        assert_eq!(Time::new(24, 0), Some(Time::MIDNIGHT));
        assert_eq!(Time::new(24, 1), None);
        assert_eq!(Time::new(25, 0), None);
        assert_eq!(Time::new(9, 60), None);
        assert_eq!(Time::new(u32::MAX, 0), None);
    }

    #[test]
    fn ranges_close_after_opening() {
        let nine = Time::new(9, 0).unwrap();
        assert_eq!(
            Range::new(nine, Time::NOON, "").unwrap().to_string(),
            "09:00-12:00"
        );
        assert_eq!(
            Range::new(Time::NOON, nine, "12h-9h").unwrap_err(),
            "closes before it opens: \"12h-9h\""
        );
        assert!(Range::new(nine, nine, "9h-9h").is_err());
    }
}

//! The report's numbers, distances and dates, French style: `123 456,7`, `1,5 km`,
//! `23 novembre 2026`. (The CSV's numbers, for machines, are written by `aiguillage-report`.)
//!
//! No function ever prints `NaN` or `inf`: a value that is not a finite number is shown as
//! [`MISSING`].

use chrono::NaiveDate;

/// Narrow no-break space: the French thousands separator, also before `%`.
pub(super) const NNBSP: char = '\u{202F}';
/// No-break space: between a number and its unit.
pub(super) const NBSP: char = '\u{A0}';
/// Shown instead of a figure that is unknown or not a finite number.
pub(super) const MISSING: &str = "—";
/// The typographic minus sign.
const MINUS: char = '\u{2212}';

/// `value` rounded to `decimals` decimals, French style: digits grouped by three with a narrow
/// no-break space, decimal comma, `−` for negative values (never `−0`).
pub(super) fn decimal(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return MISSING.to_owned();
    }
    // Whole numbers round half away from zero (`2.5` → `3`), as readers expect.
    let magnitude = if decimals == 0 {
        value.abs().round()
    } else {
        value.abs()
    };
    let digits = format!("{:.*}", decimals, magnitude);
    let (int, frac) = digits.split_once('.').unwrap_or((&digits, ""));
    let negative = value < 0.0 && digits.bytes().any(|b| matches!(b, b'1'..=b'9'));
    let mut out = String::with_capacity(digits.len() + 8);
    if negative {
        out.push(MINUS);
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(NNBSP);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(',');
        out.push_str(frac);
    }
    out
}

/// `value` rounded to a whole number, French style.
pub(super) fn integer(value: f64) -> String {
    decimal(value, 0)
}

/// A count, French style: `12 345`.
pub(super) fn whole(n: u32) -> String {
    integer(f64::from(n))
}

/// A share (0–1) as a French percentage with one decimal: `87,3 %`.
pub(super) fn percent(ratio: f64) -> String {
    suffixed(decimal(ratio * 100.0, 1), NNBSP, "%")
}

/// A distance in metres: whole metres under a kilometre (`400 m`), else kilometres with one
/// decimal under 10 km (`1,5 km`, `2 km`) and whole kilometres beyond (`12 km`).
pub(super) fn distance(metres: f64) -> String {
    if !metres.is_finite() {
        return MISSING.to_owned();
    }
    if metres.round().abs() < 1000.0 {
        return suffixed(integer(metres), NBSP, "m");
    }
    let km = metres / 1000.0;
    let number = if km.abs() < 10.0 {
        short_decimal(km)
    } else {
        integer(km)
    };
    suffixed(number, NBSP, "km")
}

/// A duration in hours with one decimal, none when whole: `52 h`, `1 102,5 h`.
pub(super) fn hours(value: f64) -> String {
    suffixed(short_decimal(value), NBSP, "h")
}

/// `value` with one decimal, none when it rounds to a whole number: `1,5`, `2`.
fn short_decimal(value: f64) -> String {
    let one_decimal = decimal(value, 1);
    match one_decimal.strip_suffix(",0") {
        Some(whole) => whole.to_owned(),
        None => one_decimal,
    }
}

/// An area in km² with two decimals: `0,16 km²`.
pub(super) fn area_km2(km2: f64) -> String {
    suffixed(decimal(km2, 2), NBSP, "km²")
}

/// A date in French: `23 novembre 2026`, `1er mars 2027`.
pub(super) fn date(day: NaiveDate) -> String {
    aiguillage_model::french_date(day)
}

/// A change with its sign: `+1,2`, `−3`, and `0` without a sign when it rounds to zero.
pub(super) fn signed(delta: f64, decimals: usize) -> String {
    let text = decimal(delta, decimals);
    if delta > 0.0 && text.bytes().any(|b| matches!(b, b'1'..=b'9')) {
        format!("+{text}")
    } else {
        text
    }
}

/// A change of share in percentage points: `+1,2 pt`, `−0,4 pt`.
pub(super) fn signed_points(delta_ratio: f64) -> String {
    suffixed(signed(delta_ratio * 100.0, 1), NBSP, "pt")
}

/// A change of a count with its noun: `+1 lieu`, `−3 lieux`, `0 lieu`.
pub(super) fn signed_count(delta: i64, singular: &str, plural: &str) -> String {
    // Deltas of u32 counts are far below 2^53: the conversion is exact.
    let text = signed(delta as f64, 0);
    let noun = if delta.unsigned_abs() > 1 {
        plural
    } else {
        singular
    };
    format!("{text}{NBSP}{noun}")
}

/// A count with its noun, singular for 0 and 1 as in French: `0 lieu`, `1 lieu`, `3 lieux`.
pub(super) fn count(n: u32, singular: &str, plural: &str) -> String {
    let noun = if n > 1 { plural } else { singular };
    format!("{}{NBSP}{noun}", integer(f64::from(n)))
}

/// `number` followed by `unit`, unless the number is missing.
fn suffixed(number: String, space: char, unit: &str) -> String {
    if number == MISSING {
        number
    } else {
        format!("{number}{space}{unit}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Replaces the no-break spaces by plain spaces so expectations stay readable.
    fn plain(text: String) -> String {
        text.replace([NNBSP, NBSP], " ")
    }

    #[test]
    fn decimals_are_grouped_with_a_comma() {
        assert_eq!(plain(decimal(123_456.0, 0)), "123 456");
        assert_eq!(plain(decimal(1_234_567.891, 2)), "1 234 567,89");
        assert_eq!(plain(decimal(999.96, 1)), "1 000,0");
        assert_eq!(decimal(12.0, 0), "12");
        assert_eq!(decimal(0.0, 1), "0,0");
        assert!(decimal(1000.0, 0).contains(NNBSP));
    }

    #[test]
    fn negative_values_use_the_minus_sign_but_never_minus_zero() {
        assert_eq!(plain(decimal(-1234.5, 1)), "\u{2212}1 234,5");
        assert_eq!(decimal(-0.04, 1), "0,0");
        assert_eq!(decimal(-0.0, 0), "0");
    }

    #[test]
    fn non_finite_values_are_missing() {
        for value in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(decimal(value, 1), MISSING);
            assert_eq!(percent(value), MISSING);
            assert_eq!(distance(value), MISSING);
            assert_eq!(area_km2(value), MISSING);
            assert_eq!(hours(value), MISSING);
            assert_eq!(signed(value, 1), MISSING);
        }
    }

    #[test]
    fn integers_round_half_away_from_zero() {
        assert_eq!(integer(2.5), "3");
        assert_eq!(integer(2.4), "2");
        assert_eq!(plain(integer(10_000.0)), "10 000");
        assert_eq!(plain(whole(1_234_567)), "1 234 567");
    }

    #[test]
    fn percentages_have_one_decimal() {
        assert_eq!(plain(percent(0.873)), "87,3 %");
        assert_eq!(plain(percent(1.0)), "100,0 %");
        assert_eq!(plain(percent(0.0)), "0,0 %");
    }

    #[test]
    fn distances_switch_to_kilometres() {
        assert_eq!(plain(distance(400.0)), "400 m");
        assert_eq!(plain(distance(999.4)), "999 m");
        assert_eq!(plain(distance(999.6)), "1 km");
        assert_eq!(plain(distance(1500.0)), "1,5 km");
        assert_eq!(plain(distance(2000.0)), "2 km");
        assert_eq!(plain(distance(12_345.0)), "12 km");
        assert_eq!(plain(distance(0.0)), "0 m");
    }

    #[test]
    fn hours_drop_a_zero_decimal() {
        assert_eq!(plain(hours(52.0)), "52 h");
        assert_eq!(plain(hours(1102.5)), "1 102,5 h");
        assert_eq!(hours(f64::NAN), MISSING);
    }

    #[test]
    fn areas_have_two_decimals() {
        assert_eq!(plain(area_km2(0.16)), "0,16 km²");
        assert_eq!(plain(area_km2(1234.5)), "1 234,50 km²");
    }

    #[test]
    fn dates_are_french() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        assert_eq!(date(day(2026, 11, 23)), "23 novembre 2026");
        assert_eq!(date(day(2027, 3, 1)), "1er mars 2027");
        assert_eq!(date(day(2026, 8, 15)), "15 août 2026");
        assert_eq!(date(day(2026, 2, 2)), "2 février 2026");
    }

    #[test]
    fn changes_are_signed() {
        assert_eq!(signed(1.26, 1), "+1,3");
        assert_eq!(signed(-3.0, 0), "\u{2212}3");
        assert_eq!(signed(0.01, 1), "0,0");
        assert_eq!(plain(signed_points(0.012)), "+1,2 pt");
        assert_eq!(plain(signed_points(-0.004)), "\u{2212}0,4 pt");
        assert_eq!(plain(signed_count(-3, "lieu", "lieux")), "\u{2212}3 lieux");
        assert_eq!(plain(signed_count(1, "lieu", "lieux")), "+1 lieu");
        assert_eq!(plain(signed_count(0, "lieu", "lieux")), "0 lieu");
    }

    #[test]
    fn counts_agree_with_their_noun() {
        assert_eq!(plain(count(0, "lieu", "lieux")), "0 lieu");
        assert_eq!(plain(count(1, "lieu", "lieux")), "1 lieu");
        assert_eq!(plain(count(1200, "lieu", "lieux")), "1 200 lieux");
    }
}

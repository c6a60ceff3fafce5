//! Numbers for machines (CSV): fixed `.` decimals. The French figures people read are
//! written by the report's page, in `aiguillage-web`.
//!
//! No function ever prints `NaN` or `inf`: a value that is not a finite number is an empty
//! field.

/// `value` with exactly `decimals` decimals and a `.` separator for machines; empty when it
/// is not a finite number, and `0` rather than `-0`.
pub(crate) fn fixed(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let text = format!("{:.*}", decimals, value);
    match text.strip_prefix('-') {
        Some(positive) if !positive.bytes().any(|b| matches!(b, b'1'..=b'9')) => positive.to_owned(),
        _ => text,
    }
}

/// `value` with exactly `decimals` decimals for machines, or an empty field when unknown.
pub(crate) fn fixed_opt(value: Option<f64>, decimals: usize) -> String {
    value.map(|v| fixed(v, decimals)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_finite_values_are_empty_fields() {
        for value in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(fixed(value, 1), "");
        }
    }

    #[test]
    fn machine_numbers_use_a_dot() {
        assert_eq!(fixed(1234.56, 1), "1234.6");
        assert_eq!(fixed(0.87654, 4), "0.8765");
        assert_eq!(fixed(-0.0001, 2), "0.00");
        assert_eq!(fixed(-2.5, 1), "-2.5");
        assert_eq!(fixed(612.4, 0), "612");
        assert_eq!(fixed_opt(None, 0), "");
        assert_eq!(fixed_opt(Some(1.0), 2), "1.00");
    }
}

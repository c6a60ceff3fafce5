//! Contact values as people write them, in the standard's form. A value that cannot be made
//! valid is left out of the place with a warning, rather than rejecting the whole place for
//! a phone number: the address and hours are worth more than one unreadable contact. What
//! the standard accepts, and the numbering plans, are the model's rules
//! ([`aiguillage_model::is_telephone`] and its neighbours): this module reads messy text.

use aiguillage_model::{
    national_to_international, parse_web_address, telephone_country_code, without_national_zero,
    TELEPHONE_COUNTRY_CODES, TELEPHONE_SUBSCRIBER_DIGITS,
};

/// The numbers of a cell holding several (`04 95 77 04 90 ou 06 08 41 15 48`, `… / …`).
///
/// ```
/// # use aiguillage_ingest_mapping::phone_numbers;
/// assert_eq!(phone_numbers("04 95 36 17 62 - 06 75 96 07 56"), ["04 95 36 17 62", "06 75 96 07 56"]);
/// assert_eq!(phone_numbers("02.41.43.28.13"), ["02.41.43.28.13"]);
/// ```
pub fn phone_numbers(text: &str) -> Vec<&str> {
    text.split(['\n', ',', ';', '/'])
        .flat_map(|part| part.split(" ou "))
        .flat_map(|part| part.split(" - "))
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect()
}

/// Why a telephone number cannot be written in the standard's form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PhoneError {
    /// Letters or other signs than digits and separators (`voir site`).
    #[error("is not a telephone number")]
    NotANumber,
    /// A national number of the wrong length, such as a short service number (`39 49`).
    #[error("cannot be written as an international number (+33…)")]
    NotInternational,
    /// An international number outside France (`+44 20…`): the standard holds none.
    #[error(
        "is a foreign number: the standard holds only French ones ({})",
        french_codes()
    )]
    Foreign,
    /// A French prefix followed by too few or too many digits.
    #[error(
        "has {0} digits after +{1}: the standard expects {min} to {max}",
        min = TELEPHONE_SUBSCRIBER_DIGITS.start(),
        max = TELEPHONE_SUBSCRIBER_DIGITS.end()
    )]
    Length(usize, &'static str),
}

/// The standard's country codes: metropolitan France's, then the overseas ones in order.
fn french_codes() -> String {
    const METROPOLITAN: &str = "33";
    let mut overseas: Vec<&str> = TELEPHONE_COUNTRY_CODES
        .into_iter()
        .filter(|code| *code != METROPOLITAN)
        .collect();
    overseas.sort_unstable();
    format!("+{METROPOLITAN} and the overseas +{}", overseas.join(", +"))
}

/// `02 41 43 28 13`, `02.41.43.28.13`, `33630392518`, `0033 2 41…` or `+33 (0)2 41…` as
/// `+33241432813`: always a value the standard's pattern accepts, else why not.
///
/// ```
/// # use aiguillage_ingest_mapping::{normalise_phone, PhoneError};
/// assert_eq!(normalise_phone("02 41 43 28 13").as_deref(), Ok("+33241432813"));
/// assert_eq!(normalise_phone("0692 12 34 56").as_deref(), Ok("+262692123456"));
/// assert_eq!(normalise_phone("326533780").as_deref(), Ok("+33326533780"));
/// assert_eq!(normalise_phone("+687 44 57 28").as_deref(), Ok("+687445728"));
/// assert_eq!(normalise_phone("+33 0 2 98 00 11 22").as_deref(), Ok("+33298001122"));
/// assert_eq!(normalise_phone("0033 2 98 00 11 22").as_deref(), Ok("+33298001122"));
/// assert_eq!(normalise_phone("02\u{a0}41\u{a0}95\u{a0}31\u{a0}74").as_deref(), Ok("+33241953174"));
/// assert_eq!(normalise_phone("+44 20 7946 0958"), Err(PhoneError::Foreign));
/// assert_eq!(normalise_phone("39 49"), Err(PhoneError::NotInternational));
/// assert_eq!(normalise_phone("voir site"), Err(PhoneError::NotANumber));
/// ```
pub fn normalise_phone(text: &str) -> Result<String, PhoneError> {
    let trimmed = text.trim();
    let only_separators = trimmed
        .chars()
        // Spreadsheets write non-breaking spaces between the pairs.
        .all(|c| c.is_ascii_digit() || c.is_whitespace() || matches!(c, '.' | '-' | '+' | '(' | ')'));
    if !only_separators || !trimmed.contains(|c: char| c.is_ascii_digit()) {
        return Err(PhoneError::NotANumber);
    }
    let digits = |text: &str| -> String { text.chars().filter(char::is_ascii_digit).collect() };
    // `+` and `00` both start an international number.
    match trimmed.strip_prefix('+').or_else(|| trimmed.strip_prefix("00")) {
        Some(rest) if digits(rest).is_empty() => Err(PhoneError::NotANumber),
        Some(rest) => standard_form(&digits(rest)),
        None => standard_form(&international_digits(&digits(trimmed))?),
    }
}

/// The digits after `+` of a number written without `+` nor `00`: the national way, or
/// as a spreadsheet left it.
fn international_digits(digits: &str) -> Result<String, PhoneError> {
    if let Some(international) = national_to_international(digits) {
        return Ok(international);
    }
    match digits.len() {
        // A leading zero lost by a spreadsheet.
        9 if !digits.starts_with('0') => Ok(format!("33{digits}")),
        11 if digits.starts_with("33") => Ok(digits.to_owned()),
        _ => Err(PhoneError::NotInternational),
    }
}

/// `+CODE` and the subscriber's digits, when the standard's pattern accepts them.
fn standard_form(international: &str) -> Result<String, PhoneError> {
    let code = telephone_country_code(international).ok_or(PhoneError::Foreign)?;
    let subscriber = without_national_zero(code, &international[code.len()..]);
    if !TELEPHONE_SUBSCRIBER_DIGITS.contains(&subscriber.len()) {
        return Err(PhoneError::Length(subscriber.len(), code));
    }
    Ok(format!("+{code}{subscriber}"))
}

/// A web address with its scheme (`www.brest.fr` → `https://www.brest.fr`), or `None` when
/// it is not one (spaces, no dot, another scheme).
///
/// ```
/// # use aiguillage_ingest_mapping::normalise_website;
/// assert_eq!(normalise_website("abracodabra.fr").as_deref(), Some("https://abracodabra.fr"));
/// assert_eq!(normalise_website(" http://www.anonymal.tv/ ").as_deref(), Some("http://www.anonymal.tv/"));
/// assert_eq!(normalise_website("facebook : ma page"), None);
/// assert_eq!(normalise_website("ftp://x.fr"), None);
/// ```
pub fn normalise_website(text: &str) -> Option<String> {
    let trimmed = text.trim();
    if trimmed.chars().any(char::is_whitespace) {
        return None;
    }
    let lower = trimmed.to_ascii_lowercase();
    let candidate = if lower.starts_with("http://") || lower.starts_with("https://") {
        trimmed.to_owned()
    } else if !trimmed.contains("://") && trimmed.contains('.') {
        format!("https://{trimmed}")
    } else {
        return None;
    };
    let url = parse_web_address(&candidate).ok()?;
    // A host without a dot is a word of the source's text (`http://voir`), not a site.
    url.host_str()?.contains('.').then_some(candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zero_is_a_digit_where_there_is_no_national_zero() {
        assert_eq!(normalise_phone("+687 05 07 09").as_deref(), Ok("+687050709"));
        assert_eq!(
            normalise_phone("+33 0 2 98 00 11 22").as_deref(),
            Ok("+33298001122")
        );
    }
    // The model's rule, which validation applies: not a copy of the standard's pattern.
    use aiguillage_model::is_telephone as standard_accepts;

    #[test]
    fn every_number_given_is_one_the_standard_accepts() {
        let written = [
            "02 41 43 28 13",
            "+33 0 2 98 00 11 22",
            "+33 (0)2 98 00 11 22",
            "0033 2 98 00 11 22",
            "00 33 2 98 00 11 22",
            "+33298001122",
            "33630392518",
            "326533780",
            "0262 12 34 56",
            "0694 12 34 56",
            "+262 0692 12 34 56",
            "+687 44 57 28",
            "+689 40 12 34 56",
            "+508 41 23 45",
            "+261 9 72 72 39 49",
            "+44 20 7946 0958",
            "+1 212 555 0100",
            "+33 12 34",
            "+33 2 98 00 11 22 33 44",
            "0033 1",
            "39 49",
            "3949",
            "0800 123 456 789",
            "+",
            "00",
            "0",
            "(0)",
            "voir site",
        ];
        for text in written {
            match normalise_phone(text) {
                Ok(number) => assert!(standard_accepts(&number), "{text} → {number}"),
                Err(reason) => assert!(!reason.to_string().is_empty(), "{text}"),
            }
        }
    }

    #[test]
    fn numbers_that_cannot_be_made_valid_say_why() {
        assert_eq!(normalise_phone("+261 9 72 72 39 49"), Err(PhoneError::Foreign));
        assert_eq!(normalise_phone("+44 20 7946 0958"), Err(PhoneError::Foreign));
        assert_eq!(normalise_phone("+33 12 34"), Err(PhoneError::Length(4, "33")));
        assert_eq!(
            PhoneError::Length(4, "33").to_string(),
            "has 4 digits after +33: the standard expects 6 to 9"
        );
        assert_eq!(
            PhoneError::Foreign.to_string(),
            "is a foreign number: the standard holds only French ones (+33 and the overseas +262, +269, \
             +508, +590, +594, +596, +681, +687, +689)"
        );
        assert_eq!(
            normalise_phone("0800 123 456 789"),
            Err(PhoneError::NotInternational)
        );
        assert_eq!(normalise_phone("+"), Err(PhoneError::NotANumber));
        assert_eq!(normalise_phone("00"), Err(PhoneError::NotANumber));
        assert_eq!(
            normalise_phone("+262 0692 12 34 56").as_deref(),
            Ok("+262692123456")
        );
    }
}

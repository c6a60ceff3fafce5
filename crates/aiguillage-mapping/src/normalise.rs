//! Contact values as people write them, in the standard's form. A value that cannot be made
//! valid is left out of the place with a warning, rather than rejecting the whole place for
//! a phone number: the address and hours are worth more than one unreadable contact.

use url::Url;

/// Overseas prefixes by the first four digits of a national number.
const OVERSEAS: [(&str, &str); 10] = [
    ("0262", "+262"),
    ("0692", "+262"),
    ("0693", "+262"),
    ("0269", "+262"),
    ("0590", "+590"),
    ("0690", "+590"),
    ("0594", "+594"),
    ("0694", "+594"),
    ("0596", "+596"),
    ("0696", "+596"),
];

/// The numbers of a cell holding several (`04 95 77 04 90 ou 06 08 41 15 48`, `… / …`).
///
/// ```
/// # use aiguillage_mapping::phone_numbers;
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

/// `02 41 43 28 13`, `02.41.43.28.13`, `33630392518` or `+33 2 41…` as `+33241432813`, else
/// `None` (a short service number such as `39 49`, or not a number).
///
/// ```
/// # use aiguillage_mapping::normalise_phone;
/// assert_eq!(normalise_phone("02 41 43 28 13").as_deref(), Some("+33241432813"));
/// assert_eq!(normalise_phone("0692 12 34 56").as_deref(), Some("+262692123456"));
/// assert_eq!(normalise_phone("326533780").as_deref(), Some("+33326533780"));
/// assert_eq!(normalise_phone("+687 44 57 28").as_deref(), Some("+687445728"));
/// assert_eq!(normalise_phone("02\u{a0}41\u{a0}95\u{a0}31\u{a0}74").as_deref(), Some("+33241953174"));
/// assert_eq!(normalise_phone("39 49"), None);
/// assert_eq!(normalise_phone("voir site"), None);
/// ```
pub fn normalise_phone(text: &str) -> Option<String> {
    let trimmed = text.trim();
    let only_separators = trimmed
        .chars()
        // Spreadsheets write non-breaking spaces between the pairs.
        .all(|c| c.is_ascii_digit() || c.is_whitespace() || matches!(c, '.' | '-' | '+' | '(' | ')'));
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    if !only_separators || digits.is_empty() {
        return None;
    }
    if trimmed.starts_with('+') {
        // « +33 (0)2 98… »: the national zero in brackets is not dialled.
        let digits: String = trimmed
            .replace("(0)", "")
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        return (8..=12).contains(&digits.len()).then(|| format!("+{digits}"));
    }
    match digits.len() {
        10 if digits.starts_with('0') => {
            let prefix = OVERSEAS
                .iter()
                .find(|(national, _)| digits.starts_with(national))
                .map_or("+33", |(_, international)| international);
            Some(format!("{prefix}{}", &digits[1..]))
        }
        // A leading zero lost by a spreadsheet.
        9 if !digits.starts_with('0') => Some(format!("+33{digits}")),
        11 if digits.starts_with("33") => Some(format!("+{digits}")),
        _ => None,
    }
}

/// A web address with its scheme (`www.brest.fr` → `https://www.brest.fr`), or `None` when
/// it is not one (spaces, no dot, another scheme).
///
/// ```
/// # use aiguillage_mapping::normalise_website;
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
    let url = Url::parse(&candidate).ok()?;
    let host = url.host_str()?;
    (matches!(url.scheme(), "http" | "https") && host.contains('.')).then_some(candidate)
}

//! Contact values of a place: what the standard accepts in `telephone`, `courriels` and its
//! web addresses (`site_web`, `prise_rdv`, `fiche_acces_libre`), and the French numbering
//! plans behind its telephone numbers. Validation, the source mappings and the quality
//! checks all read these rules from here.

/// The country codes of the standard's `telephone` pattern
/// (`^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)(\d){6,9}$`): France and
/// its overseas territories. None is a prefix of another, so the first match is the code.
pub const TELEPHONE_COUNTRY_CODES: [&str; 10] = [
    "33", "590", "594", "262", "596", "269", "687", "689", "508", "681",
];

/// How many digits the standard's `telephone` pattern accepts after the country code.
pub const TELEPHONE_SUBSCRIBER_DIGITS: std::ops::RangeInclusive<usize> = 6..=9;

/// Country codes whose numbers have no national zero (New Caledonia, French Polynesia,
/// Wallis-et-Futuna): a 0 after them is a digit of the number (`+687 05 07 09`).
const WITHOUT_NATIONAL_ZERO: [&str; 3] = ["687", "689", "681"];

/// Country codes whose plan gives every number 9 digits after the code, the first not 0:
/// metropolitan France and the overseas départements.
const NINE_DIGITS: [&str; 5] = ["33", "262", "590", "594", "596"];

/// Digits after the country code in the plans of [`NINE_DIGITS`].
const PLAN_DIGITS: usize = 9;

/// The country code of overseas national numbers, by their first four digits; other
/// national numbers are metropolitan (`33`).
const OVERSEAS: [(&str, &str); 10] = [
    ("0262", "262"),
    ("0692", "262"),
    ("0693", "262"),
    ("0269", "262"),
    ("0590", "590"),
    ("0690", "590"),
    ("0594", "594"),
    ("0694", "594"),
    ("0596", "596"),
    ("0696", "596"),
];

/// Whether the standard accepts `value` as a `telephone`: `+`, one of
/// [`TELEPHONE_COUNTRY_CODES`], then [`TELEPHONE_SUBSCRIBER_DIGITS`] digits.
///
/// ```
/// use aiguillage_model::is_telephone;
/// assert!(is_telephone("+33298001122"));
/// assert!(!is_telephone("02 98 00 11 22"));
/// ```
pub fn is_telephone(value: &str) -> bool {
    let Some(international) = value.strip_prefix('+') else {
        return false;
    };
    telephone_country_code(international).is_some_and(|code| {
        let subscriber = &international[code.len()..];
        TELEPHONE_SUBSCRIBER_DIGITS.contains(&subscriber.len())
            && subscriber.bytes().all(|b| b.is_ascii_digit())
    })
}

/// The country code of the standard that the digits of an international number (after
/// `+` or `00`) start with; `None` for a foreign number.
pub fn telephone_country_code(international: &str) -> Option<&'static str> {
    TELEPHONE_COUNTRY_CODES
        .into_iter()
        .find(|code| international.starts_with(code))
}

/// The digits after `+` of a number written the French national way: ten digits, the first
/// a 0 that the country code replaces (an overseas code for the overseas prefixes).
///
/// ```
/// use aiguillage_model::national_to_international;
/// assert_eq!(national_to_international("0298001122").as_deref(), Some("33298001122"));
/// assert_eq!(national_to_international("0692123456").as_deref(), Some("262692123456"));
/// assert_eq!(national_to_international("298001122"), None);
/// ```
pub fn national_to_international(national: &str) -> Option<String> {
    let rest = national
        .strip_prefix('0')
        .filter(|_| national.len() == 10 && national.bytes().all(|b| b.is_ascii_digit()))?;
    let code = OVERSEAS
        .iter()
        .find(|(prefix, _)| national.starts_with(prefix))
        .map_or("33", |(_, code)| code);
    Some(format!("{code}{rest}"))
}

/// A telephone number of the standard as French people write it: a metropolitan number
/// (`+33` and nine digits) in pairs after its national 0 (`02 98 72 15 54`), any other as
/// the standard writes it.
///
/// ```
/// use aiguillage_model::written_as_in_france;
/// assert_eq!(written_as_in_france("+33298721554"), "02 98 72 15 54");
/// assert_eq!(written_as_in_france("+590590123456"), "+590590123456");
/// ```
pub fn written_as_in_france(telephone: &str) -> String {
    let Some(national) = telephone.strip_prefix("+33").filter(|n| n.len() == 9) else {
        return telephone.to_owned();
    };
    let digits = format!("0{national}");
    digits
        .as_bytes()
        .chunks(2)
        .map(|pair| String::from_utf8_lossy(pair).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The subscriber's digits after the country code `code` without the national zero that
/// people write after it (`+33 0 2 98…`, `+33 (0)2 98…`) but that is not dialled; where the
/// plan has no national zero, the 0 is a digit of the number and stays.
///
/// ```
/// use aiguillage_model::without_national_zero;
/// assert_eq!(without_national_zero("33", "0298001122"), "298001122");
/// assert_eq!(without_national_zero("687", "050709"), "050709");
/// ```
pub fn without_national_zero<'a>(code: &str, subscriber: &'a str) -> &'a str {
    if WITHOUT_NATIONAL_ZERO.contains(&code) {
        subscriber
    } else {
        subscriber.strip_prefix('0').unwrap_or(subscriber)
    }
}

/// What a French numbering plan says against a number that the standard's pattern accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberingFault {
    /// The national 0 is written after the country code `code`, where it is not dialled;
    /// `corrected` is the number without it.
    NationalZero {
        /// The country code, without `+`.
        code: &'static str,
        /// The number without the 0.
        corrected: String,
    },
    /// The plan of `code` has `expected` digits after the code, the number `digits`.
    Length {
        /// The country code, without `+`.
        code: &'static str,
        /// Digits after the code.
        digits: usize,
        /// Digits the plan has.
        expected: usize,
    },
}

/// Why a `telephone` the standard accepts is still no number: metropolitan France and the
/// overseas départements dial 9 digits after the country code, the first not 0. `None` when
/// the number fits, or when its plan is not one of those.
///
/// ```
/// use aiguillage_model::{numbering_fault, NumberingFault};
/// assert_eq!(numbering_fault("+33298001122"), None);
/// assert_eq!(
///     numbering_fault("+3329800112"),
///     Some(NumberingFault::Length { code: "33", digits: 8, expected: 9 })
/// );
/// ```
pub fn numbering_fault(telephone: &str) -> Option<NumberingFault> {
    let (code, digits) = NINE_DIGITS
        .into_iter()
        .find_map(|code| Some((code, telephone.strip_prefix('+')?.strip_prefix(code)?)))?;
    if let Some(rest) = digits.strip_prefix('0') {
        Some(NumberingFault::NationalZero {
            code,
            corrected: format!("+{code}{rest}"),
        })
    } else if digits.len() != PLAN_DIGITS {
        Some(NumberingFault::Length {
            code,
            digits: digits.len(),
            expected: PLAN_DIGITS,
        })
    } else {
        None
    }
}

/// Whether `value` is an e-mail address, as `courriels` holds them: one `@` with something
/// before it, and after it a domain with an inner dot; no spaces.
///
/// ```
/// use aiguillage_model::is_email;
/// assert!(is_email("contact@brest.fr"));
/// assert!(!is_email("a@b.fr ou c@d.fr"));
/// ```
pub fn is_email(value: &str) -> bool {
    match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !value.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// Why a text is not a web address of the standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UrlError {
    /// Another scheme than http and https.
    #[error("only http and https are allowed")]
    Scheme,
    /// No host after the scheme.
    #[error("no host")]
    NoHost,
    /// Spaces in the address.
    #[error("contains spaces")]
    Spaces,
    /// No scheme (`www.brest.fr`).
    #[error("it must start with https:// or http://")]
    NoScheme,
    /// Not a URL at all.
    #[error("malformed")]
    Malformed,
}

/// `value` as a web address of the standard (`site_web`, `prise_rdv`, `fiche_acces_libre`):
/// an http or https URL with a host and without spaces.
///
/// ```
/// use aiguillage_model::{parse_web_address, UrlError};
/// assert_eq!(parse_web_address("https://brest.fr/epn").unwrap().host_str(), Some("brest.fr"));
/// assert_eq!(parse_web_address("www.brest.fr"), Err(UrlError::NoScheme));
/// ```
pub fn parse_web_address(value: &str) -> Result<url::Url, UrlError> {
    match url::Url::parse(value) {
        Ok(u) if !matches!(u.scheme(), "http" | "https") => Err(UrlError::Scheme),
        Ok(u) if u.host_str().is_none_or(|h| h.is_empty()) => Err(UrlError::NoHost),
        Ok(_) if value.contains(char::is_whitespace) => Err(UrlError::Spaces),
        Ok(u) => Ok(u),
        Err(url::ParseError::RelativeUrlWithoutBase) => Err(UrlError::NoScheme),
        Err(_) => Err(UrlError::Malformed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn telephone_pattern() {
        for ok in ["+33298001122", "+262262123456", "+687123456", "+590590123456"] {
            assert!(is_telephone(ok), "{ok}");
        }
        for bad in [
            "0298001122",
            "+33 2 98 00 11 22",
            "+4412345678",
            "+3312345",
            "+331234567890",
        ] {
            assert!(!is_telephone(bad), "{bad}");
        }
    }

    #[test]
    fn telephones_need_nine_digits_without_the_leading_zero() {
        assert_eq!(numbering_fault("+33298001122"), None);
        assert_eq!(numbering_fault("+262262001122"), None);
        assert_eq!(numbering_fault("+687123456"), None);
        assert_eq!(
            numbering_fault("+33029800112"),
            Some(NumberingFault::NationalZero {
                code: "33",
                corrected: "+3329800112".into()
            })
        );
    }

    #[test]
    fn every_overseas_prefix_gives_a_code_of_the_standard() {
        for (prefix, code) in OVERSEAS {
            let number = national_to_international(&format!("{prefix}123456")).unwrap();
            assert_eq!(telephone_country_code(&number), Some(code), "{prefix}");
            assert!(is_telephone(&format!("+{number}")), "{prefix}");
        }
        for code in WITHOUT_NATIONAL_ZERO.into_iter().chain(NINE_DIGITS) {
            assert!(TELEPHONE_COUNTRY_CODES.contains(&code), "{code}");
        }
    }

    #[test]
    fn web_addresses() {
        assert!(parse_web_address("http://b.fr/x?y=1").is_ok());
        assert_eq!(parse_web_address("ftp://rdv.fr"), Err(UrlError::Scheme));
        assert_eq!(parse_web_address("https://a.fr/a b"), Err(UrlError::Spaces));
    }
}

//! Reading the parameters of a request, and repeating them in the answer to a bad one, the
//! same way on the pages and in the API.

use std::borrow::Cow;

/// Most characters of a sent value repeated in a message: enough to recognise it, while a
/// 65 KB value does not make a 65 KB answer.
const ECHOED_CHARS: usize = 100;

/// `value` as a message repeats it: whole when short, else its first 100 characters and « … ».
///
/// ```
/// use aiguillage_model::echo;
/// assert_eq!(echo("abc"), "abc");
/// assert_eq!(echo(&"é".repeat(150)), format!("{}…", "é".repeat(100)));
/// ```
pub fn echo(value: &str) -> Cow<'_, str> {
    match value.char_indices().nth(ECHOED_CHARS) {
        Some((cut, _)) => Cow::Owned(format!("{}…", &value[..cut])),
        None => Cow::Borrowed(value),
    }
}

/// A boolean as every parameter of the site and of the API writes it: `true` or `1`,
/// `false` or `0`, in any case; anything else is `None`.
///
/// ```
/// use aiguillage_model::parse_boolean;
/// assert_eq!(parse_boolean("TRUE"), Some(true));
/// assert_eq!(parse_boolean("0"), Some(false));
/// assert_eq!(parse_boolean("oui"), None);
/// ```
pub fn parse_boolean(value: &str) -> Option<bool> {
    if value == "1" || value.eq_ignore_ascii_case("true") {
        Some(true)
    } else if value == "0" || value.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_of_exactly_the_limit_is_whole() {
        let value = "a".repeat(ECHOED_CHARS);
        assert_eq!(echo(&value), value);
        assert_eq!(echo(""), "");
    }
}

//! The rules every text value obeys, whatever its field, applied before the field's own rules:
//! no control characters, Unicode NFC, a bounded length. Values a spreadsheet would read as
//! formulas are kept but warned about.

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use crate::{is_formula_like, Field, Problem, RawRecord};

/// Most bytes of an `id`: it is a URL path segment and a key, and a browser or proxy refuses
/// request lines of a few kilobytes once percent-encoded.
pub const MAX_ID_BYTES: usize = 200;

/// Most characters of any other value, `presentation_detail` included.
pub const MAX_TEXT_CHARS: usize = 10_000;

/// The fields that may hold several lines: tabs and line breaks are allowed there only
/// (« Bâtiment A » then « au fond de la cour » in `complement_adresse`; `horaires` keeps a
/// French text as written when it is not OSM syntax).
fn is_multi_line(field: Field) -> bool {
    matches!(
        field,
        Field::ComplementAdresse | Field::PresentationResume | Field::PresentationDetail | Field::Horaires
    )
}

/// Whether `c` is refused in a value of `field`.
fn is_refused(field: Field, c: char) -> bool {
    c.is_control() && !(is_multi_line(field) && matches!(c, '\t' | '\n' | '\r'))
}

/// `value` without the control characters refused in `field`, when it has some, a tab or a
/// line break becoming a space: for readers that repair what validation would refuse (a hub's
/// own files, places stored before the rule).
///
/// ```
/// use aiguillage_model::{without_control_characters, Field};
/// assert_eq!(without_control_characters(Field::Nom, "Mé\u{2}diathèque").as_deref(), Some("Médiathèque"));
/// assert_eq!(without_control_characters(Field::Adresse, "2 rue\nFrézier").as_deref(), Some("2 rue Frézier"));
/// assert_eq!(without_control_characters(Field::PresentationDetail, "a\nb"), None);
/// ```
pub fn without_control_characters(field: Field, value: &str) -> Option<String> {
    let repaired = |c: char| match c {
        '\t' | '\n' | '\r' => Some(' '),
        c if is_refused(field, c) => None,
        c => Some(c),
    };
    value
        .contains(|c| is_refused(field, c))
        .then(|| value.chars().filter_map(repaired).collect())
}

/// `raw` with every value in NFC (« é » composed or decomposed is one text, so one id and one
/// name), and without the values that break a rule, each reported in `problems` as an error.
/// The id of a `stored` place is left as stored: it is the place's key.
pub(crate) fn clean<'a>(raw: &'a RawRecord, stored: bool, problems: &mut Vec<Problem>) -> Cow<'a, RawRecord> {
    let mut cleaned: Option<RawRecord> = None;
    for field in Field::ALL {
        let Some(value) = raw.get(field) else { continue };
        if stored && field == Field::Id {
            continue;
        }
        if let Some(reason) = fault(field, value) {
            problems.push(Problem::error(field.name(), reason));
            cleaned.get_or_insert_with(|| raw.clone()).clear(field);
            continue;
        }
        if is_nfc_quick(value.chars()) != IsNormalized::Yes {
            let nfc: String = value.nfc().collect();
            if nfc != value {
                cleaned.get_or_insert_with(|| raw.clone()).set(field, nfc);
            }
        }
        if is_formula_like(value) {
            problems.push(Problem::warning(
                field.name(),
                format!(
                    "« {} » begins with « {} »: a spreadsheet would read it as a formula \
                     (kept as is; export --spreadsheet-safe neutralises it)",
                    crate::echo(value),
                    value.chars().next().unwrap_or_default().escape_default()
                ),
            ));
        }
    }
    cleaned.map_or(Cow::Borrowed(raw), Cow::Owned)
}

/// Why `value` cannot be a value of `field`, if it cannot. Never echoes the value: it may be
/// a megabyte long or hold characters a terminal interprets.
fn fault(field: Field, value: &str) -> Option<String> {
    if field == Field::Id && value.len() > MAX_ID_BYTES {
        return Some(format!(
            "{} bytes long, at most {MAX_ID_BYTES} allowed",
            value.len()
        ));
    }
    // Bytes bound characters from above: counting is needed only past the bound.
    if value.len() > MAX_TEXT_CHARS {
        let chars = value.chars().count();
        if chars > MAX_TEXT_CHARS {
            return Some(format!(
                "{chars} characters long, at most {MAX_TEXT_CHARS} allowed"
            ));
        }
    }
    let (position, control) = value.chars().enumerate().find(|&(_, c)| is_refused(field, c))?;
    let where_allowed = if is_multi_line(field) {
        " (only tabs and line breaks are allowed)"
    } else {
        ""
    };
    Some(format!(
        "control character U+{:04X} at character {}{where_allowed}",
        u32::from(control),
        position + 1
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaned(field: Field, value: &str) -> (Option<String>, Vec<Problem>) {
        let mut raw = RawRecord::default();
        raw.set(field, value);
        let mut problems = Vec::new();
        let out = clean(&raw, false, &mut problems).get(field).map(str::to_owned);
        (out, problems)
    }

    #[test]
    fn control_characters_are_refused_in_every_field() {
        for field in Field::ALL {
            let (value, problems) = cleaned(field, "a\0b");
            assert_eq!(value, None, "{field}");
            assert_eq!(
                problems,
                vec![
                    Problem::error(field.name(), "control character U+0000 at character 2")
                        .with_hint(is_multi_line(field))
                ],
                "{field}"
            );
            // C1 controls and DEL too.
            assert!(cleaned(field, "a\u{85}b").0.is_none() && cleaned(field, "a\u{7f}").0.is_none());
        }
    }

    #[test]
    fn line_breaks_and_tabs_only_in_the_presentations() {
        let text = "Ligne 1\r\nLigne\t2";
        assert_eq!(
            cleaned(Field::PresentationDetail, text),
            (Some(text.to_owned()), vec![])
        );
        assert_eq!(cleaned(Field::PresentationResume, text).1, vec![]);
        assert_eq!(
            cleaned(Field::Horaires, "En période scolaire :\nMercredi").1,
            vec![]
        );
        let (value, problems) = cleaned(Field::Nom, text);
        assert_eq!(value, None);
        assert_eq!(problems[0].message, "control character U+000D at character 8");
    }

    #[test]
    fn values_come_out_in_nfc() {
        let (value, problems) = cleaned(Field::Id, "me\u{301}diathe\u{300}que");
        assert_eq!(value.as_deref(), Some("médiathèque"));
        assert!(problems.is_empty());
    }

    #[test]
    fn lengths_are_bounded() {
        assert_eq!(cleaned(Field::Id, &"a".repeat(MAX_ID_BYTES)).1, vec![]);
        let (value, problems) = cleaned(Field::Id, &"a".repeat(1 << 20));
        assert_eq!(value, None);
        assert_eq!(problems[0].message, "1048576 bytes long, at most 200 allowed");
        // Characters, not bytes: 10,000 « é » are 20,000 bytes.
        assert_eq!(
            cleaned(Field::PresentationDetail, &"é".repeat(MAX_TEXT_CHARS)).1,
            vec![]
        );
        let (_, problems) = cleaned(Field::Nom, &"é".repeat(MAX_TEXT_CHARS + 1));
        assert_eq!(
            problems[0].message,
            "10001 characters long, at most 10000 allowed"
        );
    }

    #[test]
    fn formula_like_values_are_kept_with_a_warning() {
        let (value, problems) = cleaned(Field::Nom, "=HYPERLINK(\"http://x\")");
        assert_eq!(value.as_deref(), Some("=HYPERLINK(\"http://x\")"));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].severity, crate::Severity::Warning);
        assert!(
            problems[0].message.contains("begins with « = »"),
            "{}",
            problems[0].message
        );
        for number in ["-4.48", "+33298001122"] {
            assert_eq!(cleaned(Field::Longitude, number).1, vec![], "{number}");
        }
    }

    impl Problem {
        fn with_hint(mut self, multi_line: bool) -> Self {
            if multi_line {
                self.message.push_str(" (only tabs and line breaks are allowed)");
            }
            self
        }
    }
}

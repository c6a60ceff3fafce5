//! Text helpers shared by validation and label matching.

/// The delimiter of a CSV file from its header line: the most frequent of `,`, `;` and tab
/// outside quotes (French spreadsheets export `;`), `,` on a tie.
///
/// ```
/// use aiguillage_model::sniff_delimiter;
/// assert_eq!(sniff_delimiter("\"a,b,c\";d;e\n1,2,3"), b';');
/// assert_eq!(sniff_delimiter("a,b;c,d"), b',');
/// assert_eq!(sniff_delimiter("a\tb\tc"), b'\t');
/// assert_eq!(sniff_delimiter("population"), b',');
/// ```
pub fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(c) = counts.iter_mut().find(|(d, _)| *d == b) {
                    c.1 += 1;
                }
            }
            _ => {}
        }
    }
    // `max_by_key` keeps the last of equal maxima: reversed, the first one wins.
    counts
        .iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .map_or(b',', |(d, _)| *d)
}

/// Splits a multi-valued field. The schema's v1.0.2 patterns separate values with `|`
/// while its README still says `;`: both are read. Values are trimmed; empty ones dropped.
///
/// ```
/// use aiguillage_model::split_multi;
/// assert_eq!(split_multi("Jeunes| Seniors;;Femmes"), vec!["Jeunes", "Seniors", "Femmes"]);
/// ```
pub fn split_multi(value: &str) -> Vec<&str> {
    value
        .split(['|', ';'])
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect()
}

/// Joins values the way the standard writes them: with `|`.
pub fn join_multi<S: AsRef<str>>(values: &[S]) -> String {
    let mut out = String::new();
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push('|');
        }
        out.push_str(v.as_ref());
    }
    out
}

/// A cell value that a spreadsheet reads as text, never as a formula (OWASP's « CSV
/// injection »): a value beginning with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
/// leading `'`, unless it is a plain number (a negative longitude stays a number).
///
/// ```
/// use aiguillage_model::spreadsheet_safe;
/// assert_eq!(spreadsheet_safe("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
/// assert_eq!(spreadsheet_safe("+33298000000 ext"), "'+33298000000 ext");
/// assert_eq!(spreadsheet_safe("-4.4966"), "-4.4966");
/// assert_eq!(spreadsheet_safe("Médiathèque"), "Médiathèque");
/// ```
pub fn spreadsheet_safe(value: &str) -> std::borrow::Cow<'_, str> {
    if is_formula_like(value) {
        std::borrow::Cow::Owned(format!("'{value}"))
    } else {
        std::borrow::Cow::Borrowed(value)
    }
}

/// Whether a spreadsheet would read `value` as a formula: it begins with `=`, `+`, `-`, `@`, a
/// tab or a carriage return and is not a plain number. [`spreadsheet_safe`] neutralises such
/// values; validation warns about them.
///
/// ```
/// use aiguillage_model::is_formula_like;
/// assert!(is_formula_like("=1+1") && is_formula_like("@SUM(A1)") && is_formula_like("-x"));
/// assert!(!is_formula_like("-4.48") && !is_formula_like("+33298001122") && !is_formula_like("a=b"));
/// ```
pub fn is_formula_like(value: &str) -> bool {
    value.starts_with(['=', '+', '-', '@', '\t', '\r']) && value.trim().parse::<f64>().is_err()
}

/// French alphabetical order: accents, case and punctuation ignored first (« Écully » between
/// « Dijon » and « Fréjus », « Le Relecq-Kerhuon » before « Lesneven »), the texts themselves
/// breaking ties.
///
/// ```
/// use aiguillage_model::french_order;
/// let mut names = ["Étel", "Brest", "Ergué-Gabéric", "Élliant", "Le Relecq-Kerhuon", "Lesneven"];
/// names.sort_by(|a, b| french_order(a, b));
/// assert_eq!(names, ["Brest", "Élliant", "Ergué-Gabéric", "Étel", "Le Relecq-Kerhuon", "Lesneven"]);
/// ```
pub fn french_order(a: &str, b: &str) -> std::cmp::Ordering {
    fold(a).cmp(&fold(b)).then_with(|| a.cmp(b))
}

/// Folds text for loose comparison: lower case, French diacritics removed, ligatures
/// expanded, punctuation turned into spaces and runs of spaces collapsed.
///
/// ```
/// use aiguillage_model::fold;
/// assert_eq!(fold("Aide aux  Démarches-administratives"), "aide aux demarches administratives");
/// assert_eq!(fold("Œuvre ÉTUDIANTS"), "oeuvre etudiants");
/// ```
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars().map(halfwidth).flat_map(char::to_lowercase) {
        let mapped: &str = match c {
            // Decomposed accents (« e » then U+0301, as some keyboards and macOS file names
            // write them) fold like composed ones: the mark is dropped, not a separator.
            '\u{0300}'..='\u{036f}' => continue,
            'à' | 'â' | 'ä' | 'á' | 'ã' => "a",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'î' | 'ï' | 'í' => "i",
            'ô' | 'ö' | 'ó' | 'õ' => "o",
            'ù' | 'û' | 'ü' | 'ú' => "u",
            'ÿ' => "y",
            'ç' => "c",
            'ñ' => "n",
            'œ' => "oe",
            'æ' => "ae",
            c if c.is_alphanumeric() => {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.push(c);
                continue;
            }
            _ => {
                pending_space = true;
                continue;
            }
        };
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        out.push_str(mapped);
    }
    out
}

/// The ASCII character of a fullwidth form (« Ｂｒｅｓｔ », typed with an East Asian input
/// method), else the character itself.
fn halfwidth(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(u32::from(c) - 0xfee0).unwrap_or(c),
        _ => c,
    }
}

/// French month names, January first.
const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// A day of the year as written in French: « 2 janvier », « 1er mai ».
///
/// ```
/// use aiguillage_model::french_day_and_month;
/// let may_day = chrono::NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
/// assert_eq!(french_day_and_month(may_day), "1er mai");
/// ```
pub fn french_day_and_month(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    // month0() is below 12 for every date.
    let month = MONTHS[date.month0() as usize % 12];
    match date.day() {
        1 => format!("1er {month}"),
        day => format!("{day} {month}"),
    }
}

/// A date as written in French: « 14 septembre 2026 », « 1er mai 2026 ».
///
/// ```
/// use aiguillage_model::french_date;
/// assert_eq!(french_date(chrono::NaiveDate::from_ymd_opt(2026, 9, 14).unwrap()), "14 septembre 2026");
/// ```
pub fn french_date(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{} {}", french_day_and_month(date), date.year())
}

/// `segment` percent-encoded for a URL path: everything but unreserved characters
/// (`A–Z a–z 0–9 - . _ ~`) is encoded, `/` and space included, so any place id fits in one
/// segment of `/lieux/{id}`. A segment of only dots has them encoded too: browsers resolve
/// `.` and `..` as « this folder » and « the parent folder », so `/lieux/..` would lead to `/`.
///
/// ```
/// use aiguillage_model::encode_path_segment;
/// assert_eq!(encode_path_segment("mednum-0012_a.b~c"), "mednum-0012_a.b~c");
/// assert_eq!(encode_path_segment("a/b c?é"), "a%2Fb%20c%3F%C3%A9");
/// assert_eq!(encode_path_segment(".."), "%2E%2E");
/// ```
pub fn encode_path_segment(segment: &str) -> String {
    use std::fmt::Write;
    let only_dots = segment.bytes().all(|b| b == b'.');
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        let unreserved = byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'_' | b'~')
            || (byte == b'.' && !only_dots);
        if unreserved {
            out.push(char::from(byte));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_and_join_round_trip() {
        let values = split_multi("Se présenter;Téléphoner");
        assert_eq!(join_multi(&values), "Se présenter|Téléphoner");
        assert!(split_multi(" | ; ").is_empty());
    }

    #[test]
    fn fold_keeps_digits_and_drops_punctuation() {
        assert_eq!(fold("ORDI 3.0"), "ordi 3 0");
        assert_eq!(fold("  «Mon Espace Santé»  "), "mon espace sante");
    }

    #[test]
    fn fold_reads_decomposed_accents_and_fullwidth_letters() {
        assert_eq!(fold("Lambe\u{301}zellec"), "lambezellec");
        assert_eq!(fold("me\u{301}diathe\u{300}que"), fold("médiathèque"));
        assert_eq!(fold("Ｂｒｅｓｔ"), "brest");
    }
}

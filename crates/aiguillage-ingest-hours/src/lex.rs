//! Cuts a text into tokens (days, times, bare numbers, folded words, punctuation), then
//! refuses at once the words that no grammar could turn into weekly hours.
//!
//! Times are recognised here rather than in the grammar because their spellings
//! (`9h`, `09h00`, `9 h 30`, `9:00`, `9:`, `14.00`, `midi`) are lexical: once they are
//! tokens the grammar only sees "a time".

use std::ops::Range as Span;

use aiguillage_model::fold;

use crate::time::Time;
use crate::weekday::Weekday;

/// What a token is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A day name.
    Day(Weekday),
    /// A time written with an hour mark (`9h`, `9:30`, `14.00`, `midi`).
    Time(Time),
    /// Digits alone, which may be an hour when the other end of a range is a time (`9-12h`).
    Num(u32),
    /// Any other word, folded (lower case, no accents).
    Word(String),
    /// Punctuation; every dash is `-` and apostrophes are dropped.
    Punct(char),
    /// Something that cannot be part of hours (`25h`, `@`), with the reason. Kept as a token
    /// rather than failing at once so that a clearer reason found by [`vet`] comes first
    /// (« Sur RDV : 02.47.74.56.08 » is refused for the appointment, not the time).
    Bad(String),
}

/// A token and where it was in the text, so that reasons can quote the text as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub(crate) kind: Kind,
    pub(crate) span: Span<usize>,
}

/// The tokens of `text`, with filler phrases removed, or why `text` cannot be hours.
pub(crate) fn tokens(text: &str) -> Result<Vec<Token>, String> {
    let tokens = strip_fillers(normalise(text, lex(text)));
    vet(text, &tokens)?;
    match tokens.iter().find_map(|t| match &t.kind {
        Kind::Bad(reason) => Some(reason.clone()),
        _ => None,
    }) {
        Some(reason) => Err(reason),
        None => Ok(tokens),
    }
}

/// Whitespace that may sit inside a time (`9 h 30`, `7 : 30`): not a line break, which
/// always separates.
fn is_inline_space(c: char) -> bool {
    c.is_whitespace() && c != '\n' && c != '\r'
}

/// Accents typed as separate combining characters (decomposed Unicode), kept inside words.
fn is_combining(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

fn lex(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&(start, c)) = chars.get(i) {
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() {
            let (kind, next) = number(text, &chars, i);
            out.push(Token {
                kind,
                span: start..byte(next),
            });
            i = next;
        } else if c.is_alphabetic() {
            let mut j = i;
            while chars
                .get(j)
                .is_some_and(|&(_, c)| c.is_alphabetic() || is_combining(c))
            {
                j += 1;
            }
            let span = start..byte(j);
            // Combining accents are dropped first: `fold` would turn them into spaces.
            let bare: String = text[span.clone()].chars().filter(|&c| !is_combining(c)).collect();
            out.push(Token {
                kind: Kind::Word(fold(&bare)),
                span,
            });
            i = j;
        } else {
            let punct = match c {
                '-' | '–' | '—' | '‑' | '−' => '-',
                ',' | ';' | ':' | '.' | '/' | '(' | ')' | '&' | '+' => c,
                // « jusqu'à », « d'ouverture »: the apostrophe only joins words.
                '\'' | '’' => {
                    i += 1;
                    continue;
                }
                _ => {
                    let reason = format!("unexpected character \"{c}\"");
                    out.push(Token {
                        kind: Kind::Bad(reason),
                        span: start..byte(i + 1),
                    });
                    i += 1;
                    continue;
                }
            };
            out.push(Token {
                kind: Kind::Punct(punct),
                span: start..byte(i + 1),
            });
            i += 1;
        }
    }
    out
}

/// Reads the number or time starting at `chars[i]`; returns it and the index after it.
fn number(text: &str, chars: &[(usize, char)], i: usize) -> (Kind, usize) {
    let byte = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let slice = |a: usize, b: usize| &text[byte(a)..byte(b)];
    let digits_end = |from: usize| {
        let mut j = from;
        while chars.get(j).is_some_and(|(_, c)| c.is_ascii_digit()) {
            j += 1;
        }
        j
    };
    let spaces_end = |from: usize| {
        let mut j = from;
        while chars.get(j).is_some_and(|&(_, c)| is_inline_space(c)) {
            j += 1;
        }
        j
    };
    let at = |j: usize, want: &dyn Fn(char) -> bool| chars.get(j).is_some_and(|&(_, c)| want(c));
    // Minutes after an hour mark, as `(minutes, index after them)`: two digits, unless
    // followed by an hour mark, as the next hour is (`9h 14h`, `15h18h`, `9: 12:`). Other
    // glued digits are minutes, so `13h030` and `13:16:59` are invalid rather than split.
    let minutes = |mark_end: usize| -> Option<(u32, usize)> {
        let m = spaces_end(mark_end);
        let mut me = digits_end(m);
        let spaced = m > mark_end;
        let next = spaces_end(me);
        if me == m || at(next, &|c| c == 'h' || c == 'H') || (spaced && at(next, &|c| c == ':')) {
            return None;
        }
        if spaced && me - m != 2 {
            return None;
        }
        // An impossible minute makes `time` refuse the whole spelling (`13h030`, `9h5`).
        let mut minute = match me - m {
            2 => slice(m, me).parse().unwrap_or(u32::MAX),
            _ => u32::MAX,
        };
        // Seconds (`13:16:59`) are more precision than any opening time has.
        if at(me, &|c| c == ':') && at(me + 1, &|c| c.is_ascii_digit()) {
            me = digits_end(me + 1);
            minute = u32::MAX;
        }
        Some((minute, me))
    };
    let time = |hour: u32, minute: u32, end: usize| {
        let kind = match Time::new(hour, minute) {
            Some(t) => Kind::Time(t),
            None => Kind::Bad(format!("invalid time \"{}\"", slice(i, end))),
        };
        (kind, end)
    };

    let j = digits_end(i);
    // More digits than fit a u32 are no hour either way; the saturated value says so.
    let hour: u32 = slice(i, j).parse().unwrap_or(u32::MAX);
    let k = spaces_end(j);
    if at(k, &|c| c == 'h' || c == 'H') {
        let mut w = k;
        while at(w, &char::is_alphabetic) {
            w += 1;
        }
        if matches!(fold(slice(k, w)).as_str(), "h" | "heure" | "heures") {
            return match minutes(w) {
                Some((minute, end)) => time(hour, minute, end),
                None => time(hour, 0, w),
            };
        }
    }
    if at(k, &|c| c == ':') {
        // `9:` is how nouvelle-caledonie.json writes 9:00 (its export drops `00`).
        return match minutes(k + 1) {
            Some((minute, end)) => time(hour, minute, end),
            None => time(hour, 0, k + 1),
        };
    }
    if at(j, &|c| c == '.') {
        let me = digits_end(j + 1);
        if me - (j + 1) == 2 {
            return time(hour, slice(j + 1, me).parse().unwrap_or(u32::MAX), me);
        }
    }
    (Kind::Num(hour), j)
}

/// Joins the words that mean one thing (`après-midi`, `rendez-vous`, `jusqu'à`), reads
/// `midi`, `minuit` and day names, and drops the dot of an abbreviated day (`lun.`).
fn normalise(text: &str, tokens: Vec<Token>) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    for token in tokens {
        let word = match &token.kind {
            Kind::Word(w) => w.as_str(),
            Kind::Punct('.') => {
                let after_abbreviation = out.last().is_some_and(|last| {
                    matches!(last.kind, Kind::Day(_)) && text[last.span.clone()].chars().count() <= 3
                });
                if !after_abbreviation {
                    out.push(token);
                }
                continue;
            }
            _ => {
                out.push(token);
                continue;
            }
        };
        let joined = match word {
            "midi" | "midis" => join(&mut out, "apres", token.span.end, "apres-midi"),
            "vous" => join(&mut out, "rendez", token.span.end, "rendez-vous"),
            "a" | "au" => join(&mut out, "jusqu", token.span.end, "jusqua"),
            _ => false,
        };
        if joined {
            continue;
        }
        let kind = match word {
            "midi" => Kind::Time(Time::NOON),
            "minuit" => Kind::Time(Time::MIDNIGHT),
            w => Weekday::parse_french(w).map_or(token.kind.clone(), Kind::Day),
        };
        out.push(Token {
            kind,
            span: token.span,
        });
    }
    out
}

/// When `out` ends with the word `first` (maybe then a dash), replaces them with the word
/// `whole` ending at `end`.
fn join(out: &mut Vec<Token>, first: &str, end: usize, whole: &str) -> bool {
    let dash = usize::from(matches!(
        out.last(),
        Some(Token {
            kind: Kind::Punct('-'),
            ..
        })
    ));
    let Some(at) = out.len().checked_sub(1 + dash) else {
        return false;
    };
    if out[at].kind != Kind::Word(first.to_owned()) {
        return false;
    }
    let start = out[at].span.start;
    out.truncate(at);
    out.push(Token {
        kind: Kind::Word(whole.to_owned()),
        span: start..end,
    });
    true
}

/// Phrases that add nothing to the hours: « en continu », « sans rendez-vous » (walk-in
/// hours are hours), « horaires d'ouverture », « accueil du public ».
const FILLERS: &[&[&str]] = &[
    &["accueil", "du", "public"],
    &["ouvert", "au", "public"],
    &["ouverte", "au", "public"],
    &["en", "continu"],
    &["journee", "continue"],
    &["sans", "rendez-vous"],
    &["sans", "rdv"],
    &["horaires", "d", "ouverture"],
    &["horaires"],
];

fn strip_fillers(tokens: Vec<Token>) -> Vec<Token> {
    let is_word = |t: &Token, w: &str| matches!(&t.kind, Kind::Word(x) if x == w);
    let mut kept: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let filler = FILLERS.iter().find(|phrase| {
            tokens.len() - i >= phrase.len() && phrase.iter().zip(&tokens[i..]).all(|(w, t)| is_word(t, w))
        });
        if let Some(phrase) = filler {
            i += phrase.len();
            continue;
        }
        // A pair of brackets left empty once its filler is gone: « 10h à 18h (en continu) ».
        let closes_empty =
            tokens[i].kind == Kind::Punct(')') && kept.last().is_some_and(|t| t.kind == Kind::Punct('('));
        if closes_empty {
            kept.pop();
        } else {
            kept.push(tokens[i].clone());
        }
        i += 1;
    }
    kept
}

const MONTHS: &[&str] = &[
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
];

/// Refuses the texts whose words say they are something other than weekly hours, with the
/// reason, before any parsing: each of these words alone makes a weekly schedule wrong.
fn vet(text: &str, tokens: &[Token]) -> Result<(), String> {
    for (i, token) in tokens.iter().enumerate() {
        let Kind::Word(word) = &token.kind else {
            continue;
        };
        let previous = i.checked_sub(1).map(|p| &tokens[p]);
        let after_number = previous.is_some_and(|p| matches!(p.kind, Kind::Num(_)));
        let after_sur = previous.is_some_and(|p| p.kind == Kind::Word("sur".into()));
        let why = match word.as_str() {
            "rendez-vous" | "rendez" | "rdv" => "by appointment only, which is not opening hours",
            "demande" => "on request, which is not opening hours",
            "sauf" | "hors" | "excepte" | "exception" | "exceptions" => "exceptions are not supported",
            "hiver" | "ete" | "printemps" | "automne" | "vacances" | "scolaire" | "scolaires" | "periode"
            | "ferie" | "feries" | "saison" => "seasonal or holiday hours are not supported",
            w if MONTHS.contains(&w) => "seasonal or holiday hours are not supported",
            "premier" | "premiers" | "premiere" | "premieres" | "deuxieme" | "deuxiemes" | "troisieme"
            | "troisiemes" | "quatrieme" | "quatriemes" | "dernier" | "derniers" | "derniere"
            | "dernieres" | "mois" | "semaines" | "quinzaine" | "fois" => {
                "recurring dates (monthly, every other week) are not supported"
            }
            "jours" | "e" | "er" | "eme" | "ieme" if after_number => {
                "recurring dates (monthly, every other week) are not supported"
            }
            "deux" if after_sur => "recurring dates (monthly, every other week) are not supported",
            _ => continue,
        };
        let start = match previous {
            Some(p) if after_number || after_sur => p.span.start,
            _ => token.span.start,
        };
        return Err(format!("\"{}\": {why}", &text[start..token.span.end]));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Kind> {
        tokens(text).unwrap().into_iter().map(|t| t.kind).collect()
    }

    fn t(h: u32, m: u32) -> Kind {
        Kind::Time(Time::new(h, m).unwrap())
    }

    #[test]
    fn reads_every_spelling_of_a_time() {
        for (text, h, m) in [
            ("9h", 9, 0),
            ("09h00", 9, 0),
            ("9H30", 9, 30),
            ("9 h 30", 9, 30),
            ("9:30", 9, 30),
            ("7 : 30", 7, 30),
            ("9:", 9, 0),
            ("14.00", 14, 0),
            ("midi", 12, 0),
            ("minuit", 24, 0),
            ("10 heures", 10, 0),
        ] {
            assert_eq!(kinds(text), vec![t(h, m)], "{text}");
        }
    }

    #[test]
    fn keeps_following_hours_apart() {
        assert_eq!(kinds("9h 14h"), vec![t(9, 0), t(14, 0)]);
        assert_eq!(kinds("9: 12:"), vec![t(9, 0), t(12, 0)]);
        assert_eq!(kinds("9-12h"), vec![Kind::Num(9), Kind::Punct('-'), t(12, 0)]);
    }

    #[test]
    fn refuses_impossible_times() {
        assert_eq!(tokens("25h").unwrap_err(), "invalid time \"25h\"");
        assert_eq!(tokens("13h030").unwrap_err(), "invalid time \"13h030\"");
        assert_eq!(tokens("9h75").unwrap_err(), "invalid time \"9h75\"");
        assert!(tokens("99999999999999h").is_err());
    }

    #[test]
    fn joins_words_and_reads_days() {
        assert_eq!(
            kinds("Lun. et mer., après-midi"),
            vec![
                Kind::Day(Weekday::Mo),
                Kind::Word("et".into()),
                Kind::Day(Weekday::We),
                Kind::Punct(','),
                Kind::Word("apres-midi".into()),
            ]
        );
        assert_eq!(kinds("jusqu’à"), vec![Kind::Word("jusqua".into())]);
        assert_eq!(kinds("me\u{301}"), vec![Kind::Word("me".into())]);
    }

    #[test]
    fn drops_fillers() {
        assert_eq!(kinds("10h (en continu)"), vec![t(10, 0)]);
        assert_eq!(
            kinds("Horaires d'ouverture : 9h"),
            vec![Kind::Punct(':'), t(9, 0)]
        );
    }

    #[test]
    fn refuses_what_is_not_weekly_hours() {
        let reason = |text: &str| tokens(text).unwrap_err();
        assert!(
            reason("sur rendez-vous").contains("appointment"),
            "{}",
            reason("sur RDV")
        );
        assert!(reason("sur RDV").contains("appointment"));
        assert!(reason("de septembre à juin").starts_with("\"septembre\": seasonal"));
        assert!(reason("un lundi sur deux").starts_with("\"sur deux\": recurring"));
        assert!(reason("tous les 15 jours").starts_with("\"15 jours\": recurring"));
        assert!(reason("2e dimanche").starts_with("\"2e\": recurring"));
        assert!(reason("sauf jeudi").starts_with("\"sauf\": exceptions"));
        assert!(reason("🙂").starts_with("unexpected character"));
    }
}

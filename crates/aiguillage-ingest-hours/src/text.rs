//! The grammar of hours written in French.
//!
//! A text is a sequence of rules, each either days then times (« du lundi au vendredi de 9h
//! à 12h et de 14h à 17h », « Mardi : fermé ») or times then days (« 9h-12h du lundi au
//! vendredi »). Rules are separated by punctuation, « et », or simply by the next day name.
//! Parsing is all or nothing: a token that fits no rule makes the whole text an error.

use crate::lex::{tokens, Kind, Token};
use crate::schedule::{DaySpec, Week};
use crate::time::{Range, Time};
use crate::weekday::Weekday;

/// Words that close the days they go with.
const CLOSED: &[&str] = &["ferme", "fermee", "fermes", "fermees", "closed", "off"];

/// Half-day words: redundant before explicit times (« mardi matin 9h-10h30 »), too vague
/// without them.
const HALF_DAYS: &[&str] = &[
    "matin",
    "matins",
    "matinee",
    "apres-midi",
    "soir",
    "soirs",
    "soiree",
    "soirees",
];

/// Words of the grammar itself: when parsing stops on one of them, quoting it alone would
/// not help, so the reason quotes what follows instead.
const GRAMMAR_WORDS: &[&str] = &[
    "le", "la", "les", "l", "de", "du", "des", "et", "a", "au", "tous", "puis", "entre",
];

/// Parses a whole free text into a week.
pub(crate) fn week(text: &str) -> Result<Week, String> {
    let mut parser = Parser::new(text)?;
    let mut week = Week::default();
    loop {
        parser.skip_separators();
        if parser.at_end() {
            return Ok(week);
        }
        let (days, spec) = parser.rule()?;
        for day in days {
            week.set(day, spec.clone())?;
        }
    }
}

/// Parses the hours of one known day (« 9h-12h / 14h-17h », « fermé »).
pub(crate) fn single_day(text: &str) -> Result<DaySpec, String> {
    let mut parser = Parser::new(text)?;
    let spec = parser.day_hours(0)?;
    parser.skip_separators();
    if parser.at_end() {
        Ok(spec)
    } else {
        Err(parser.not_understood())
    }
}

/// Parses a list of days alone (« {Lundi,Mardi} » once its braces are removed,
/// « du lundi au vendredi »); an empty text is an empty list.
pub(crate) fn day_list(text: &str) -> Result<Vec<Weekday>, String> {
    let mut parser = Parser::new(text)?;
    let days = parser.days()?.unwrap_or_default();
    parser.skip_separators();
    match parser.toks.get(parser.pos) {
        None => Ok(days),
        Some(token) => Err(format!("\"{}\" is not a day", &text[token.span.clone()])),
    }
}

struct Parser<'t> {
    text: &'t str,
    toks: Vec<Token>,
    pos: usize,
}

impl<'t> Parser<'t> {
    fn new(text: &'t str) -> Result<Self, String> {
        Ok(Parser {
            text,
            toks: tokens(text)?,
            pos: 0,
        })
    }

    fn at_end(&self) -> bool {
        self.pos >= self.toks.len()
    }

    fn peek(&self) -> Option<&Kind> {
        self.toks.get(self.pos).map(|t| &t.kind)
    }

    fn peek_word(&self) -> Option<&str> {
        match self.peek() {
            Some(Kind::Word(w)) => Some(w),
            _ => None,
        }
    }

    fn eat_word(&mut self, word: &str) -> bool {
        self.eat_any_word(&[word])
    }

    fn eat_any_word(&mut self, words: &[&str]) -> bool {
        let found = self.peek_word().is_some_and(|w| words.contains(&w));
        self.pos += usize::from(found);
        found
    }

    /// Eats `words` in sequence, or nothing.
    fn eat_words(&mut self, words: &[&str]) -> bool {
        let start = self.pos;
        if words.iter().all(|w| self.eat_word(w)) {
            return true;
        }
        self.pos = start;
        false
    }

    fn eat_any_punct(&mut self, puncts: &str) -> bool {
        let found = matches!(self.peek(), Some(Kind::Punct(c)) if puncts.contains(*c));
        self.pos += usize::from(found);
        found
    }

    fn eat_day(&mut self) -> Option<Weekday> {
        let Some(&Kind::Day(day)) = self.peek() else {
            return None;
        };
        self.pos += 1;
        Some(day)
    }

    fn skip_separators(&mut self) {
        while self.eat_any_punct(",;./-:") || self.eat_any_word(&["et", "puis"]) {}
    }

    /// The text of tokens `from..to` as written, shortened to keep reasons short.
    fn quote(&self, from: usize, to: usize) -> String {
        let to = to.min(self.toks.len());
        if from >= to {
            return String::new();
        }
        let written = &self.text[self.toks[from].span.start..self.toks[to - 1].span.end];
        if written.chars().count() <= 40 {
            return written.to_owned();
        }
        written.chars().take(40).chain(['…']).collect()
    }

    /// Why parsing stopped at the current token.
    fn not_understood(&self) -> String {
        let ahead = self.toks[self.pos.min(self.toks.len())..].iter().take(4);
        for token in ahead {
            if matches!(&token.kind, Kind::Word(w) if HALF_DAYS.contains(&w.as_str())) {
                return too_vague(&self.text[token.span.clone()]);
            }
        }
        // Past the grammar words (« et » in « mardi et eudi »), an unknown word is the culprit.
        let culprit = self.toks[self.pos.min(self.toks.len())..]
            .iter()
            .find(|t| !matches!(&t.kind, Kind::Word(w) if GRAMMAR_WORDS.contains(&w.as_str())));
        match culprit {
            Some(Token {
                kind: Kind::Word(_),
                span,
            }) => {
                format!("\"{}\" not understood", &self.text[span.clone()])
            }
            _ => format!("not understood: \"{}\"", self.quote(self.pos, self.toks.len())),
        }
    }

    fn rule(&mut self) -> Result<(Vec<Weekday>, DaySpec), String> {
        let start = self.pos;
        if let Some(days) = self.days()? {
            return Ok((days, self.day_hours(start)?));
        }
        if self.eat_any_word(CLOSED) {
            // « fermé le dimanche ».
            let Some(days) = self.days()? else {
                return Err(self.not_understood());
            };
            if self.peek_word().is_some_and(|w| HALF_DAYS.contains(&w)) {
                let word = self.quote(self.pos, self.pos + 1);
                return Err(format!("\"{word}\": closing for part of a day is not supported"));
            }
            return Ok((days, DaySpec::Closed));
        }
        if let Some(ranges) = self.times()? {
            let after_times = self.pos;
            self.eat_any_punct(",:");
            return match self.days()? {
                Some(days) => Ok((days, DaySpec::Open(ranges))),
                None => Err(format!(
                    "no days given for \"{}\"",
                    self.quote(start, after_times)
                )),
            };
        }
        Err(self.not_understood())
    }

    /// What follows a list of days: « : 9h-12h », « , de 9h à 12h », « fermé », « matin de 9h
    /// à 12h ». `start` is where the days began, to quote them.
    fn day_hours(&mut self, start: usize) -> Result<DaySpec, String> {
        let mut half_day = None;
        loop {
            if self.eat_any_punct(":,") {
                continue;
            }
            if self.peek_word().is_some_and(|w| HALF_DAYS.contains(&w)) {
                half_day.get_or_insert(self.pos);
                self.pos += 1;
                continue;
            }
            break;
        }
        if half_day.is_none() && self.eat_any_word(CLOSED) {
            return Ok(DaySpec::Closed);
        }
        if let Some(ranges) = self.times()? {
            return Ok(DaySpec::Open(ranges));
        }
        if let Some(at) = half_day {
            return Err(too_vague(&self.quote(at, at + 1)));
        }
        if self.peek_word().is_some() {
            return Err(self.not_understood());
        }
        let days = self.quote(start, self.pos);
        let days = days.trim_end_matches([':', ',', ' ']);
        Err(if days.is_empty() {
            "no hours".to_owned()
        } else {
            format!("no hours given for \"{days}\"")
        })
    }

    fn days(&mut self) -> Result<Option<Vec<Weekday>>, String> {
        let Some(mut days) = self.day_item()? else {
            return Ok(None);
        };
        loop {
            let before = self.pos;
            while self.eat_any_punct(",/&+") || self.eat_word("et") {}
            match self.day_item()? {
                Some(more) => days.extend(more),
                None => {
                    self.pos = before;
                    return Ok(Some(days));
                }
            }
        }
    }

    /// One day or range of days, with its article: « le lundi », « du lundi au vendredi »,
    /// « tous les jours », « la semaine » (Monday to Friday, as French uses it).
    fn day_item(&mut self) -> Result<Option<Vec<Weekday>>, String> {
        let start = self.pos;
        if self.eat_words(&["tous", "les", "jours"]) {
            return Ok(Some(Weekday::ALL.to_vec()));
        }
        if self.eat_words(&["la", "semaine"]) || self.eat_words(&["en", "semaine"]) {
            return Ok(Some(Weekday::Mo.through(Weekday::Fr)));
        }
        self.eat_word("tous");
        self.eat_any_word(&["le", "les", "l", "du", "de"]);
        let Some(first) = self.eat_day() else {
            self.pos = start;
            return Ok(None);
        };
        let before = self.pos;
        if self.eat_any_word(&["au", "a", "jusqua"]) {
            self.eat_word("le");
            if let Some(last) = self.eat_day() {
                return Ok(Some(first.through(last)));
            }
            self.pos = before;
        }
        let mut chain = vec![first];
        while let (
            Some(Kind::Punct('-')),
            Some(&Token {
                kind: Kind::Day(next),
                ..
            }),
        ) = (self.peek(), self.toks.get(self.pos + 1))
        {
            chain.push(next);
            self.pos += 2;
        }
        if let [a, b] = chain[..] {
            // « Mardi-Jeudi et Vendredi … Mercredi et Samedi » (fibre-64.json) lists two days
            // while « Lundi - Jeudi » elsewhere is a range: a dash between two days that are
            // not neighbours cannot be trusted. Three or more (« mar-mer-jeu-ven ») are a list.
            if b.index() != a.index() + 1 {
                let (a, b) = (self.written(self.pos - 3), self.written(self.pos - 1));
                return Err(format!(
                    "ambiguous days \"{}\": write \"du {a} au {b}\" or \"{a} et {b}\"",
                    self.quote(start, self.pos)
                ));
            }
        }
        Ok(Some(chain))
    }

    /// The token at `at` as written, in lower case, to suggest a rewording.
    fn written(&self, at: usize) -> String {
        self.quote(at, at + 1).to_lowercase()
    }

    fn times(&mut self) -> Result<Option<Vec<Range>>, String> {
        let Some(first) = self.range()? else {
            return Ok(None);
        };
        let mut ranges = vec![first];
        loop {
            let before = self.pos;
            while self.eat_any_punct(",;/-") || self.eat_any_word(&["et", "puis"]) {}
            match self.range()? {
                Some(range) => ranges.push(range),
                None => {
                    self.pos = before;
                    return Ok(Some(ranges));
                }
            }
        }
    }

    /// « de 9h à 12h », « 9h-12h », « 9h/12h », « 8:30 11:30 », « entre 9h et 12h »,
    /// « 9 à 12h ». A bare number is an hour only when the other end has an hour mark.
    fn range(&mut self) -> Result<Option<Range>, String> {
        let start = self.pos;
        let between = self.eat_word("entre");
        if !between {
            self.eat_any_word(&["de", "du"]);
        }
        let Some((open, open_marked)) = self.time_point() else {
            self.pos = start;
            return Ok(None);
        };
        let _ = self.eat_any_punct("-/")
            || self.eat_any_word(&["a", "au", "jusqua"])
            || (between && self.eat_word("et"));
        let Some((close, close_marked)) = self.time_point() else {
            return Err(format!(
                "incomplete time range \"{}\"",
                self.quote(start, self.pos)
            ));
        };
        let written = self.quote(start, self.pos);
        if !open_marked && !close_marked {
            return Err(format!("ambiguous times \"{written}\": write them as 9h-12h"));
        }
        Range::new(open, close, &written).map(Some)
    }

    /// A time, and whether it had an hour mark.
    fn time_point(&mut self) -> Option<(Time, bool)> {
        let point = match *self.peek()? {
            Kind::Time(time) => (time, true),
            Kind::Num(hour) => (Time::new(hour, 0)?, false),
            _ => return None,
        };
        self.pos += 1;
        Some(point)
    }
}

fn too_vague(word: &str) -> String {
    format!("\"{word}\" is too vague: give the times")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn osm(text: &str) -> Result<String, String> {
        week(text)?.to_osm()
    }

    #[test]
    fn reads_days_then_times() {
        assert_eq!(
            osm("Du lundi au vendredi de 9h à 12h").unwrap(),
            "Mo-Fr 09:00-12:00"
        );
        assert_eq!(osm("lundi au samedi de 10h à 18h").unwrap(), "Mo-Sa 10:00-18:00");
        assert_eq!(
            osm("du vendredi au lundi 9h-12h").unwrap(),
            "Mo,Fr-Su 09:00-12:00"
        );
        assert_eq!(
            osm("le lundi et le mardi de 9h à 12h").unwrap(),
            "Mo,Tu 09:00-12:00"
        );
        assert_eq!(
            osm("Lundi Mardi Vendredi 9h00 a 12h00").unwrap(),
            "Mo,Tu,Fr 09:00-12:00"
        );
    }

    #[test]
    fn reads_times_then_days() {
        assert_eq!(
            osm("9h-12h et 14h-17h du lundi au vendredi").unwrap(),
            "Mo-Fr 09:00-12:00,14:00-17:00"
        );
        assert!(osm("9h-12h / 14h-17h").unwrap_err().starts_with("no days given"));
    }

    #[test]
    fn reads_closed_days() {
        assert_eq!(osm("Lundi 9h-12h ; Mardi : fermé").unwrap(), "Mo 09:00-12:00");
        assert_eq!(
            osm("tous les jours 9h-12h, fermé le dimanche").unwrap_err(),
            "Sunday is given both closed and open"
        );
        assert!(osm("fermé les mardi et jeudi après-midi")
            .unwrap_err()
            .contains("part of a day"));
    }

    #[test]
    fn explains_what_stops_it() {
        assert_eq!(
            osm("Du lundi au vendredi").unwrap_err(),
            "no hours given for \"Du lundi au vendredi\""
        );
        assert_eq!(
            osm("Les lundi et eudi de 9h à 12h").unwrap_err(),
            "\"eudi\" not understood"
        );
        assert_eq!(
            osm("le matin").unwrap_err(),
            "\"matin\" is too vague: give the times"
        );
        assert_eq!(osm("lundi 9h-").unwrap_err(), "incomplete time range \"9h-\"");
        assert_eq!(osm("lundi 9h").unwrap_err(), "incomplete time range \"9h\"");
        assert!(osm("vendredi 10-12")
            .unwrap_err()
            .starts_with("ambiguous times \"10-12\""));
        assert_eq!(
            osm("Lundi - Jeudi : 9h-12h").unwrap_err(),
            "ambiguous days \"Lundi - Jeudi\": write \"du lundi au jeudi\" or \"lundi et jeudi\""
        );
        assert_eq!(osm("lundi-mardi 9h-12h").unwrap(), "Mo,Tu 09:00-12:00");
        assert_eq!(osm("mar-mer-jeu-ven 9h-12h").unwrap(), "Tu-Fr 09:00-12:00");
        assert_eq!(osm("lundi-mardi-jeudi 9h-12h").unwrap(), "Mo,Tu,Th 09:00-12:00");
        assert!(osm("lundi 9h-12h (17h le mercredi)")
            .unwrap_err()
            .starts_with("not understood: \"("));
    }

    #[test]
    fn reads_single_days_and_day_lists() {
        assert_eq!(
            single_day("7:30 - 11:30 ; 12:15 - 16:").unwrap(),
            single_day("07:30-11:30, 12:15-16:00").unwrap()
        );
        assert_eq!(single_day("Fermé").unwrap(), DaySpec::Closed);
        assert!(single_day("lundi 9h-12h").is_err());
        assert!(single_day("9h-12h lundi").is_err());
        assert_eq!(
            day_list("Lundi,Mercredi,Mardi").unwrap(),
            [Weekday::Mo, Weekday::We, Weekday::Tu]
        );
        assert_eq!(day_list("").unwrap(), []);
        assert_eq!(day_list("Lundi,Inconnu").unwrap_err(), "\"Inconnu\" is not a day");
    }
}

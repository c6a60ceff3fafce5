//! Names of places, compared loosely.

use std::collections::BTreeSet;

use aiguillage_model::fold;

/// Words that say nothing about which place a name designates (articles, prepositions and
/// conjunctions, once [`fold`] has split elisions: « d'Angers » is `d angers`).
const STOP_WORDS: &[&str] = &[
    "a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les",
];

/// Acronyms of fewer letters match too many runs of words to say anything.
const MIN_ACRONYM_LEN: usize = 3;

/// The distinctive words of a place's name: [`fold`]ed (lower case, no accents, punctuation
/// as spaces), without articles, prepositions and conjunctions (`de`, `la`, `le`, `du`,
/// `des`, `l'`, `d'`, `les`, `et`, `a`, `au`, `aux`, `en`), and without the words of its
/// commune's name, since two places a few metres apart are in the same commune and « CCAS -
/// Cholet » and « Mairie de Cholet » differ only by what is not the commune. When that would
/// leave nothing (« Angers » in Angers), the commune's words are kept; when even that is
/// empty, so is the result.
///
/// ```
/// use aiguillage_dedupe::name_tokens;
/// assert_eq!(name_tokens("Médiathèque Toussaint d'Angers", "Angers"), ["mediatheque", "toussaint"]);
/// assert_eq!(name_tokens("Mairie de Saint-Lambert-la-Potherie", "Saint-Lambert-la-Potherie"), ["mairie"]);
/// assert_eq!(name_tokens("Angers", "Angers"), ["angers"]);
/// ```
pub fn name_tokens(nom: &str, commune: &str) -> Vec<String> {
    let folded = fold(nom);
    let words: Vec<&str> = folded
        .split(' ')
        .filter(|w| !w.is_empty() && !STOP_WORDS.contains(w))
        .collect();
    let commune = fold(commune);
    let commune_words: Vec<&str> = commune.split(' ').collect();
    let distinctive: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !commune_words.contains(w))
        .collect();
    let kept = if distinctive.is_empty() {
        words
    } else {
        distinctive
    };
    kept.into_iter().map(str::to_owned).collect()
}

/// How alike two names are, from 0 to 1, given their [`name_tokens`]: how much of one name
/// is found in the other, so that a name that is part of the other matches (« Maison de
/// Quartier - Le Trois-Mâts » and « Maison de Quartier - Le Trois-Mâts (ENumEA) »), while
/// names that only share a prefix do not (« Mairie de Quartier - Luynes » and « - Les
/// Milles »: 2 words of 3).
///
/// Each word of a name counts for its normalized Levenshtein similarity with the closest word
/// of the other name when that is at least [`WORD_THRESHOLD`] (spelling variants such as
/// « Champigny » / « Champagny »), else for nothing; the score is the average over the words
/// of the name that is better matched. An acronym of one name stands for the run of words of
/// the other whose initials it spells (« CIAS » for « Centre Intercommunal d'Action
/// Sociale »). A name without words is like no other.
///
/// ```
/// use aiguillage_dedupe::{name_similarity, name_tokens};
/// let a = name_tokens("Médiathèque Toussaint", "Angers");
/// assert_eq!(name_similarity(&a, &name_tokens("MEDIATHEQUE TOUSSAINT", "Angers")), 1.0);
/// assert_eq!(name_similarity(&a, &name_tokens("Médiathèque", "Angers")), 1.0);
/// let cias = name_tokens("CIAS des Vallées du Haut-Anjou", "Le Lion-d'Angers");
/// let long = name_tokens("Centre Intercommunal d'Action Sociale des Vallées du Haut-Anjou", "Le Lion-d'Angers");
/// assert_eq!(name_similarity(&cias, &long), 1.0);
/// let ireps = name_tokens("Cité des associations (IREPS)", "Angers");
/// assert!(name_similarity(&ireps, &name_tokens("Cité des associations (OXYGEM)", "Angers")) < 0.7);
/// ```
pub fn name_similarity(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let a_words = collapse_acronyms(a, b);
    let b_words = collapse_acronyms(b, a);
    covered(&a_words, &b_words).max(covered(&b_words, &a_words))
}

/// Two words at least this similar (normalized Levenshtein) are taken for the same word
/// misspelt: one letter in 5 (« champigny » / « champagny » 0.89), not « luynes » /
/// « milles » (0.5).
pub const WORD_THRESHOLD: f64 = 0.8;

/// The average over `words` of their similarity with the closest word of `other`, counting
/// those below [`WORD_THRESHOLD`] as 0.
fn covered(words: &BTreeSet<&str>, other: &BTreeSet<&str>) -> f64 {
    let total: f64 = words
        .iter()
        .map(|word| {
            if other.contains(word) {
                return 1.0;
            }
            let best = other
                .iter()
                .map(|o| strsim::normalized_levenshtein(word, o))
                .fold(0.0, f64::max);
            if best >= WORD_THRESHOLD {
                best
            } else {
                0.0
            }
        })
        .sum();
    total / words.len() as f64
}

/// The set of `words`, where each run of words whose initials spell an acronym found in
/// `other` (and not in `words`) is replaced by that acronym.
fn collapse_acronyms<'w>(words: &'w [String], other: &'w [String]) -> BTreeSet<&'w str> {
    let mut covered = vec![false; words.len()];
    let mut set = BTreeSet::new();
    for acronym in other {
        let letters = acronym.len();
        if letters < MIN_ACRONYM_LEN
            || !acronym.bytes().all(|b| b.is_ascii_lowercase())
            || words.contains(acronym)
            || letters > words.len()
        {
            continue;
        }
        let run = (0..=words.len() - letters).find(|&start| {
            words[start..start + letters]
                .iter()
                .zip(acronym.bytes())
                .all(|(word, initial)| word.as_bytes().first() == Some(&initial))
                && !covered[start..start + letters].contains(&true)
        });
        if let Some(start) = run {
            covered[start..start + letters].fill(true);
            set.insert(acronym.as_str());
        }
    }
    set.extend(
        words
            .iter()
            .zip(&covered)
            .filter(|(_, covered)| !**covered)
            .map(|(word, _)| word.as_str()),
    );
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    fn similarity(a: &str, b: &str) -> f64 {
        name_similarity(&name_tokens(a, "Angers"), &name_tokens(b, "Angers"))
    }

    #[test]
    fn accents_case_punctuation_and_small_words_are_ignored() {
        assert_eq!(similarity("Médiathèque X", "Mediatheque X"), 1.0);
        assert_eq!(similarity("La Médiathèque de l'Ouest", "mediatheque ouest"), 1.0);
        assert_eq!(similarity("CCAS - Cholet", "ccas cholet"), 1.0);
    }

    #[test]
    fn misspelt_words_count_for_their_similarity() {
        let s = similarity("CSC rue de Champigny", "CSC rue de Champagny");
        assert!((s - (2.0 + 8.0 / 9.0) / 3.0).abs() < 1e-12, "{s}");
    }

    #[test]
    fn a_name_contained_in_the_other_matches() {
        assert_eq!(similarity("Médiathèque", "Médiathèque Toussaint d'Angers"), 1.0);
        assert_eq!(
            similarity(
                "Maison de Quartier - Le Trois-Mâts",
                "Maison de Quartier - Le Trois-Mâts (ENumEA)"
            ),
            1.0
        );
    }

    #[test]
    fn acronyms_stand_for_the_words_they_spell() {
        assert_eq!(similarity("CCAS", "Centre Communal d'Action Sociale"), 1.0);
        assert_eq!(
            similarity("MJC Centre", "Maison des Jeunes et de la Culture"),
            1.0
        );
        // Two letters are not enough to be read as an acronym.
        assert_eq!(similarity("ML", "Mission Locale"), 0.0);
    }

    #[test]
    fn different_places_in_one_building_do_not_match() {
        for (a, b) in [
            ("Cité des associations (IREPS)", "Cité des associations (OXYGEM)"),
            (
                "Bibliothèque municipale - Belle-Beille",
                "Maison de Quartier - Jacques Tati",
            ),
            ("Mairie de Quartier - Luynes", "Mairie de Quartier - Les Milles"),
            (
                "Maison de Quartier - Hauts de Saint Aubin",
                "Mission Locale Angevine - Antenne Les Hauts de Saint Aubin",
            ),
        ] {
            assert!(similarity(a, b) <= 2.0 / 3.0, "{a} / {b}: {}", similarity(a, b));
        }
    }

    #[test]
    fn commune_words_are_left_out_unless_nothing_else_remains() {
        let ccas = name_tokens("CCAS - Saint-Lambert-la-Potherie", "Saint-Lambert-la-Potherie");
        let mairie = name_tokens("Mairie de Saint Lambert-la-Potherie", "Saint-Lambert-la-Potherie");
        assert_eq!(name_similarity(&ccas, &mairie), 0.0);
        assert_eq!(
            name_tokens("Le Lion-d'Angers", "Le Lion-d'Angers"),
            ["lion", "angers"]
        );
    }

    #[test]
    fn empty_names_are_like_no_other() {
        assert!(name_tokens("« – »", "Brest").is_empty());
        assert_eq!(similarity("« – »", "« – »"), 0.0);
    }

    #[test]
    fn similarity_is_symmetric() {
        for (a, b) in [
            ("CIAS Nord", "Centre Intercommunal Action Sociale"),
            ("Médiathèque", "Médiathèque Nord"),
        ] {
            assert_eq!(similarity(a, b), similarity(b, a));
        }
    }
}

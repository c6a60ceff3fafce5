//! Search of territories by code, postcode and name.

use std::borrow::Cow;
use std::cmp::Reverse;

use aiguillage_model::fold;

use super::{Admin, Commune, Departement, Epci, Region};
use crate::{Level, TerritoryRef};

/// A postcode written with spaces (« 29 200 », also with a no-break space) as the tables
/// write it, « 29200 »; any other text as it is. [`Admin::search`] reads queries through it.
///
/// ```
/// use aiguillage_territory::compact_postcode;
/// assert_eq!(compact_postcode("29\u{a0}200"), "29200");
/// assert_eq!(compact_postcode("8 rue de Siam"), "8 rue de Siam");
/// ```
pub fn compact_postcode(text: &str) -> Cow<'_, str> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.len() == 5 && compact.bytes().all(|b| b.is_ascii_digit()) {
        Cow::Owned(compact)
    } else {
        Cow::Borrowed(text)
    }
}

/// A name folded for loose comparison: case, accents, hyphens and apostrophes ignored,
/// `St`/`Ste` read as `Saint`/`Sainte`.
#[derive(Debug)]
struct Key {
    /// Words separated by single spaces.
    spaced: String,
    /// The same without spaces, so that `saintetienne` or `lhay` match too.
    compact: String,
}

impl Key {
    fn new(text: &str) -> Key {
        let folded = fold(text);
        let mut spaced = String::with_capacity(folded.len() + 8);
        for word in folded.split(' ') {
            if !spaced.is_empty() {
                spaced.push(' ');
            }
            spaced.push_str(match word {
                "st" => "saint",
                "ste" => "sainte",
                word => word,
            });
        }
        let compact = spaced.replace(' ', "");
        Key { spaced, compact }
    }

    /// How well this name matches `query`, or `None`.
    fn rank(&self, query: &Key) -> Option<Rank> {
        // Every match contains the compact query: one search rejects most names.
        if !self.compact.contains(&query.compact) {
            None
        } else if self.spaced == query.spaced || self.compact == query.compact {
            Some(Rank::Exact)
        } else if self.spaced.starts_with(&query.spaced) || self.compact.starts_with(&query.compact) {
            Some(Rank::Prefix)
        } else if self
            .spaced
            .match_indices(&query.spaced)
            .any(|(at, _)| at > 0 && self.spaced.as_bytes()[at - 1] == b' ')
        {
            Some(Rank::WordPrefix)
        } else {
            Some(Rank::Contains)
        }
    }
}

/// The folded names of every row of the tables, in table order.
#[derive(Debug)]
pub(super) struct Keys {
    regions: Vec<Key>,
    departements: Vec<Key>,
    epcis: Vec<Key>,
    communes: Vec<Key>,
}

impl Keys {
    pub(super) fn new(
        regions: &[Region],
        departements: &[Departement],
        epcis: &[Epci],
        communes: &[Commune],
    ) -> Keys {
        Keys {
            regions: regions.iter().map(|r| Key::new(&r.nom)).collect(),
            departements: departements.iter().map(|d| Key::new(&d.nom)).collect(),
            epcis: epcis.iter().map(|e| Key::new(&e.nom)).collect(),
            communes: communes.iter().map(|c| Key::new(&c.nom)).collect(),
        }
    }
}

/// Match quality, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    /// Same code, postcode, former code or name.
    Exact,
    /// The name or code starts with the query.
    Prefix,
    /// A word of the name starts with the query.
    WordPrefix,
    /// The name contains the query.
    Contains,
}

/// How a code matches a code-like query.
fn code_rank(code: &str, query: &str) -> Option<Rank> {
    if code == query {
        Some(Rank::Exact)
    } else if code.starts_with(query) {
        Some(Rank::Prefix)
    } else {
        None
    }
}

fn best(a: Option<Rank>, b: Option<Rank>) -> Option<Rank> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

struct Hit<'a> {
    rank: Rank,
    population: u64,
    level: Level,
    code: &'a str,
    nom: &'a str,
}

impl<'a> Hit<'a> {
    /// Best first: rank, then larger population, then level, then code.
    fn order(&self) -> (Rank, Reverse<u64>, Level, &'a str) {
        (self.rank, Reverse(self.population), self.level, self.code)
    }
}

impl Admin {
    /// Territories of every level matching `query`, best first, at most `limit`.
    ///
    /// A query made of letters and digits with at least one digit is also a code: it
    /// matches INSEE codes and SIREN exactly or as a prefix, postcodes exactly or as a
    /// prefix (the communes having them) and former commune codes exactly. Every query
    /// matches names, ignoring case, accents, hyphens and apostrophes (`saint etienne`
    /// finds Saint-Étienne, `st etienne` too). An exact match (code, postcode or name)
    /// comes first, then a prefix, then a word of the name starting with the query, then
    /// a name containing it; at equal rank, larger population first, then smaller level,
    /// then code. Cost: a scan of the 36,000 names, a few milliseconds (the first search
    /// also folds them all, some tens of milliseconds).
    ///
    /// ```
    /// use aiguillage_territory::{Admin, Level};
    /// let admin = Admin::embedded();
    /// let hits = admin.search("saint etienne", 3);
    /// assert_eq!(hits[0].nom, "Saint-Étienne");
    /// assert_eq!(hits[0].level, Level::Commune);
    /// assert_eq!(admin.search("29200", 1)[0].nom, "Brest");
    /// assert_eq!(admin.search("29 200", 1)[0].nom, "Brest");
    /// ```
    pub fn search(&self, query: &str, limit: usize) -> Vec<TerritoryRef> {
        let query = compact_postcode(query);
        let query = query.as_ref();
        let key = Key::new(query);
        if key.compact.is_empty() || limit == 0 {
            return Vec::new();
        }
        let code = query.trim().to_ascii_uppercase();
        let code = (code.bytes().all(|b| b.is_ascii_alphanumeric())
            && code.bytes().any(|b| b.is_ascii_digit()))
        .then_some(code.as_str());
        let code_rank = |c: &str| code.and_then(|q| code_rank(c, q));

        let keys = self
            .keys
            .get_or_init(|| Keys::new(&self.regions, &self.departements, &self.epcis, &self.communes));
        let mut hits = Vec::new();
        for (c, k) in self.communes.iter().zip(&keys.communes) {
            let mut rank = best(k.rank(&key), code_rank(&c.code));
            if let Some(q) = code {
                for postcode in &c.codes_postaux {
                    rank = best(rank, code_rank(postcode));
                }
                if c.anciens_codes
                    .iter()
                    .chain(&c.arrondissements_municipaux)
                    .any(|a| a == q)
                {
                    rank = Some(Rank::Exact);
                }
            }
            if let Some(rank) = rank {
                hits.push(Hit {
                    rank,
                    population: c.population,
                    level: Level::Commune,
                    code: &c.code,
                    nom: &c.nom,
                });
            }
        }
        for (e, k) in self.epcis.iter().zip(&keys.epcis) {
            if let Some(rank) = best(k.rank(&key), code_rank(&e.code)) {
                hits.push(Hit {
                    rank,
                    population: e.population,
                    level: Level::Epci,
                    code: &e.code,
                    nom: &e.nom,
                });
            }
        }
        for (d, k) in self.departements.iter().zip(&keys.departements) {
            if let Some(rank) = best(k.rank(&key), code_rank(&d.code)) {
                hits.push(Hit {
                    rank,
                    population: d.population,
                    level: Level::Departement,
                    code: &d.code,
                    nom: &d.nom,
                });
            }
        }
        for (r, k) in self.regions.iter().zip(&keys.regions) {
            if let Some(rank) = best(k.rank(&key), code_rank(&r.code)) {
                hits.push(Hit {
                    rank,
                    population: r.population,
                    level: Level::Region,
                    code: &r.code,
                    nom: &r.nom,
                });
            }
        }
        if hits.len() > limit {
            hits.select_nth_unstable_by(limit - 1, |a, b| a.order().cmp(&b.order()));
            hits.truncate(limit);
        }
        hits.sort_unstable_by(|a, b| a.order().cmp(&b.order()));
        hits.into_iter()
            .map(|h| TerritoryRef {
                code: h.code.to_owned(),
                nom: h.nom.to_owned(),
                level: h.level,
            })
            .collect()
    }
}

/// Least Jaro-Winkler similarity of a misspelt commune name to the real one (`brst` and
/// `Brest` score 0.95, `plougastel` and `Plougastel-Daoulas` 0.91; unrelated names of the
/// same length score below 0.7).
const CLOSE_NAME: f64 = 0.85;

impl Admin {
    /// The communes whose names are closest to `query` when none contains it: a misspelling
    /// (`brst`, `quimpre`). Best first (similarity, then population), at most `limit`, only
    /// above a similarity that keeps unrelated names out. Cost: one comparison per commune,
    /// a few milliseconds.
    ///
    /// ```
    /// use aiguillage_territory::Admin;
    /// let admin = Admin::embedded();
    /// assert_eq!(admin.closest_communes("brst", 1)[0].nom, "Brest");
    /// assert_eq!(admin.closest_communes("Quimpre", 1)[0].nom, "Quimper");
    /// assert!(admin.closest_communes("zzzzzzzzz", 3).is_empty());
    /// ```
    pub fn closest_communes(&self, query: &str, limit: usize) -> Vec<&Commune> {
        let key = Key::new(query);
        if key.compact.chars().count() < 3 || limit == 0 {
            return Vec::new();
        }
        let keys = self
            .keys
            .get_or_init(|| Keys::new(&self.regions, &self.departements, &self.epcis, &self.communes));
        let mut scored: Vec<(f64, &Commune)> = self
            .communes
            .iter()
            .zip(&keys.communes)
            .map(|(c, k)| (strsim::jaro_winkler(&k.compact, &key.compact), c))
            .filter(|(score, _)| *score >= CLOSE_NAME)
            .collect();
        scored.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then_with(|| b.1.population.cmp(&a.1.population))
                .then_with(|| a.1.code.cmp(&b.1.code))
        });
        scored.into_iter().take(limit).map(|(_, c)| c).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcodes_with_spaces_are_compacted() {
        for written in ["29 200", "29\u{a0}200", "29\u{202f}200", " 29200 "] {
            assert_eq!(compact_postcode(written), "29200", "{written:?}");
        }
        for other in ["Brest", "29 2000", "8 rue de Siam", "2A 004"] {
            assert_eq!(compact_postcode(other), other);
        }
    }

    use crate::admin::tests::small;

    fn names(hits: Vec<TerritoryRef>) -> Vec<String> {
        hits.into_iter()
            .map(|t| format!("{} {}", t.level, t.nom))
            .collect()
    }

    #[test]
    fn keys_fold_names() {
        let k = Key::new("L'Haÿ-les-Roses");
        assert_eq!(
            (k.spaced.as_str(), k.compact.as_str()),
            ("l hay les roses", "lhaylesroses")
        );
        assert_eq!(Key::new("St-Étienne").spaced, "saint etienne");
        let name = Key::new("Saint-Étienne-du-Rouvray");
        assert_eq!(name.rank(&Key::new("saint etienne")), Some(Rank::Prefix));
        assert_eq!(
            name.rank(&Key::new("SAINT-ÉTIENNE-DU-ROUVRAY")),
            Some(Rank::Exact)
        );
        assert_eq!(name.rank(&Key::new("saintetienne du rouvray")), Some(Rank::Exact));
        assert_eq!(name.rank(&Key::new("rouv")), Some(Rank::WordPrefix));
        assert_eq!(name.rank(&Key::new("ouvray")), Some(Rank::Contains));
        assert_eq!(name.rank(&Key::new("etienne rouvray")), None);
    }

    #[test]
    fn ranks_codes_postcodes_and_names() {
        let admin = small();
        assert_eq!(
            names(admin.search("brest", 10)),
            ["commune Brest", "epci Brest Métropole"]
        );
        assert_eq!(names(admin.search("29200", 10)), ["commune Brest"]);
        assert_eq!(names(admin.search("29096", 10)), ["commune Brest"]);
        assert_eq!(
            names(admin.search(" 29 ", 10)),
            [
                "departement Finistère",
                "commune Brest",
                "commune Quimper",
                "commune Guipavas"
            ]
        );
        assert_eq!(names(admin.search("2429", 10)), ["epci Brest Métropole"]);
        assert_eq!(names(admin.search("53", 10)), ["region Bretagne"]);
        assert_eq!(
            names(admin.search("e", 3)),
            ["departement Ille-et-Vilaine", "region Bretagne", "commune Rennes"]
        );
        assert!(admin.search("métropole", 0).is_empty());
        assert!(admin.search(" - ' ", 10).is_empty());
        assert!(admin.search("zzz", 10).is_empty());
    }
}

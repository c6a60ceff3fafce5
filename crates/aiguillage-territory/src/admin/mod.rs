//! The INSEE administrative tables: communes, EPCI, départements and régions, with their
//! names, membership and populations.
//!
//! [`Admin::embedded`] holds the tables of the npm package `@etalab/decoupage-administratif`
//! (pinned in `web/package-lock.json`), reduced by `scripts/update-web-deps.sh` to the
//! committed `data/admin.tsv` and embedded in the binary; [`Admin::from_tables`] builds the
//! same structure from any tables.

mod embedded;
mod lookup;
mod search;

use std::collections::HashMap;
use std::sync::{LazyLock, OnceLock};

pub use lookup::commune_key;
pub use search::compact_postcode;

use serde::Serialize;

use crate::{Level, TerritoryError, TerritoryRef};

/// A current commune (`commune-actuelle` in the INSEE code officiel géographique).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Commune {
    /// INSEE code, 5 characters (`29019`, `2A004`).
    pub code: String,
    /// Official name.
    pub nom: String,
    /// Code of its département.
    pub departement: String,
    /// Code of its région.
    pub region: String,
    /// SIREN of its EPCI, if it belongs to one (a few islands and the overseas
    /// collectivities do not).
    pub epci: Option<String>,
    /// Municipal population (0 where INSEE gives none).
    pub population: u64,
    /// Postcodes.
    pub codes_postaux: Vec<String>,
    /// Codes of the former communes merged into this one (communes nouvelles, fusions):
    /// boundaries and addresses may still carry them.
    pub anciens_codes: Vec<String>,
    /// Codes of its arrondissements municipaux (Paris, Lyon, Marseille), which are not
    /// communes but appear as `code_insee` in addresses.
    pub arrondissements_municipaux: Vec<String>,
}

/// An EPCI, établissement public de coopération intercommunale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Epci {
    /// SIREN, 9 digits.
    pub code: String,
    /// Official name.
    pub nom: String,
    /// Codes of its member communes, sorted.
    pub membres: Vec<String>,
    /// Sum of the populations of its member communes.
    pub population: u64,
}

/// A département (or an overseas collectivity, coded like one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Departement {
    /// INSEE code: `01`…`95`, `2A`, `2B`, `971`…`989`.
    pub code: String,
    /// Official name.
    pub nom: String,
    /// Code of its région.
    pub region: String,
    /// Sum of the populations of its communes.
    pub population: u64,
}

/// A région (or an overseas collectivity, coded like its département).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Region {
    /// INSEE code: `01`…`94`, `975`…`989`.
    pub code: String,
    /// Official name.
    pub nom: String,
    /// Sum of the populations of its communes.
    pub population: u64,
}

/// Tables sorted by code and looked up by binary search.
trait Coded {
    fn code(&self) -> &str;
}

macro_rules! coded {
    ($($t:ty => $level:expr),*) => {$(
        impl Coded for $t {
            fn code(&self) -> &str {
                &self.code
            }
        }

        impl $t {
            /// The reference to this territory.
            pub fn territory(&self) -> TerritoryRef {
                TerritoryRef { code: self.code.clone(), nom: self.nom.clone(), level: $level }
            }
        }
    )*};
}

coded!(Commune => Level::Commune, Epci => Level::Epci, Departement => Level::Departement, Region => Level::Region);

fn index_of<T: Coded>(items: &[T], code: &str) -> Option<usize> {
    items.binary_search_by(|item| item.code().cmp(code)).ok()
}

fn find<'a, T: Coded>(items: &'a [T], code: &str) -> Option<&'a T> {
    index_of(items, code).map(|i| &items[i])
}

/// Sorts a table by code and rejects duplicate codes.
fn sort_unique<T: Coded>(items: &mut [T], what: &str) -> Result<(), TerritoryError> {
    items.sort_by(|a, b| a.code().cmp(b.code()));
    match items.windows(2).find(|w| w[0].code() == w[1].code()) {
        Some(w) => Err(TerritoryError::Tables(format!(
            "duplicate {what} code {}",
            w[0].code()
        ))),
        None => Ok(()),
    }
}

/// The communes, EPCI, départements and régions, indexed for lookups by code, membership
/// and name. Immutable; share it by reference.
#[derive(Debug)]
pub struct Admin {
    regions: Vec<Region>,
    departements: Vec<Departement>,
    epcis: Vec<Epci>,
    communes: Vec<Commune>,
    /// Former codes and arrondissements municipaux → index of their current commune.
    aliases: HashMap<String, usize>,
    /// Indices of the communes of each département (same order as `departements`), in
    /// code order.
    by_departement: Vec<Vec<usize>>,
    /// Indices of the communes of each région (same order as `regions`), in code order.
    by_region: Vec<Vec<usize>>,
    /// Folded names, one per row of each table, computed by the first search.
    keys: OnceLock<search::Keys>,
    /// Communes by postcode and by name, computed by the first lookup.
    lookup: OnceLock<lookup::Lookup>,
}

impl Admin {
    /// The tables of `@etalab/decoupage-administratif` 6.0.0 embedded at build time: 34,969
    /// current communes (overseas collectivities included), 1,255 EPCI, 109 départements
    /// and 26 régions (both counting the 8 overseas collectivities), populations of 2021.
    ///
    /// Parsed on first call (1.8 MB of text, some tens of milliseconds), then shared.
    ///
    /// ```
    /// use aiguillage_territory::Admin;
    /// let admin = Admin::embedded();
    /// let brest = admin.commune("29019").unwrap();
    /// assert_eq!(brest.nom, "Brest");
    /// assert_eq!(admin.epci(brest.epci.as_deref().unwrap()).unwrap().nom, "Brest Métropole");
    /// assert_eq!(admin.departement(&brest.departement).unwrap().nom, "Finistère");
    /// ```
    pub fn embedded() -> &'static Admin {
        static EMBEDDED: LazyLock<Admin> = LazyLock::new(embedded::load);
        &EMBEDDED
    }

    /// Builds the tables from rows given in any order, and indexes them (cost linear in the
    /// number of communes).
    ///
    /// What is derived from the communes replaces what the other rows say: each EPCI's
    /// `membres` are the communes naming it in [`Commune::epci`], and the `population` of an
    /// EPCI, a département or a région is the sum over its communes.
    ///
    /// Fails on a duplicate code, a reference to a missing région, département or EPCI, a
    /// commune whose région is not its département's, or a former code (or arrondissement
    /// municipal) that is also a current code or belongs to two communes.
    pub fn from_tables(
        mut regions: Vec<Region>,
        mut departements: Vec<Departement>,
        mut epcis: Vec<Epci>,
        mut communes: Vec<Commune>,
    ) -> Result<Admin, TerritoryError> {
        sort_unique(&mut regions, "région")?;
        sort_unique(&mut departements, "département")?;
        sort_unique(&mut epcis, "EPCI")?;
        sort_unique(&mut communes, "commune")?;
        for r in &mut regions {
            r.population = 0;
        }
        for d in &mut departements {
            d.population = 0;
            if index_of(&regions, &d.region).is_none() {
                return Err(TerritoryError::Tables(format!(
                    "département {} has unknown région {}",
                    d.code, d.region
                )));
            }
        }
        for e in &mut epcis {
            e.population = 0;
            e.membres.clear();
        }
        let mut by_departement = vec![Vec::new(); departements.len()];
        let mut by_region = vec![Vec::new(); regions.len()];
        for (i, c) in communes.iter().enumerate() {
            let d = index_of(&departements, &c.departement).ok_or_else(|| {
                TerritoryError::Tables(format!(
                    "commune {} has unknown département {}",
                    c.code, c.departement
                ))
            })?;
            let departement = &mut departements[d];
            if departement.region != c.region {
                return Err(TerritoryError::Tables(format!(
                    "commune {} is in région {} but its département {} in région {}",
                    c.code, c.region, departement.code, departement.region
                )));
            }
            departement.population = departement.population.saturating_add(c.population);
            if let Some(r) = index_of(&regions, &c.region) {
                regions[r].population = regions[r].population.saturating_add(c.population);
                by_region[r].push(i);
            }
            by_departement[d].push(i);
            if let Some(code) = &c.epci {
                let e = index_of(&epcis, code).ok_or_else(|| {
                    TerritoryError::Tables(format!("commune {} has unknown EPCI {code}", c.code))
                })?;
                epcis[e].membres.push(c.code.clone());
                epcis[e].population = epcis[e].population.saturating_add(c.population);
            }
        }
        let mut aliases = HashMap::new();
        for (i, c) in communes.iter().enumerate() {
            for alias in c.anciens_codes.iter().chain(&c.arrondissements_municipaux) {
                if index_of(&communes, alias).is_some() {
                    return Err(TerritoryError::Tables(format!(
                        "former code {alias} of commune {} is a current commune",
                        c.code
                    )));
                }
                if let Some(other) = aliases.insert(alias.clone(), i) {
                    return Err(TerritoryError::Tables(format!(
                        "former code {alias} belongs to communes {} and {}",
                        communes[other].code, c.code
                    )));
                }
            }
        }
        Ok(Admin {
            regions,
            departements,
            epcis,
            communes,
            aliases,
            by_departement,
            by_region,
            keys: OnceLock::new(),
            lookup: OnceLock::new(),
        })
    }

    /// Every current commune, sorted by code.
    pub fn communes(&self) -> &[Commune] {
        &self.communes
    }

    /// Every EPCI, sorted by code.
    pub fn epcis(&self) -> &[Epci] {
        &self.epcis
    }

    /// Every département, sorted by code.
    pub fn departements(&self) -> &[Departement] {
        &self.departements
    }

    /// Every région, sorted by code.
    pub fn regions(&self) -> &[Region] {
        &self.regions
    }

    /// The current commune with this exact code (binary search).
    pub fn commune(&self, code: &str) -> Option<&Commune> {
        find(&self.communes, code)
    }

    /// The current commune for a code that is either current, or a former code (a commune
    /// merged since, as in boundary files of earlier years), or an arrondissement municipal
    /// of Paris, Lyon or Marseille.
    ///
    /// ```
    /// use aiguillage_territory::Admin;
    /// let admin = Admin::embedded();
    /// assert_eq!(admin.current_commune("29019").unwrap().nom, "Brest");
    /// // Louerre, merged into the commune nouvelle of Tuffalun in 2016.
    /// assert!(admin.commune("49181").is_none());
    /// assert_eq!(admin.current_commune("49181").unwrap().nom, "Tuffalun");
    /// assert_eq!(admin.current_commune("75115").unwrap().nom, "Paris");
    /// ```
    pub fn current_commune(&self, code: &str) -> Option<&Commune> {
        self.commune(code)
            .or_else(|| self.aliases.get(code).map(|&i| &self.communes[i]))
    }

    /// The EPCI with this SIREN.
    pub fn epci(&self, code: &str) -> Option<&Epci> {
        find(&self.epcis, code)
    }

    /// The département with this code.
    pub fn departement(&self, code: &str) -> Option<&Departement> {
        find(&self.departements, code)
    }

    /// The région with this code.
    pub fn region(&self, code: &str) -> Option<&Region> {
        find(&self.regions, code)
    }

    /// Resolves a code to a territory.
    ///
    /// The level is `level`, or the prefix of an explicit form `level:code` (`region:53`,
    /// `departement:53`, `commune:29019`, `epci:242900314`; both must agree when both are
    /// given), or else guessed from the code's shape: 5 characters is a commune, 9 digits
    /// an EPCI, 2 or 3 characters a département, or a région when no département has that
    /// code. Commune codes may be former codes ([`current_commune`](Self::current_commune)).
    /// Surrounding spaces and the case of `2a`/`2b` are ignored. `None` for an unknown code
    /// and for level `custom`, which these tables do not hold.
    ///
    /// ```
    /// use aiguillage_territory::{Admin, Level};
    /// let admin = Admin::embedded();
    /// assert_eq!(admin.resolve("53", None).unwrap().nom, "Mayenne");
    /// assert_eq!(admin.resolve("region:53", None).unwrap().nom, "Bretagne");
    /// assert_eq!(admin.resolve("53", Some(Level::Region)).unwrap().nom, "Bretagne");
    /// assert_eq!(admin.resolve("242900314", None).unwrap().level, Level::Epci);
    /// assert_eq!(admin.resolve("29096", None).unwrap().code, "29019");
    /// ```
    pub fn resolve(&self, code: &str, level: Option<Level>) -> Option<TerritoryRef> {
        let (prefix, code) = match code.split_once(':') {
            Some((prefix, code)) => (Some(prefix.parse::<Level>().ok()?), code),
            None => (None, code),
        };
        let level = match (level, prefix) {
            (Some(given), Some(prefix)) if given != prefix => return None,
            (given, prefix) => given.or(prefix),
        };
        let code = code.trim().to_ascii_uppercase();
        let code = code.as_str();
        match level {
            Some(Level::Commune) => self.current_commune(code).map(Commune::territory),
            Some(Level::Epci) => self.epci(code).map(Epci::territory),
            Some(Level::Departement) => self.departement(code).map(Departement::territory),
            Some(Level::Region) => self.region(code).map(Region::territory),
            Some(Level::Custom) => None,
            None => match code.len() {
                5 => self.current_commune(code).map(Commune::territory),
                9 => self.epci(code).map(Epci::territory),
                2 | 3 => self
                    .departement(code)
                    .map(Departement::territory)
                    .or_else(|| self.region(code).map(Region::territory)),
                _ => None,
            },
        }
    }

    /// The population of a territory, by its level and exact current code; `None` for an
    /// unknown code and for custom territories.
    pub fn population(&self, territory: &TerritoryRef) -> Option<u64> {
        let code = territory.code.as_str();
        match territory.level {
            Level::Commune => self.commune(code).map(|c| c.population),
            Level::Epci => self.epci(code).map(|e| e.population),
            Level::Departement => self.departement(code).map(|d| d.population),
            Level::Region => self.region(code).map(|r| r.population),
            Level::Custom => None,
        }
    }

    /// The current communes making up a territory, sorted by code: a commune is its own
    /// member; an EPCI, département or région has its communes. Empty for an unknown code
    /// and for custom territories. Cost linear in the number of members.
    pub fn member_communes(&self, territory: &TerritoryRef) -> Vec<&Commune> {
        let code = territory.code.as_str();
        let indices = match territory.level {
            Level::Commune => return self.commune(code).into_iter().collect(),
            Level::Epci => {
                return self
                    .epci(code)
                    .map(|e| e.membres.iter().filter_map(|m| self.commune(m)).collect())
                    .unwrap_or_default()
            }
            Level::Departement => index_of(&self.departements, code).map(|d| &self.by_departement[d]),
            Level::Region => index_of(&self.regions, code).map(|r| &self.by_region[r]),
            Level::Custom => None,
        };
        indices
            .map(|indices| indices.iter().map(|&i| &self.communes[i]).collect())
            .unwrap_or_default()
    }

    /// The territories one level down, sorted by code: a région's départements, a
    /// département's or an EPCI's communes. Empty for a commune, a custom territory or an
    /// unknown code.
    pub fn subterritories(&self, territory: &TerritoryRef) -> Vec<TerritoryRef> {
        match territory.level {
            Level::Region => self
                .departements
                .iter()
                .filter(|d| d.region == territory.code)
                .map(Departement::territory)
                .collect(),
            Level::Departement | Level::Epci => self
                .member_communes(territory)
                .into_iter()
                .map(Commune::territory)
                .collect(),
            Level::Commune | Level::Custom => Vec::new(),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn commune(code: &str, nom: &str, departement: &str, epci: Option<&str>, population: u64) -> Commune {
        Commune {
            code: code.into(),
            nom: nom.into(),
            departement: departement.into(),
            region: "53".into(),
            epci: epci.map(Into::into),
            population,
            codes_postaux: vec![format!("{code}0").chars().take(5).collect()],
            anciens_codes: Vec::new(),
            arrondissements_municipaux: Vec::new(),
        }
    }

    /// A small Brittany: two départements, one EPCI, four communes (one with a former code).
    pub(crate) fn small() -> Admin {
        let mut brest = commune("29019", "Brest", "29", Some("242900314"), 140_000);
        brest.anciens_codes = vec!["29096".into()];
        brest.codes_postaux = vec!["29200".into()];
        Admin::from_tables(
            vec![Region {
                code: "53".into(),
                nom: "Bretagne".into(),
                population: 7,
            }],
            vec![
                Departement {
                    code: "29".into(),
                    nom: "Finistère".into(),
                    region: "53".into(),
                    population: 0,
                },
                Departement {
                    code: "35".into(),
                    nom: "Ille-et-Vilaine".into(),
                    region: "53".into(),
                    population: 0,
                },
            ],
            vec![Epci {
                code: "242900314".into(),
                nom: "Brest Métropole".into(),
                membres: vec!["x".into()],
                population: 1,
            }],
            vec![
                commune("35238", "Rennes", "35", None, 220_000),
                brest,
                commune("29075", "Guipavas", "29", Some("242900314"), 15_000),
                commune("29232", "Quimper", "29", None, 63_000),
            ],
        )
        .unwrap()
    }

    #[test]
    fn derived_fields_replace_given_ones() {
        let admin = small();
        let codes: Vec<_> = admin.communes().iter().map(|c| c.code.as_str()).collect();
        assert_eq!(codes, ["29019", "29075", "29232", "35238"]);
        let epci = admin.epci("242900314").unwrap();
        assert_eq!(epci.membres, ["29019", "29075"]);
        assert_eq!(epci.population, 155_000);
        assert_eq!(admin.departement("29").unwrap().population, 218_000);
        assert_eq!(admin.region("53").unwrap().population, 438_000);
    }

    #[test]
    fn lookups_and_resolution() {
        let admin = small();
        assert!(admin.commune("29096").is_none());
        assert_eq!(admin.current_commune("29096").unwrap().code, "29019");
        assert!(admin.current_commune("99999").is_none());
        let brest = admin.resolve(" commune:29096 ", None).unwrap();
        assert_eq!(
            (brest.code.as_str(), brest.nom.as_str(), brest.level),
            ("29019", "Brest", Level::Commune)
        );
        assert_eq!(admin.resolve("29", None).unwrap().level, Level::Departement);
        assert_eq!(admin.resolve("53", None).unwrap().level, Level::Region);
        assert_eq!(
            admin.resolve("region:53", Some(Level::Region)).unwrap().nom,
            "Bretagne"
        );
        assert_eq!(admin.resolve("region:53", Some(Level::Departement)), None);
        assert_eq!(admin.resolve("canton:53", None), None);
        assert_eq!(admin.resolve("custom:53", None), None);
        assert_eq!(admin.resolve("", None), None);
        assert_eq!(admin.resolve("1234", None), None);
        assert_eq!(admin.resolve("242900314", None).unwrap().nom, "Brest Métropole");
    }

    #[test]
    fn membership_and_populations() {
        let admin = small();
        let codes = |refs: Vec<&Commune>| refs.into_iter().map(|c| c.code.clone()).collect::<Vec<_>>();
        let r = |s: &str| admin.resolve(s, None).unwrap();
        assert_eq!(
            codes(admin.member_communes(&r("region:53"))),
            ["29019", "29075", "29232", "35238"]
        );
        assert_eq!(
            codes(admin.member_communes(&r("29"))),
            ["29019", "29075", "29232"]
        );
        assert_eq!(codes(admin.member_communes(&r("242900314"))), ["29019", "29075"]);
        assert_eq!(codes(admin.member_communes(&r("29096"))), ["29019"]);
        let dep = admin.subterritories(&r("region:53"));
        assert_eq!(
            dep.iter().map(|t| t.nom.as_str()).collect::<Vec<_>>(),
            ["Finistère", "Ille-et-Vilaine"]
        );
        assert_eq!(admin.subterritories(&r("242900314")).len(), 2);
        assert!(admin.subterritories(&r("29019")).is_empty());
        let custom = TerritoryRef {
            code: "29".into(),
            nom: "x".into(),
            level: Level::Custom,
        };
        assert!(admin.member_communes(&custom).is_empty());
        assert_eq!(admin.population(&custom), None);
        assert_eq!(admin.population(&r("29")), Some(218_000));
        assert_eq!(admin.population(&r("29075")), Some(15_000));
    }

    #[test]
    fn inconsistent_tables_are_refused() {
        let region = || {
            vec![Region {
                code: "53".into(),
                nom: "Bretagne".into(),
                population: 0,
            }]
        };
        let dep = || {
            vec![Departement {
                code: "29".into(),
                nom: "Finistère".into(),
                region: "53".into(),
                population: 0,
            }]
        };
        let err = |regions, departements, epcis, communes| {
            Admin::from_tables(regions, departements, epcis, communes)
                .unwrap_err()
                .to_string()
        };
        let brest = || commune("29019", "Brest", "29", None, 1);
        assert_eq!(
            err(region(), dep(), vec![], vec![brest(), brest()]),
            "invalid administrative tables: duplicate commune code 29019"
        );
        assert_eq!(
            err(vec![], dep(), vec![], vec![]),
            "invalid administrative tables: département 29 has unknown région 53"
        );
        assert_eq!(
            err(
                region(),
                dep(),
                vec![],
                vec![commune("35238", "Rennes", "35", None, 1)]
            ),
            "invalid administrative tables: commune 35238 has unknown département 35"
        );
        assert_eq!(
            err(
                region(),
                dep(),
                vec![],
                vec![commune("29019", "Brest", "29", Some("1"), 1)]
            ),
            "invalid administrative tables: commune 29019 has unknown EPCI 1"
        );
        let mut elsewhere = brest();
        elsewhere.region = "52".into();
        assert_eq!(
            err(region(), dep(), vec![], vec![elsewhere]),
            "invalid administrative tables: commune 29019 is in région 52 but its département 29 in région 53"
        );
        let mut merged = brest();
        merged.anciens_codes = vec!["29075".into()];
        assert_eq!(
            err(
                region(),
                dep(),
                vec![],
                vec![merged.clone(), commune("29075", "Guipavas", "29", None, 1)]
            ),
            "invalid administrative tables: former code 29075 of commune 29019 is a current commune"
        );
        let mut quimper = commune("29232", "Quimper", "29", None, 1);
        quimper.anciens_codes = vec!["29075".into()];
        assert_eq!(
            err(region(), dep(), vec![], vec![merged, quimper]),
            "invalid administrative tables: former code 29075 belongs to communes 29019 and 29232"
        );
    }

    #[test]
    fn embedded_tables_hold_the_2024_geography() {
        let start = std::time::Instant::now();
        let admin = embedded::load();
        println!("embedded tables parsed in {:?}", start.elapsed());
        // Overseas collectivities (Saint-Pierre-et-Miquelon, Nouvelle-Calédonie…) count as
        // one département and one région each: 101 + 8 and 18 + 8.
        assert_eq!(admin.communes().len(), 34_969);
        assert_eq!(admin.epcis().len(), 1_255);
        assert_eq!(admin.departements().len(), 109);
        assert_eq!(admin.regions().len(), 26);
        let overseas_collectivities = ["975", "977", "978", "984", "986", "987", "988", "989"];
        let not_com = |code: &String| !overseas_collectivities.contains(&code.as_str());
        assert_eq!(
            admin.departements().iter().filter(|d| not_com(&d.code)).count(),
            101
        );
        assert_eq!(admin.regions().iter().filter(|r| not_com(&r.code)).count(), 18);
        assert_eq!(admin.communes().iter().filter(|c| c.epci.is_none()).count(), 98);
        assert_eq!(
            admin.communes().iter().map(|c| c.population).sum::<u64>(),
            68_952_941
        );
        assert_eq!(
            admin.regions().iter().map(|r| r.population).sum::<u64>(),
            68_952_941
        );

        let brest = admin.commune("29019").unwrap();
        assert_eq!(brest.epci.as_deref(), Some("242900314"));
        assert_eq!((brest.departement.as_str(), brest.region.as_str()), ("29", "53"));
        assert_eq!(brest.population, 142_346);
        assert_eq!(admin.epci("242900314").unwrap().nom, "Brest Métropole");
        assert_eq!(admin.region("53").unwrap().nom, "Bretagne");
        assert_eq!(admin.resolve("53", None).unwrap().nom, "Mayenne");
        assert_eq!(admin.resolve("region:53", None).unwrap().nom, "Bretagne");
        assert_eq!(admin.resolve("01", None).unwrap().nom, "Ain");
        assert_eq!(admin.resolve("region:01", None).unwrap().nom, "Guadeloupe");
        assert_eq!(admin.resolve("988", None).unwrap().nom, "Nouvelle-Calédonie");
        assert_eq!(admin.resolve("2a004", None).unwrap().nom, "Ajaccio");
        assert_eq!(admin.current_commune("13201").unwrap().nom, "Marseille");
        // Maine-et-Loire: Louerre and Noyant-la-Plaine merged into Tuffalun in 2016.
        for old in ["49181", "49230"] {
            let t = admin.resolve(old, None).unwrap();
            assert_eq!(
                (t.code.as_str(), t.nom.as_str(), t.level),
                ("49003", "Tuffalun", Level::Commune)
            );
        }
        let angers = admin.resolve("epci:244900015", None).unwrap();
        assert_eq!(angers.nom, "CU Angers Loire Métropole");
        let members = admin.member_communes(&angers);
        assert!(members.windows(2).all(|w| w[0].code < w[1].code));
        assert!(members.iter().any(|c| c.code == "49007"));

        for epci in admin.epcis() {
            let members = admin.member_communes(&epci.territory());
            assert_eq!(members.len(), epci.membres.len());
            assert_eq!(members.iter().map(|c| c.population).sum::<u64>(), epci.population);
        }
        let bretagne = admin.region("53").unwrap().territory();
        let departements = admin.subterritories(&bretagne);
        let codes: Vec<_> = departements.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["22", "29", "35", "56"]);
        let sum: u64 = departements.iter().filter_map(|d| admin.population(d)).sum();
        assert_eq!(admin.population(&bretagne), Some(sum));
        assert_eq!(admin.subterritories(&departements[1]).len(), 277);
    }

    #[test]
    fn embedded_search() {
        let admin = Admin::embedded();
        let show = |q: &str, n: usize| {
            admin
                .search(q, n)
                .into_iter()
                .map(|t| format!("{} {} {}", t.level, t.code, t.nom))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            show("brest", 3),
            [
                "commune 29019 Brest",
                "epci 242900314 Brest Métropole",
                "commune 27110 Brestot"
            ]
        );
        // 29200 is Brest's postcode, and the former INSEE code of Ploujean, now in Morlaix.
        assert_eq!(show("29200", 3), ["commune 29019 Brest", "commune 29151 Morlaix"]);
        let hits = show("saint etienne", 3);
        assert_eq!(hits[0], "commune 42218 Saint-Étienne");
        assert!(
            hits[1].starts_with("epci ") && hits[1].contains("Saint-Étienne Métropole"),
            "{hits:?}"
        );
        assert_eq!(show("ST-ETIENNE", 1), ["commune 42218 Saint-Étienne"]);
        assert_eq!(show("finistere", 1), ["departement 29 Finistère"]);
        assert_eq!(show("49181", 1), ["commune 49003 Tuffalun"]);
        for q in ["a", "saint", "rennes", "35", "zzzz"] {
            let start = std::time::Instant::now();
            admin.search(q, 20);
            println!("search {q:?} in {:?}", start.elapsed());
        }
    }

    #[test]
    fn populations_saturate() {
        let admin = Admin::from_tables(
            vec![Region {
                code: "53".into(),
                nom: "Bretagne".into(),
                population: 0,
            }],
            vec![Departement {
                code: "29".into(),
                nom: "Finistère".into(),
                region: "53".into(),
                population: 0,
            }],
            vec![],
            vec![
                commune("29019", "Brest", "29", None, u64::MAX),
                commune("29232", "Quimper", "29", None, 1),
            ],
        )
        .unwrap();
        assert_eq!(admin.region("53").unwrap().population, u64::MAX);
    }
}

//! The tables written by `build.rs` into `$OUT_DIR/admin.tsv`, and their parser.
//!
//! One record a line, fields separated by tabs, lists by commas (empty field: empty list,
//! or no EPCI):
//!
//! ```text
//! R  code  nom
//! D  code  nom  region
//! E  code  nom
//! C  code  nom  departement  region  epci  population  codes_postaux  anciens_codes  arrondissements
//! ```

use super::{Admin, Commune, Departement, Epci, Region};
use crate::TerritoryError;

/// The tables, as generated at build time.
const TABLES: &str = include_str!(concat!(env!("OUT_DIR"), "/admin.tsv"));

/// Parses the embedded tables.
///
/// # Panics
///
/// Never in practice: the build script writes [`TABLES`] and checks the references
/// `from_tables` checks again, and a unit test loads them.
pub(super) fn load() -> Admin {
    match parse(TABLES) {
        Ok(admin) => admin,
        Err(e) => panic!("the tables embedded by build.rs are invalid: {e}"),
    }
}

fn list(field: &str) -> Vec<String> {
    if field.is_empty() {
        Vec::new()
    } else {
        field.split(',').map(str::to_owned).collect()
    }
}

fn parse(text: &str) -> Result<Admin, TerritoryError> {
    let (mut regions, mut departements, mut epcis, mut communes) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::with_capacity(35_000));
    for (n, line) in text.lines().enumerate() {
        let fields: Vec<&str> = line.split('\t').collect();
        match fields[..] {
            ["R", code, nom] => regions.push(Region {
                code: code.into(),
                nom: nom.into(),
                population: 0,
            }),
            ["D", code, nom, region] => departements.push(Departement {
                code: code.into(),
                nom: nom.into(),
                region: region.into(),
                population: 0,
            }),
            ["E", code, nom] => epcis.push(Epci {
                code: code.into(),
                nom: nom.into(),
                membres: Vec::new(),
                population: 0,
            }),
            ["C", code, nom, departement, region, epci, population, postaux, anciens, arrondissements] => {
                let population = population.parse().map_err(|_| {
                    TerritoryError::Tables(format!("line {}: bad population {population:?}", n + 1))
                })?;
                communes.push(Commune {
                    code: code.into(),
                    nom: nom.into(),
                    departement: departement.into(),
                    region: region.into(),
                    epci: (!epci.is_empty()).then(|| epci.into()),
                    population,
                    codes_postaux: list(postaux),
                    anciens_codes: list(anciens),
                    arrondissements_municipaux: list(arrondissements),
                });
            }
            _ => {
                return Err(TerritoryError::Tables(format!(
                    "line {}: unexpected record {line:?}",
                    n + 1
                )))
            }
        }
    }
    Admin::from_tables(regions, departements, epcis, communes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_record_kind() {
        let text = "R\t53\tBretagne\nD\t29\tFinistère\t53\nE\t242900314\tBrest Métropole\n\
                    C\t29019\tBrest\t29\t53\t242900314\t142346\t29200\t29096,29253\t\n\
                    C\t29232\tQuimper\t29\t53\t\t63000\t29000\t\t\n";
        let admin = parse(text).unwrap();
        let brest = admin.commune("29019").unwrap();
        assert_eq!(brest.anciens_codes, ["29096", "29253"]);
        assert_eq!(brest.codes_postaux, ["29200"]);
        assert!(brest.arrondissements_municipaux.is_empty());
        assert_eq!(admin.commune("29232").unwrap().epci, None);
        assert_eq!(admin.epci("242900314").unwrap().population, 142_346);
    }

    #[test]
    fn reports_malformed_lines() {
        let e = parse("R\t53\n").unwrap_err().to_string();
        assert_eq!(
            e,
            "invalid administrative tables: line 1: unexpected record \"R\\t53\""
        );
        let e = parse("R\t53\tBretagne\nD\t29\tFinistère\t53\nC\t29019\tBrest\t29\t53\t\tmany\t\t\t\n")
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "invalid administrative tables: line 3: bad population \"many\""
        );
    }
}

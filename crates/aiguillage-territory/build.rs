//! Embeds the INSEE tables of the npm package `@etalab/decoupage-administratif`.
//!
//! The package is pinned in `web/package-lock.json` and installed into `web/node_modules` by
//! `aiguillage_npm::install` (which runs `npm ci` once for every build script); set
//! `AIGUILLAGE_DECOUPAGE_DIR` to a directory holding its `communes.json`, `epci.json`,
//! `departements.json` and `regions.json` to build without npm.
//!
//! The JSON (12 MB) is reduced to `$OUT_DIR/admin.tsv`, a tab-separated text of one record a
//! line, which `src/admin/embedded.rs` parses on first use:
//!
//! ```text
//! R  code  nom
//! D  code  nom  region
//! E  code  nom
//! C  code  nom  departement  region  epci  population  codes_postaux  anciens_codes  arrondissements
//! ```
//!
//! Lists are comma-separated; an empty field is an empty list or no EPCI. Rows come in that
//! order, each table sorted by code.

use std::collections::{BTreeMap, BTreeSet};
use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

const PACKAGE: &str = "@etalab/decoupage-administratif";
const DIR_VAR: &str = "AIGUILLAGE_DECOUPAGE_DIR";
const TABLES: [&str; 4] = ["communes.json", "epci.json", "departements.json", "regions.json"];

fn main() {
    if let Err(message) = run() {
        eprintln!("error: {message}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed={DIR_VAR}");
    let data = match env::var_os(DIR_VAR) {
        Some(dir) => PathBuf::from(dir),
        None => npm_data_dir()?,
    };
    for table in TABLES {
        println!("cargo:rerun-if-changed={}", data.join(table).display());
    }
    let tsv = convert(&data)?;
    let out = PathBuf::from(env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?).join("admin.tsv");
    // Rewriting the same tables would recompile the crate for nothing (after `npm ci`,
    // cargo reruns this script once since the package files are newer than its last run).
    if fs::read(&out).is_ok_and(|old| old == tsv.as_bytes()) {
        return Ok(());
    }
    fs::write(&out, tsv).map_err(|e| format!("cannot write {}: {e}", out.display()))
}

/// The package's data directory under `web/node_modules`, after `npm ci` if any locked
/// package is missing or at another version than the lock file's.
fn npm_data_dir() -> Result<PathBuf, String> {
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").ok_or("no CARGO_MANIFEST_DIR")?);
    let node_modules = aiguillage_npm::install(&manifest.join("../../web")).map_err(|e| {
        let tables = TABLES.join(", ");
        format!("{e}\nOr set {DIR_VAR} to a directory holding the data files of {PACKAGE} ({tables}).")
    })?;
    Ok(node_modules.join(PACKAGE).join("data"))
}

#[derive(Deserialize)]
struct RawCommune {
    code: String,
    nom: String,
    #[serde(rename = "type")]
    kind: String,
    departement: Option<String>,
    region: Option<String>,
    population: Option<u64>,
    #[serde(default, rename = "codesPostaux")]
    codes_postaux: Vec<String>,
    #[serde(default, rename = "anciensCodes")]
    anciens_codes: Vec<String>,
    /// The commune of an arrondissement municipal.
    commune: Option<String>,
}

#[derive(Deserialize)]
struct RawEpci {
    code: String,
    nom: String,
    membres: Vec<RawMember>,
}

#[derive(Deserialize)]
struct RawMember {
    code: String,
}

#[derive(Deserialize)]
struct RawDepartement {
    code: String,
    nom: String,
    region: String,
}

#[derive(Deserialize)]
struct RawRegion {
    code: String,
    nom: String,
}

fn read<T: for<'de> Deserialize<'de>>(dir: &Path, name: &str) -> Result<T, String> {
    let path = dir.join(name);
    let text = fs::read_to_string(&path).map_err(|e| {
        format!(
            "cannot read {} ({e}); {DIR_VAR} must name the `data` directory of {PACKAGE}",
            path.display()
        )
    })?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Checks that a value can be written in a TSV field (and, `in_list`, in a list item).
fn field(value: &str, in_list: bool) -> Result<&str, String> {
    if value.contains(['\t', '\n', '\r']) || (in_list && (value.contains(',') || value.is_empty())) {
        return Err(format!("value {value:?} cannot be embedded"));
    }
    Ok(value)
}

fn list(values: &[String]) -> Result<String, String> {
    for v in values {
        field(v, true)?;
    }
    Ok(values.join(","))
}

fn convert(dir: &Path) -> Result<String, String> {
    let communes: Vec<RawCommune> = read(dir, "communes.json")?;
    let epcis: Vec<RawEpci> = read(dir, "epci.json")?;
    let departements: Vec<RawDepartement> = read(dir, "departements.json")?;
    let regions: Vec<RawRegion> = read(dir, "regions.json")?;

    let mut out = String::with_capacity(4 << 20);
    let region_codes: BTreeSet<&str> = regions.iter().map(|r| r.code.as_str()).collect();
    let mut sorted: Vec<&RawRegion> = regions.iter().collect();
    sorted.sort_by(|a, b| a.code.cmp(&b.code));
    for r in sorted {
        writeln!(out, "R\t{}\t{}", field(&r.code, false)?, field(&r.nom, false)?)
            .map_err(|e| e.to_string())?;
    }
    let mut sorted: Vec<&RawDepartement> = departements.iter().collect();
    sorted.sort_by(|a, b| a.code.cmp(&b.code));
    for d in sorted {
        if !region_codes.contains(d.region.as_str()) {
            return Err(format!("département {} has unknown région {}", d.code, d.region));
        }
        writeln!(
            out,
            "D\t{}\t{}\t{}",
            field(&d.code, false)?,
            field(&d.nom, false)?,
            d.region
        )
        .map_err(|e| e.to_string())?;
    }
    let departement_codes: BTreeSet<&str> = departements.iter().map(|d| d.code.as_str()).collect();

    let current: BTreeMap<&str, &RawCommune> = communes
        .iter()
        .filter(|c| c.kind == "commune-actuelle")
        .map(|c| (c.code.as_str(), c))
        .collect();
    let mut epci_of: BTreeMap<&str, &str> = BTreeMap::new();
    let mut sorted: Vec<&RawEpci> = epcis.iter().collect();
    sorted.sort_by(|a, b| a.code.cmp(&b.code));
    for e in sorted {
        writeln!(out, "E\t{}\t{}", field(&e.code, false)?, field(&e.nom, false)?)
            .map_err(|e| e.to_string())?;
        for m in &e.membres {
            if !current.contains_key(m.code.as_str()) {
                return Err(format!("EPCI {} lists {}, not a current commune", e.code, m.code));
            }
            if let Some(other) = epci_of.insert(&m.code, &e.code) {
                return Err(format!("commune {} is in EPCI {other} and {}", m.code, e.code));
            }
        }
    }
    let mut arrondissements: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for c in communes.iter().filter(|c| c.kind == "arrondissement-municipal") {
        let parent = c
            .commune
            .as_deref()
            .filter(|p| current.contains_key(p))
            .ok_or_else(|| format!("arrondissement municipal {} has no current commune", c.code))?;
        arrondissements.entry(parent).or_default().push(c.code.clone());
    }
    for (code, c) in &current {
        let (Some(departement), Some(region)) = (&c.departement, &c.region) else {
            return Err(format!("commune {code} has no département or région"));
        };
        if !departement_codes.contains(departement.as_str()) || !region_codes.contains(region.as_str()) {
            return Err(format!(
                "commune {code} has unknown département {departement} or région {region}"
            ));
        }
        writeln!(
            out,
            "C\t{}\t{}\t{departement}\t{region}\t{}\t{}\t{}\t{}\t{}",
            field(code, false)?,
            field(&c.nom, false)?,
            epci_of.get(code).copied().unwrap_or(""),
            c.population.unwrap_or(0),
            list(&c.codes_postaux)?,
            list(&c.anciens_codes)?,
            list(arrondissements.get(code).map_or(&[][..], Vec::as_slice))?,
        )
        .map_err(|e| e.to_string())?;
    }
    Ok(out)
}

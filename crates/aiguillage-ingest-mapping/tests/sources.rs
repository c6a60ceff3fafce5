//! Every mapping of `mappings/` against its hub's real file (`../shared/data/sources`), imported
//! into a temporary database exactly as `aiguillage import --mapping` does: accepted and
//! rejected counts, and values checked by hand against the source. Skips with a message when
//! `../shared` is absent (a fresh clone outside CI).

use std::path::PathBuf;

use aiguillage_import::{import_rows, ImportOptions, ImportReport};
use aiguillage_ingest_mapping::Mapping;
use aiguillage_ingest_read::read_table;
use aiguillage_ingest_read::Format;
use aiguillage_model::{time_zone, Label, Place, ValidationContext};
use aiguillage_store::Store;
use aiguillage_testkit::{repo, shared_data};
use chrono::NaiveDate;

/// The source file, or `None` (with a message) when `../shared` is absent.
fn source(name: &str) -> Option<PathBuf> {
    shared_data(&format!("sources/{name}"))
}

/// Imports `file` through `mappings/{mapping}.toml` into a fresh database: the report and the
/// store (with its temporary folder).
async fn import(file: &str, mapping: &str) -> Option<(ImportReport, Store, tempfile::TempDir)> {
    let path = source(file)?;
    let text = std::fs::read_to_string(repo().join("mappings").join(format!("{mapping}.toml"))).unwrap();
    let mapping = Mapping::from_toml(&text).unwrap_or_else(|e| panic!("mappings/{mapping}.toml: {e}"));
    let content = std::fs::read(&path).unwrap();
    let table = read_table(&content, Format::Json).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("test.db")).await.unwrap();
    let options = ImportOptions {
        // Fixed, so that « date_maj is in the future » never depends on the day the test runs.
        context: ValidationContext::at(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()),
        ..ImportOptions::default()
    };
    let report = import_rows(&store, file, mapping.apply(&table), &options, &mut |_, _| {})
        .await
        .unwrap();
    for line in report.problem_lines().take(40) {
        eprintln!("{line}");
    }
    eprintln!("{}", report.summary());
    Some((report, store, dir))
}

async fn place(store: &Store, id: &str) -> Place {
    store
        .get(id)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no place {id}"))
        .place
}

/// How many problems of the report mention `text`.
fn problems_with(report: &ImportReport, text: &str) -> usize {
    report.problem_lines().filter(|l| l.contains(text)).count()
}

#[tokio::test]
async fn maine_et_loire() {
    let Some((report, store, _dir)) = import("maine-et-loire.json", "maine-et-loire").await else {
        return;
    };
    assert_eq!(
        (report.counts.imported, report.rejected),
        (EXPECTED_MAINE.0, EXPECTED_MAINE.1),
        "{}",
        report.summary()
    );
    let p = place(&store, "maine-et-loire-LMN008").await;
    assert_eq!(p.nom, "Association Micro-informatique Allonnaise (AMIA)");
    assert_eq!(p.adresse, "20 rue Armand Quenard");
    assert_eq!(p.code_postal, "49650");
    assert_eq!(p.typologie, ["ASSO"]);
    assert_eq!(p.date_maj, NaiveDate::from_ymd_opt(2020, 2, 19).unwrap());
    // Lambert-93 475198,12 / 6692424,51: Allonnes, east of Saumur.
    let (lat, lon) = (p.latitude.unwrap(), p.longitude.unwrap());
    assert!(
        (lat - 47.29).abs() < 0.05 && (lon - 0.02).abs() < 0.08,
        "{lat} {lon}"
    );
    assert_eq!(p.telephone.as_deref(), Some("+33648828634"));
    assert_eq!(
        problems_with(&report, "left out by the mapping: AFFICHAGE is « INACTIF »"),
        18
    );
}

/// Accepted and rejected rows.
/// (18 more rows, marked `AFFICHAGE = INACTIF`, are left out by the mapping.)
const EXPECTED_MAINE: (usize, usize) = (222, 3);

#[tokio::test]
async fn angers() {
    let Some((report, store, _dir)) = import("angers.json", "angers").await else {
        return;
    };
    assert_eq!(
        (report.counts.imported, report.rejected),
        EXPECTED_ANGERS,
        "{}",
        report.summary()
    );
    let p = place(&store, "angers-1").await;
    assert_eq!(p.nom, "Aide Accueil");
    assert_eq!(p.telephone.as_deref(), Some("+33241253560"));
    assert_eq!(p.date_maj, NaiveDate::from_ymd_opt(2022, 9, 26).unwrap());
    // « 9h-12h et 14h-17h du lundi au vendredi »
    assert_eq!(
        p.horaires.as_ref().unwrap().raw(),
        "Mo-Fr 09:00-12:00,14:00-17:00"
    );
    let p = place(&store, "angers-19").await;
    assert_eq!(p.horaires.as_ref().unwrap().raw(), "Mo-Fr 09:30-17:00");
    assert!(p
        .services
        .iter()
        .any(|s| s.label() == "Aide aux démarches administratives"));
}

/// Accepted and rejected rows.
const EXPECTED_ANGERS: (usize, usize) = (63, 0);

#[tokio::test]
async fn gironde() {
    let Some((report, store, _dir)) = import("gironde.json", "gironde").await else {
        return;
    };
    assert_eq!(
        (report.counts.imported, report.rejected),
        EXPECTED_GIRONDE,
        "{}",
        report.summary()
    );
    let acifop = store
        .all()
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.place)
        .find(|p| p.nom == "ACIFOP")
        .expect("ACIFOP");
    assert_eq!(acifop.adresse, "7 Bis rue Max Linder");
    assert_eq!(acifop.code_postal, "33500");
    assert_eq!(acifop.typologie, ["ASSO"]);
    // « Coord. X » is the latitude.
    assert_eq!(
        (acifop.latitude, acifop.longitude),
        (Some(44.93815), Some(-0.235791))
    );
    let services: Vec<&str> = acifop.services.iter().map(|s| s.label()).collect();
    assert_eq!(
        services,
        [
            "Aide aux démarches administratives",
            "Maîtrise des outils numériques du quotidien"
        ]
    );
    assert_eq!(problems_with(&report, "is not in the mapping's values"), 0);
}

/// Accepted and rejected rows.
const EXPECTED_GIRONDE: (usize, usize) = (346, 1);

#[tokio::test]
async fn hub_lo() {
    let Some((report, store, _dir)) = import("hub-lo.json", "hub-lo").await else {
        return;
    };
    assert_eq!(
        (report.counts.imported, report.rejected),
        EXPECTED_HUB_LO,
        "{}",
        report.summary()
    );
    let p = place(&store, "hub-lo-3").await;
    assert_eq!(p.nom, "ACTION NUMERIQUE");
    assert_eq!(p.typologie, ["EPN"]);
    assert_eq!(p.date_maj, NaiveDate::from_ymd_opt(2020, 6, 30).unwrap());
}

/// Accepted and rejected rows.
const EXPECTED_HUB_LO: (usize, usize) = (425, 1);

#[tokio::test]
async fn la_creuse() {
    let Some((report, store, _dir)) = import("la-creuse.json", "la-creuse").await else {
        return;
    };
    assert_eq!(
        (report.counts.imported, report.rejected),
        EXPECTED_LA_CREUSE,
        "{}",
        report.summary()
    );
    let p = place(&store, "la-creuse-2").await;
    // « Mercredi de 14h à 15H30 »
    assert_eq!(p.horaires.as_ref().unwrap().raw(), "We 14:00-15:30");
    assert_eq!(p.telephone.as_deref(), Some("+33587660000"));
    assert_eq!(
        p.modalites_accompagnement
            .iter()
            .map(|m| m.label())
            .collect::<Vec<_>>(),
        ["Dans un atelier collectif"]
    );
    // « None » is an empty cell, not hours.
    assert!(place(&store, "la-creuse-1").await.horaires.is_none());
}

/// Accepted and rejected rows.
const EXPECTED_LA_CREUSE: (usize, usize) = (89, 2);

#[tokio::test]
async fn corse() {
    let Some((report, store, _dir)) = import("corse.json", "corse").await else {
        return;
    };
    assert_eq!(
        (report.counts.imported, report.rejected),
        EXPECTED_CORSE,
        "{}",
        report.summary()
    );
    let places: Vec<Place> = store.all().await.unwrap().into_iter().map(|s| s.place).collect();
    let corscia = places
        .iter()
        .find(|p| p.nom == "Mairie de Corscia")
        .expect("Corscia");
    assert_eq!(
        (
            corscia.adresse.as_str(),
            corscia.code_postal.as_str(),
            corscia.commune.as_str()
        ),
        ("Mairie de Corscia", "20224", "CORSCIA")
    );
    assert_eq!(
        corscia.horaires.as_ref().unwrap().raw(),
        "Mo,Tu,Th,Fr 09:00-17:00"
    );
    assert_eq!(corscia.typologie, ["MUNI"]);
    // « Le lundi de 9h00 à 12h00 et sur rendez-vous. » is not entirely hours: kept as written, reported.
    let piobbeta = places
        .iter()
        .find(|p| p.nom == "Mairie de Piobbeta")
        .expect("Piobbeta");
    assert_eq!(
        piobbeta.horaires.as_ref().unwrap().raw(),
        "Le lundi de 9h00 à 12h00 et sur rendez-vous."
    );
    assert!(problems_with(&report, "not converted") > 0);
}

/// Accepted and rejected rows.
const EXPECTED_CORSE: (usize, usize) = (149, 12);

#[tokio::test]
async fn aix_en_provence() {
    let Some((report, store, _dir)) = import("aix-en-provence.json", "aix-en-provence").await else {
        return;
    };
    assert_eq!(
        (report.counts.imported, report.rejected),
        EXPECTED_AIX,
        "{}",
        report.summary()
    );
    let p = place(&store, "aix-en-provence-2").await;
    assert_eq!(p.pivot, "21130001700012");
    assert_eq!(
        p.horaires.as_ref().unwrap().raw(),
        "Mo-Fr 08:00-12:15,13:15-16:30"
    );
    let services: Vec<&str> = p.services.iter().map(|s| s.label()).collect();
    assert_eq!(
        services,
        [
            "Aide aux démarches administratives",
            "Accès internet et matériel informatique"
        ]
    );
    let dispositifs: Vec<&str> = p
        .dispositif_programmes_nationaux
        .iter()
        .map(|d| d.label())
        .collect();
    assert_eq!(dispositifs, ["France Services", "Conseillers numériques"]);
    assert_eq!(problems_with(&report, "is not in the mapping's values"), 0);
}

/// Accepted and rejected rows.
const EXPECTED_AIX: (usize, usize) = (38, 0);

#[tokio::test]
async fn ultra_num() {
    let Some((report, store, _dir)) = import("ultra-num.json", "ultra-num").await else {
        return;
    };
    assert_eq!(
        (report.counts.imported, report.rejected),
        EXPECTED_ULTRA_NUM,
        "{}",
        report.summary()
    );
    let places: Vec<Place> = store.all().await.unwrap().into_iter().map(|s| s.place).collect();
    let named = |nom: &str| {
        places
            .iter()
            .find(|p| p.nom == nom)
            .unwrap_or_else(|| panic!("{nom}"))
    };
    let mediatheque = named("Médiathèque Benoîte BOULARD");
    assert_eq!(
        (mediatheque.code_postal.as_str(), mediatheque.commune.as_str()),
        ("97420", "LE PORT")
    );
    assert_eq!(mediatheque.typologie, ["BIB"]);
    assert_eq!(mediatheque.site_web, ["https://mediatheque.ville-port.re"]);
    // Morning columns only, Tuesday to Saturday, in La Réunion's own time.
    assert_eq!(mediatheque.horaires.as_ref().unwrap().raw(), "Tu-Sa 09:00-18:00");
    assert_eq!(
        time_zone(mediatheque.code_insee.as_deref(), &mediatheque.code_postal).to_string(),
        "Indian/Reunion"
    );
    // 51 tag columns through one value table, typographic apostrophes included.
    let services: Vec<&str> = mediatheque.services.iter().map(|s| s.label()).collect();
    assert!(
        services.contains(&"Parentalité et éducation avec le numérique"),
        "{services:?}"
    );
    assert!(
        services.contains(&"Insertion professionnelle via le numérique"),
        "{services:?}"
    );
    assert_eq!(problems_with(&report, "is not in the mapping's values"), 0);
    let webcup = named("Webcup Campus Saint-Denis");
    assert_eq!(webcup.typologie, ["TIERS_LIEUX"]);
    assert_eq!(
        webcup.horaires.as_ref().unwrap().raw(),
        "Mo-Fr 09:00-12:00,13:30-16:30"
    );
    assert_eq!(
        (webcup.latitude, webcup.longitude),
        (Some(-20.880871), Some(55.458235))
    );
    // « +261 9 72 72 39 49 » (Madagascar) is left out, the place kept.
    assert_eq!(named("Pôle emploi St Benoit").telephone, None);
    assert_eq!(problems_with(&report, "is a foreign number"), 1);
    assert!(places
        .iter()
        .any(|p| p.telephone.as_deref() == Some("+262262692201")));
}

/// Accepted and rejected rows.
const EXPECTED_ULTRA_NUM: (usize, usize) = (155, 0);

/// Importing a source twice through its mapping updates nothing the second time: ids are
/// stable, from the source's id column or a hash.
#[tokio::test]
async fn re_imports_change_nothing() {
    let Some(path) = source("corse.json") else { return };
    let text = std::fs::read_to_string(repo().join("mappings/corse.toml")).unwrap();
    let mapping = Mapping::from_toml(&text).unwrap();
    let table = read_table(&std::fs::read(path).unwrap(), Format::Json).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("test.db")).await.unwrap();
    let options = ImportOptions::default();
    let first = import_rows(
        &store,
        "corse.json",
        mapping.apply(&table),
        &options,
        &mut |_, _| {},
    )
    .await
    .unwrap();
    let second = import_rows(
        &store,
        "corse.json",
        mapping.apply(&table),
        &options,
        &mut |_, _| {},
    )
    .await
    .unwrap();
    assert!(first.counts.imported > 100);
    assert_eq!(
        (second.counts.imported, second.counts.updated),
        (0, 0),
        "{}",
        second.summary()
    );
    assert_eq!(second.counts.unchanged, first.counts.imported);
}

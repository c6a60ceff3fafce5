//! `aiguillage dedupe` run as a user would: pairs found, merged, provenance kept, and what a
//! later re-import of a merged place's source does.

use std::path::Path;

use crate::support::{run, shared_data, stdout, temp_db};
use aiguillage_store::Store;

const HEADER: &str = "id,pivot,nom,commune,code_postal,code_insee,adresse,complement_adresse,latitude,longitude,typologie,telephone,courriels,site_web,horaires,presentation_resume,presentation_detail,source,itinerance,structure_parente,date_maj,services,publics_specifiquement_adresses,prise_en_charge_specifique,frais_a_charge,dispositif_programmes_nationaux,formations_labels,autres_formations_labels,modalites_acces,modalites_accompagnement,fiche_acces_libre,prise_rdv";

/// A standard row with only the fields these tests vary.
#[allow(clippy::too_many_arguments)]
fn row(
    id: &str,
    pivot: &str,
    nom: &str,
    lat: &str,
    lon: &str,
    telephone: &str,
    courriels: &str,
    source: &str,
    date: &str,
) -> String {
    format!("{id},{pivot},{nom},Angers,49000,49007,49 rue Toussaint,,{lat},{lon},,{telephone},{courriels},,,,,{source},,,{date},,,,,,,,,,,")
}

fn write(dir: &Path, name: &str, rows: &[String]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, format!("{HEADER}\n{}\n", rows.join("\n"))).expect("writing the test file");
    path.display().to_string()
}

const ZERO: &str = "00000000000000";
const SIRET: &str = "21490007800012";

/// Two hubs' files: a médiathèque 20 m apart under two spellings, a mairie with the same
/// SIRET (one without coordinates), and two « Centre social Nord » 1.1 km apart.
fn two_sources(dir: &Path) -> (String, String) {
    let hub = write(
        dir,
        "hub.csv",
        &[
            row(
                "hub-mediatheque",
                ZERO,
                "Médiathèque X",
                "47.4717",
                "-0.556",
                "+33241000001",
                "",
                "Hub",
                "2025-06-01",
            ),
            row(
                "hub-mairie",
                SIRET,
                "Mairie d'Angers",
                "47.4700",
                "-0.5500",
                "",
                "mairie@angers.fr",
                "Hub",
                "2026-02-01",
            ),
            row(
                "hub-centre",
                ZERO,
                "Centre social Nord",
                "47.5000",
                "-0.5500",
                "",
                "",
                "Hub",
                "2026-01-01",
            ),
        ],
    );
    let ville = write(
        dir,
        "ville.csv",
        &[
            row(
                "ville-mediatheque",
                ZERO,
                "Mediatheque X",
                "47.47188",
                "-0.556",
                "",
                "x@angers.fr",
                "Ville",
                "2026-01-15",
            ),
            row(
                "ville-mairie",
                SIRET,
                "Mairie d'Angers",
                "",
                "",
                "+33241050000",
                "",
                "Ville",
                "2026-01-01",
            ),
            row(
                "ville-centre",
                ZERO,
                "Centre social Nord",
                "47.5100",
                "-0.5500",
                "",
                "",
                "Ville",
                "2026-01-01",
            ),
        ],
    );
    (hub, ville)
}

fn imported(db: &Path, file: &str) -> String {
    let output = run(db, &["import", file]);
    assert!(output.status.success(), "{output:?}");
    stdout(&output)
}

#[tokio::test]
async fn pairs_are_listed_then_merged_with_their_provenance() {
    let (dir, db) = temp_db();
    let (hub, ville) = two_sources(dir.path());
    imported(&db, &hub);
    imported(&db, &ville);

    let expected_pairs = "\
1.000  hub-mairie  ville-mairie  same-pivot  Mairie d'Angers | Mairie d'Angers
0.960  hub-mediatheque  ville-mediatheque  nearby 20.0 m, name 1.00  Médiathèque X | Mediatheque X
";
    let dry = run(&db, &["dedupe", "--dry-run"]);
    assert_eq!(dry.status.code(), Some(0), "{dry:?}");
    assert_eq!(stdout(&dry), format!("{expected_pairs}pairs 2, merged 0\n"));
    assert!(
        String::from_utf8_lossy(&dry.stderr).contains("dry run"),
        "{dry:?}"
    );
    let high = run(&db, &["dedupe", "--dry-run", "--min-score", "0.99"]);
    assert_eq!(
        stdout(&high),
        "1.000  hub-mairie  ville-mairie  same-pivot  Mairie d'Angers | Mairie d'Angers\npairs 1, merged 0\n"
    );
    let bad = run(&db, &["dedupe", "--min-score", "2"]);
    assert_eq!(bad.status.code(), Some(2));

    let merge = run(&db, &["dedupe"]);
    assert_eq!(merge.status.code(), Some(0), "{merge:?}");
    assert_eq!(stdout(&merge), format!("{expected_pairs}pairs 2, merged 2\n"));
    // Nothing left to merge.
    assert_eq!(stdout(&run(&db, &["dedupe"])), "pairs 0, merged 0\n");

    let store = Store::open(&db).await.expect("opening the database");
    assert_eq!(store.count().await.unwrap(), 4);
    assert!(store.get("hub-mediatheque").await.unwrap().is_none());
    assert!(store.get("ville-mairie").await.unwrap().is_none());

    // The more recent place is kept; its blank fields are filled from the other.
    let mediatheque = store.get("ville-mediatheque").await.unwrap().expect("kept").place;
    assert_eq!(mediatheque.nom, "Mediatheque X");
    assert_eq!(mediatheque.source.as_deref(), Some("Ville"));
    assert_eq!(mediatheque.coordinates(), Some((47.47188, -0.556)));
    assert_eq!(mediatheque.telephone.as_deref(), Some("+33241000001"));
    assert_eq!(mediatheque.courriels, ["x@angers.fr"]);
    assert_eq!(mediatheque.date_maj.to_string(), "2026-01-15");
    let mairie = store.get("hub-mairie").await.unwrap().expect("kept").place;
    assert_eq!(mairie.telephone.as_deref(), Some("+33241050000"));
    assert_eq!(mairie.courriels, ["mairie@angers.fr"]);
    assert_eq!(mairie.coordinates(), Some((47.47, -0.55)));

    let merges = store.merges().await.unwrap();
    let summary: Vec<_> = merges
        .iter()
        .map(|m| {
            (
                m.kept_id.as_str(),
                m.merged_id.as_str(),
                m.kept_source.as_deref(),
                m.merged_source.as_deref(),
                m.kept_source_file.as_str(),
                m.merged_source_file.as_str(),
                m.reason.as_str(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "hub-mairie",
                "ville-mairie",
                Some("Hub"),
                Some("Ville"),
                hub.as_str(),
                ville.as_str(),
                "same-pivot"
            ),
            (
                "ville-mediatheque",
                "hub-mediatheque",
                Some("Ville"),
                Some("Hub"),
                ville.as_str(),
                hub.as_str(),
                "nearby"
            ),
        ]
    );
    assert_eq!((merges[0].score, merges[0].distance_m), (1.0, None));
    let nearby = &merges[1];
    assert!((nearby.distance_m.unwrap() - 20.0).abs() < 0.1, "{nearby:?}");
    assert_eq!(nearby.name_similarity, Some(1.0));
    assert!(nearby.merged_record.contains("+33241000001"), "{nearby:?}");
    store.close().await;

    // Re-importing a merged place's source does not bring it back: its row changes
    // nothing (counted as unchanged). Nor does it undo the merge of the kept place of that
    // source: what the merged place brought stays where the file is blank.
    assert_eq!(
        imported(&db, &hub).lines().last(),
        Some("imported 0, updated 0, unchanged 3, rejected 0, warnings 0")
    );
    let store = Store::open(&db).await.expect("opening the database");
    assert_eq!(store.count().await.unwrap(), 4);
    assert!(store.get("hub-mediatheque").await.unwrap().is_none());
    let mairie = store.get("hub-mairie").await.unwrap().expect("kept").place;
    assert_eq!(mairie.telephone.as_deref(), Some("+33241050000"));
    store.close().await;

    // A new version from the kept place's hub: its values win, blanks are still filled.
    let renamed = write(
        dir.path(),
        "hub.csv",
        &[row(
            "hub-mairie",
            SIRET,
            "Mairie d'Angers – accueil",
            "47.4700",
            "-0.5500",
            "",
            "accueil@angers.fr",
            "Hub",
            "2026-03-01",
        )],
    );
    assert_eq!(
        imported(&db, &renamed).lines().last(),
        Some("imported 0, updated 1, unchanged 0, rejected 0, warnings 0")
    );
    let store = Store::open(&db).await.expect("opening the database");
    let mairie = store.get("hub-mairie").await.unwrap().expect("kept").place;
    assert_eq!(mairie.nom, "Mairie d'Angers – accueil");
    assert_eq!(mairie.courriels, ["accueil@angers.fr"]);
    assert_eq!(mairie.telephone.as_deref(), Some("+33241050000"));
    store.close().await;
}

#[tokio::test]
async fn the_maine_et_loire_and_angers_hubs() {
    let (Some(maine_et_loire), Some(angers)) = (
        shared_data("sources/maine-et-loire.json"),
        shared_data("sources/angers.json"),
    ) else {
        return;
    };
    let mappings = crate::support::repo().join("mappings");
    let (_dir, db) = temp_db();
    for (file, mapping) in [(&maine_et_loire, "maine-et-loire.toml"), (&angers, "angers.toml")] {
        let mapping = mappings.join(mapping).display().to_string();
        let output = run(
            &db,
            &["import", "--mapping", &mapping, &file.display().to_string()],
        );
        assert!(output.status.code().is_some_and(|c| c <= 1), "{output:?}");
    }

    let dry = stdout(&run(&db, &["dedupe", "--dry-run"]));
    println!("{dry}");
    let lines: Vec<&str> = dry.lines().collect();
    let pairs = lines.len() - 1;
    // Measured: 2 pairs (the two files do not overlap: the Maine-et-Loire hub lists no
    // place in Angers, the nearest places of the two sources are 1.26 km apart). 46 pairs
    // of places are within 50 m, all but these two being different structures in one building.
    assert!(pairs >= 2, "{dry}");
    assert!(lines.contains(&"0.985  maine-et-loire-LMN203  maine-et-loire-LMN253  nearby 7.3 m, name 1.00  CIAS des Vallées du Haut-Anjou | Centre Intercommunal d'Action Sociale des Vallées du Haut-Anjou"), "{dry}");
    assert!(
        lines.iter().any(|l| l.contains("angers-16  angers-17  nearby")),
        "{dry}"
    );
    assert_eq!(lines.last(), Some(&format!("pairs {pairs}, merged 0").as_str()));

    let merged = stdout(&run(&db, &["dedupe"]));
    assert_eq!(
        merged.lines().last(),
        Some(format!("pairs {pairs}, merged {pairs}").as_str())
    );
    let store = Store::open(&db).await.expect("opening the database");
    let before = store.count().await.unwrap();
    let merges = store.merges().await.unwrap();
    store.close().await;

    // Re-importing Angers does not bring back the place merged away.
    let mapping = mappings.join("angers.toml").display().to_string();
    run(
        &db,
        &["import", "--mapping", &mapping, &angers.display().to_string()],
    );
    let store = Store::open(&db).await.expect("opening the database");
    assert_eq!(store.count().await.unwrap(), before);
    for m in &merges {
        assert!(store.get(&m.merged_id).await.unwrap().is_none(), "{m:?}");
    }
    store.close().await;
}

//! `aiguillage import / validate / export` run as a user would, on real files.

use crate::support::{fixture, run, shared_data, stdout, temp_db};

/// Each bad row of `tests/fixtures/bad-rows.csv`, the one kind of mistake it holds, and the
/// exact line the import must print for it. Line numbers are those of the file: row 1
/// (line 2) has a two-line quoted field, so every later row starts one line further.
const BAD_ROWS: &[(&str, &str)] = &[
    ("empty id", "4: id: required field is empty"),
    ("pivot too short", "5: pivot: « 12345 » is invalid: expected 9 to 14 letters or digits (SIRET or RNA number)"),
    ("empty nom", "6: nom: required field is empty"),
    ("blank commune (spaces only)", "7: commune: required field is empty"),
    ("4-digit postcode", "8: code_postal: « 2920 » is invalid: expected 5 digits"),
    ("pre-1976 Corsican INSEE code", "9: code_insee: « 20004 » is invalid: expected an INSEE commune code: 5 characters, 2A/2B for Corsica"),
    ("empty adresse", "10: adresse: required field is empty"),
    ("decimal comma", "11: latitude: « 48,3904 » is not a number (use a dot as decimal separator)"),
    ("latitude beyond 90°", "12: latitude: « 95 » is out of range (−90 to 90 degrees)"),
    ("longitude without latitude", "13: latitude: longitude is given without latitude"),
    ("national phone format", "14: telephone: « 02 98 00 11 22 » is invalid: expected an international number without spaces, like +33298001122"),
    ("URL without scheme", "15: site_web: « www.brest.fr » is not a valid URL: it must start with https:// or http://"),
    ("281-character summary", "16: presentation_resume: 281 characters, at most 280 allowed (use presentation_detail for more)"),
    ("label without accent", "17: itinerance: unknown value « itinerant »; did you mean « Itinérant »?"),
    ("French date format", "18: date_maj: « 12/03/2026 » is not an ISO 8601 date (YYYY-MM-DD)"),
    ("date in the future", "19: date_maj: 2999-01-01 is in the future (today is TODAY)"),
    ("service in lower case", "20: services: unknown value « aide aux demarches administratives »; did you mean « Aide aux démarches administratives »?"),
    ("public not in the list", "21: publics_specifiquement_adresses: unknown value « Retraités »; accepted values: Jeunes | Étudiants | Familles et/ou enfants | Seniors | Femmes"),
    ("missing accent", "22: prise_en_charge_specifique: unknown value « Surdite »; did you mean « Surdité »?"),
    ("wrong case", "23: frais_a_charge: unknown value « gratuit »; did you mean « Gratuit »?"),
    ("singular of a programme", "24: dispositif_programmes_nationaux: unknown value « France Service »; did you mean « France Services »?"),
    ("unknown label", "25: formations_labels: unknown value « Label inconnu »; accepted values: Formé à « Mon Espace Santé » | Formé à « DUPLEX » (illettrisme) | Arnia/MedNum BFC (Bourgogne-Franche-Comté) | Collectif ressources et acteurs réemploi (Normandie) | Étapes numériques(La Poste) | Fabriques de Territoire | Les Éclaireurs du numérique (Drôme) | Mes Papiers (Métropole de Lyon) | ORDI 3.0 | SUD LABS (PACA)"),
    ("access mode not in the list", "26: modalites_acces: unknown value « Sur place »; accepted values: Se présenter | Téléphoner | Contacter par mail | Prendre un RDV en ligne | Ce lieu n'accueille pas de public | Envoyer un mail avec une fiche de prescription"),
    ("abbreviated label", "27: modalites_accompagnement: unknown value « individuel »; did you mean « Accompagnement individuel »?"),
    ("non-web URL", "28: prise_rdv: « ftp://rdv.exemple.fr » is not a valid URL: only http and https are allowed"),
    ("two URLs in a single-URL field", "29: fiche_acces_libre: only one URL is allowed"),
    ("id used by an earlier row", "30: id: « fx-01 » is already used at line 2"),
    ("two errors in one row (1/2)", "31: pivot: « SIRET » is invalid: expected 9 to 14 letters or digits (SIRET or RNA number)"),
    ("two errors in one row (2/2)", "31: code_postal: required field is empty"),
    ("free-text hours: kept, warned", "32: horaires: warning: « du lundi au vendredi de 9h à 12h » is not OSM opening_hours syntax (syntax error at character 1, near « du lundi au vendredi »); kept as text, hours unknown"),
    ("swapped coordinates: kept, warned", "33: latitude: warning: -4.4861, 48.3904 is outside France métropolitaine and the overseas territories (latitude and longitude look swapped)"),
    ("malformed e-mail: kept, warned", "34: courriels: warning: « contact at exemple.fr » does not look like an e-mail address"),
    ("row with 3 columns", "35: row: 3 columns where the header has 32"),
];

#[test]
fn bad_rows_are_reported_line_by_line_and_good_rows_stored() {
    let (_dir, db) = temp_db();
    let file = fixture("bad-rows.csv");
    let name = file.display().to_string();
    let output = run(&db, &["import", &name]);
    assert_eq!(output.status.code(), Some(1), "rows were rejected");

    let today = chrono::Local::now().date_naive().to_string();
    let mut expected: Vec<String> = BAD_ROWS
        .iter()
        .map(|(_, line)| format!("{name}:{}", line.replace("TODAY", &today)))
        .collect();
    expected.push("imported 5, updated 0, unchanged 0, rejected 29, warnings 3".to_owned());
    let actual: Vec<String> = stdout(&output).lines().map(str::to_owned).collect();
    for (i, (a, e)) in actual.iter().zip(&expected).enumerate() {
        assert_eq!(a, e, "line {i} ({})", BAD_ROWS.get(i).map_or("summary", |r| r.0));
    }
    assert_eq!(actual.len(), expected.len());

    // The five good rows (one clean, one with a two-line field, three with warnings) are stored.
    let export = run(&db, &["export", "--format", "json"]);
    let places: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    let ids: Vec<&str> = places
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["fx-01", "fx-30", "fx-31", "fx-32", "fx-33"]);
    assert_eq!(places[0]["complement_adresse"], "Bâtiment A\nau fond de la cour");
    assert_eq!(
        places[1]["horaires"], "du lundi au vendredi de 9h à 12h",
        "unparsable hours are kept"
    );
}

#[test]
fn strict_refuses_the_whole_file_and_dry_run_writes_nothing() {
    let (_dir, db) = temp_db();
    let file = fixture("bad-rows.csv");
    let file = file.to_str().unwrap();

    let strict = run(&db, &["import", "--strict", file]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(stdout(&strict).ends_with("imported 0, updated 0, unchanged 0, rejected 34, warnings 3\n"));

    let dry = run(&db, &["import", "--dry-run", file]);
    assert!(stdout(&dry).ends_with("imported 5, updated 0, unchanged 0, rejected 29, warnings 3\n"));
    let validate = run(&db, &["validate", file]);
    assert_eq!(stdout(&validate), stdout(&dry), "validate = import --dry-run");
    assert_eq!(validate.status.code(), Some(1));

    let export = run(&db, &["export", "--format", "csv"]);
    assert_eq!(
        stdout(&export).lines().count(),
        1,
        "only the header: nothing was written"
    );
}

#[test]
fn unreadable_files_exit_2_with_a_located_message() {
    let (dir, db) = temp_db();
    let cases: [(&str, &[u8], &str); 4] = [
        ("latin1.csv", b"id,pivot,nom\n1,123456789,M\xe9diath\xe8que\n", "latin1.csv:2: the file is not UTF-8 text"),
        ("broken.json", b"[\n{\"id\": \"a\",}\n]", "broken.json:2: invalid JSON"),
        ("other.csv", b"name,zip\nA,29200\n", "other.csv:1: missing required column(s): id, pivot, nom, commune, code_postal, adresse, date_maj"),
        ("empty.csv", b"", "empty.csv: the file is empty"),
    ];
    for (name, content, message) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        let output = run(&db, &["import", path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        let expected = format!("{}", dir.path().join(message).display());
        assert!(stderr.starts_with(&expected), "{name}: {stderr}");
    }
    let missing = run(&db, &["import", "/nonexistent/file.csv"]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn reimport_is_unchanged_and_export_round_trips_in_every_format() {
    let (dir, db) = temp_db();
    let generated = dir.path().join("generated.csv");
    let gen = crate::support::bin()
        .args(["generate", "--rows", "10000", "-o", generated.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(gen.status.success());

    let first = run(&db, &["import", generated.to_str().unwrap()]);
    assert_eq!(
        stdout(&first),
        "imported 10000, updated 0, unchanged 0, rejected 0, warnings 0\n"
    );
    let again = run(&db, &["import", generated.to_str().unwrap()]);
    assert_eq!(
        stdout(&again),
        "imported 0, updated 0, unchanged 10000, rejected 0, warnings 0\n"
    );

    for format in ["csv", "json", "geojson"] {
        let exported = dir.path().join(format!("export.{format}"));
        let export = run(
            &db,
            &["export", "--format", format, "-o", exported.to_str().unwrap()],
        );
        assert!(export.status.success());
        let reimport = run(&db, &["import", exported.to_str().unwrap()]);
        assert_eq!(
            stdout(&reimport),
            "imported 0, updated 0, unchanged 10000, rejected 0, warnings 0\n",
            "{format}"
        );
    }
}

#[test]
fn a_changed_row_is_an_update() {
    let (dir, db) = temp_db();
    let csv = dir.path().join("a.csv");
    let header = "id;pivot;nom;commune;code_postal;adresse;date_maj";
    std::fs::write(&csv, format!("\u{feff}{header}\n1;123456789;A;Brest;29200;rue;2026-01-01\n2;123456789;B;Brest;29200;rue;2026-01-01\n")).unwrap();
    assert_eq!(
        stdout(&run(&db, &["import", csv.to_str().unwrap()])),
        "imported 2, updated 0, unchanged 0, rejected 0, warnings 0\n"
    );
    std::fs::write(&csv, format!("{header}\n1;123456789;A bis;Brest;29200;rue;2026-01-01\n2;123456789;B;Brest;29200;rue;2026-01-01\n")).unwrap();
    assert_eq!(
        stdout(&run(&db, &["import", csv.to_str().unwrap()])),
        "imported 0, updated 1, unchanged 1, rejected 0, warnings 0\n"
    );
}

#[test]
fn the_standard_example_imports() {
    let Some(example) = shared_data("standard/exemple-valide.csv") else {
        return;
    };
    let (_dir, db) = temp_db();
    let output = run(&db, &["import", example.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).ends_with("imported 1, updated 0, unchanged 0, rejected 0, warnings 0\n"));
    let export = run(&db, &["export", "--format", "json"]);
    let places: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    assert_eq!(places[0]["id"], "structure-1");
    assert_eq!(places[0]["services"], "Maîtrise des outils numériques du quotidien|Insertion professionnelle via le numérique|Loisirs et créations numériques");
    assert_eq!(places[0]["latitude"], 43.52609);
}

#[test]
fn two_imports_at_once_wait_for_each_other_and_both_succeed() {
    let (dir, db) = temp_db();
    let files: Vec<std::path::PathBuf> = (1..=2)
        .map(|seed| {
            let file = dir.path().join(format!("seed-{seed}.csv"));
            let seed = seed.to_string();
            let output = run(
                &db,
                &[
                    "generate",
                    "--rows",
                    "20000",
                    "--seed",
                    &seed,
                    "-o",
                    file.to_str().unwrap(),
                ],
            );
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
            file
        })
        .collect();
    // The database exists (two processes creating it at once would both migrate it: not this
    // test's case). Started together, the second writer waits for the first (busy timeout)
    // instead of failing at once with « database is locked ».
    // (Its rejected rows make it exit 1; its 5 valid places are stored.)
    run(&db, &["import", fixture("bad-rows.csv").to_str().unwrap()]);
    let children: Vec<std::process::Child> = files
        .iter()
        .map(|file| {
            crate::support::bin()
                .arg("--db")
                .arg(&db)
                .args(["import", file.to_str().unwrap()])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let summary = stdout(&run(&db, &["export", "--format", "json"]));
    let places: serde_json::Value = serde_json::from_str(&summary).unwrap();
    // Generated ids are the same whatever the seed: the second import updated the first's.
    assert_eq!(places.as_array().unwrap().len(), 20_005);
}

#[test]
fn two_imports_creating_one_database_at_once_both_succeed() {
    let (_dir, db) = temp_db();
    let file = fixture("bad-rows.csv");
    // Both processes find no database and migrate it at once: the one that loses tries again.
    let children: Vec<std::process::Child> = (0..2)
        .map(|_| {
            crate::support::bin()
                .arg("--db")
                .arg(&db)
                .args(["import", file.to_str().unwrap()])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        // The fixture's rejected rows make each import exit 1; no other failure.
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(!stderr.contains("error:"), "{stderr}");
    }
}

#[test]
fn files_for_spreadsheets_never_carry_a_live_formula() {
    let (dir, db) = temp_db();
    let file = dir.path().join("formula.csv");
    std::fs::write(
        &file,
        "id,pivot,nom,commune,code_postal,code_insee,adresse,date_maj,latitude,longitude\n\
         f-1,21290019700015,\"=HYPERLINK(\"\"http://x.invalid\"\",\"\"clic\"\")\",Brest,29200,29019,1 rue de Siam,2020-01-15,48.39,-4.48\n",
    )
    .unwrap();
    run(&db, &["import", file.to_str().unwrap()]);
    // The quality list is opened in spreadsheets: its cells are neutralised.
    let quality = stdout(&run(&db, &["quality", "--format", "csv"]));
    assert!(quality.contains("'=HYPERLINK"), "{quality}");
    assert!(
        !quality.contains(",=HYPERLINK") && !quality.contains(",\"=HYPERLINK"),
        "{quality}"
    );
    // The export is the standard's interchange format: lossless unless asked.
    let export = stdout(&run(&db, &["export"]));
    assert!(export.contains("\"=HYPERLINK("), "{export}");
    let safe = stdout(&run(&db, &["export", "--spreadsheet-safe"]));
    assert!(safe.contains("'=HYPERLINK("), "{safe}");
    assert!(
        safe.contains("48.39") && safe.contains("-4.48"),
        "numbers stay numbers: {safe}"
    );
    let refused = run(&db, &["export", "--format", "json", "--spreadsheet-safe"]);
    assert_eq!(refused.status.code(), Some(2));
}

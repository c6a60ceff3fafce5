//! `aiguillage quality` end to end: hand-made places with known problems over the test
//! communes (tests/fixtures/territory), and the Maine-et-Loire hub over its real communes
//! when ../shared is there.

use std::path::Path;

use crate::support::{import_test_communes, repo, run, shared_data, stdout, temp_db};

/// Six places of the standard, one problem family each (q-01 has none).
const PLACES: &str = "\
id,pivot,nom,commune,code_postal,code_insee,adresse,latitude,longitude,telephone,courriels,horaires,source,date_maj,services
q-01,00000000000001,Médiathèque,Brest,29200,29019,1 rue de Siam,48.39,-4.49,+33298001122,contact@brest.fr,Mo-Fr 09:00-17:00,Hub test,2026-05-01,Aide aux démarches administratives
q-02,00000000000002,Maison de quartier,Brest,29000,29019,2 rue de Siam,48.43,-4.50,,,,Hub test,2026-05-01,Aide aux démarches administratives
q-03,00000000000003,Cyberbase,Brest,29200,29019,3 rue de Siam,47.996,-4.102,,,lundi matin,Hub test,2026-05-01,Aide aux démarches administratives
q-04,00000000000004,Espace numérique,GUIPAVAS CEDEX,29490,,4 rue de Brest,48.45,-4.40,+33029800112,a@b.fr ou c@d.fr,,Hub test,2026-05-01,Aide aux démarches administratives
q-05,00000000000005,Permanence,Lambézellec,29200,,5 rue de Brest,,,,,,Hub test,2024-03-01,
q-06,00000000000006,France Services,Guipavas,29490,29075,6 rue de Brest,-4.40,48.45,,,,,2026-05-01,Aide aux démarches administratives
";

/// The rows expected on every place at 2026-06-01, in order.
const EXPECTED_CSV: &str = r#"id,nom,source,code_insee,commune,probleme,detail
q-02,Maison de quartier,Hub test,29019,Brest,hors_commune,"le point (48.43000, -4.50000) est hors des limites de Brest (29019), à 3,9 km de son centre"
q-02,Maison de quartier,Hub test,29019,Brest,code_postal_invalide,"29000 n'est pas un code postal de la commune Brest (29019), qui a : 29200"
q-03,Cyberbase,Hub test,29019,Brest,loin_de_la_commune,"le point (47.99600, -4.10200) est à 53,3 km du centre de Brest (29019) : mauvais point ou mauvaise commune"
q-03,Cyberbase,Hub test,29019,Brest,horaires_illisibles,"« lundi matin » n'est pas au format OpenStreetMap opening_hours, comme « Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00 » : gardé comme texte, horaires inconnus"
q-04,Espace numérique,Hub test,,GUIPAVAS CEDEX,telephone_invalide,« +33029800112 » : le 0 initial doit disparaître après +33 (+3329800112)
q-04,Espace numérique,Hub test,,GUIPAVAS CEDEX,courriel_invalide,« a@b.fr ou c@d.fr » n'est pas une adresse e-mail : plusieurs adresses : les séparer par |
q-05,Permanence,Hub test,,Lambézellec,sans_coordonnees,sans coordonnées : absent de la carte et de la couverture ; renseigner latitude et longitude
q-05,Permanence,Hub test,,Lambézellec,commune_introuvable,« Lambézellec » n'est le nom d'aucune commune de code postal 29200 (Brest) : indiquer le nom officiel de la commune ou le code_insee
q-05,Permanence,Hub test,,Lambézellec,sans_services,aucun service renseigné
q-05,Permanence,Hub test,,Lambézellec,date_maj_ancienne,"mis à jour le 01/03/2024, il y a plus de 12 mois"
q-06,France Services,,29075,Guipavas,coordonnees_hors_france,"le point (-4.40000, 48.45000) est hors de France : latitude et longitude semblent inversées"
"#;

/// A database with [`PLACES`] and the two test communes (squares for Brest and Guipavas).
fn fixture_db(dir: &Path, db: &Path) {
    let places = dir.join("places.csv");
    std::fs::write(&places, PLACES).unwrap();
    let output = run(db, &["import", places.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stdout(&output));
    assert!(stdout(&output).contains("imported 6,"), "{}", stdout(&output));
    import_test_communes(db);
}

#[test]
fn every_problem_is_one_csv_row() {
    let (dir, db) = temp_db();
    fixture_db(dir.path(), &db);
    let output = run(&db, &["quality", "--date", "2026-06-01"]);
    assert!(output.status.success());
    assert_eq!(stdout(&output), EXPECTED_CSV);
    let summary = String::from_utf8(output.stderr).unwrap();
    assert!(
        summary.contains("11 problems on 5 places (6 places checked)"),
        "{summary}"
    );
}

#[test]
fn json_has_the_same_fields_and_a_territory_selects_as_report_does() {
    let (dir, db) = temp_db();
    fixture_db(dir.path(), &db);
    // Guipavas: q-06 by its code_insee, q-04 (without one) by its position.
    let output = run(
        &db,
        &[
            "quality",
            "--date",
            "2026-06-01",
            "--territory",
            "29075",
            "--format",
            "json",
        ],
    );
    assert!(output.status.success());
    let rows: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        rows,
        serde_json::json!([
            {
                "id": "q-04", "nom": "Espace numérique", "source": "Hub test", "code_insee": null,
                "commune": "GUIPAVAS CEDEX", "probleme": "telephone_invalide",
                "detail": "« +33029800112 » : le 0 initial doit disparaître après +33 (+3329800112)"
            },
            {
                "id": "q-04", "nom": "Espace numérique", "source": "Hub test", "code_insee": null,
                "commune": "GUIPAVAS CEDEX", "probleme": "courriel_invalide",
                "detail": "« a@b.fr ou c@d.fr » n'est pas une adresse e-mail : plusieurs adresses : les séparer par |"
            },
            {
                "id": "q-06", "nom": "France Services", "source": null, "code_insee": "29075",
                "commune": "Guipavas", "probleme": "coordonnees_hors_france",
                "detail": "le point (-4.40000, 48.45000) est hors de France : latitude et longitude semblent inversées"
            }
        ])
    );
    let summary = String::from_utf8(output.stderr).unwrap();
    assert!(
        summary.contains("3 problems on 2 places (2 places checked)"),
        "{summary}"
    );

    let output = run(&db, &["quality", "--territory", "99999"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn the_territory_page_lists_the_new_kinds() {
    let (dir, db) = temp_db();
    fixture_db(dir.path(), &db);
    let output = run(
        &db,
        &[
            "report",
            "--territory",
            "29019",
            "--date",
            "2026-06-01",
            "--format",
            "html",
        ],
    );
    assert!(output.status.success());
    let html = stdout(&output);
    for heading in [
        "<h3>Position hors de la commune indiquée (1)</h3>",
        "<h3>Position à plus de 20 km de la commune indiquée (1)</h3>",
        "<h3>Code postal invalide (1)</h3>",
        "<h3>Horaires illisibles (1)</h3>",
    ] {
        assert!(html.contains(heading), "{heading} missing");
    }
}

#[test]
fn the_maine_et_loire_hub_over_its_communes() {
    let (Some(hub), Some(communes)) = (
        shared_data("sources/maine-et-loire.json"),
        shared_data("geo/communes-49-maine-et-loire.geojson"),
    ) else {
        return;
    };
    let (_dir, db) = temp_db();
    let mapping = repo().join("mappings/maine-et-loire.toml");
    let output = run(
        &db,
        &[
            "import",
            "--mapping",
            mapping.to_str().unwrap(),
            hub.to_str().unwrap(),
        ],
    );
    // 18 inactive places are left out by the mapping.
    assert!(stdout(&output).contains("imported 222,"), "{}", stdout(&output));
    let output = run(
        &db,
        &[
            "territories",
            "import",
            communes.to_str().unwrap(),
            "--level",
            "commune",
        ],
    );
    assert!(output.status.success(), "{}", stdout(&output));

    let output = run(&db, &["quality", "--territory", "49", "--date", "2026-01-15"]);
    assert!(output.status.success());
    let csv = stdout(&output);
    let count = |code: &str| csv.lines().filter(|l| l.contains(&format!(",{code},"))).count();
    // Measured on 2026-01-15 (inactive places left out): every date_maj is from 2020, 9
    // CEDEX postcodes, 9 web addresses or handles in courriels, 2 places without services,
    // one point 21 km away, one pair of likely duplicates (the CIAS listed twice).
    assert_eq!(count("date_maj_ancienne"), 222);
    assert!(count("code_postal_invalide") >= 9);
    assert!(count("courriel_invalide") >= 9);
    assert!(count("sans_services") >= 2);
    assert_eq!(count("doublon_probable"), 2);
    assert!(count("loin_de_la_commune") >= 1);
    assert!(
        csv.contains(
            "maine-et-loire-LMN067,CS Le Verger,Hub numérique Maine-et-Loire,,Cholet,code_postal_invalide,\
         49307 n'est le code postal d'aucune commune (code CEDEX ou code INSEE ?) ; la commune Cholet \
         (49099) a : 49300\n"
        ),
        "{csv}"
    );
    let summary = String::from_utf8(output.stderr).unwrap();
    assert!(
        summary.contains("problems on 222 places (222 places checked)"),
        "{summary}"
    );
}

/// Problems the store knows rather than the values: a position placed at the commune's
/// centre by a mapped import, and a place listed by two sources.
#[test]
fn approximate_positions_and_likely_duplicates_are_listed() {
    let (dir, db) = temp_db();
    fixture_db(dir.path(), &db);
    // q-01's twin from another hub, 8 m away.
    let twin = dir.path().join("twin.csv");
    std::fs::write(
        &twin,
        "id,pivot,nom,commune,code_postal,code_insee,adresse,latitude,longitude,source,date_maj,services
z-01,00000000000000,Mediatheque,Brest,29200,29019,1 rue de Siam,48.39007,-4.49,Autre hub,2026-05-02,Aide aux démarches administratives
",
    )
    .unwrap();
    assert!(run(&db, &["import", twin.to_str().unwrap()]).status.success());
    // A mapped row without coordinates: placed at the centre of the Guipavas test square.
    let mapping = dir.path().join("m.toml");
    std::fs::write(
        &mapping,
        "[source]\nlabel = \"Hub m\"\nid_prefix = \"m\"\nid_column = \"ID\"\n[fields]\nnom = \"NOM\"\npivot = { constant = \"00000000000000\" }\nadresse = \"ADR\"\ncode_postal = \"CP\"\ncommune = \"VILLE\"\ndate_maj = { constant = \"2026-05-01\" }\nservices = { constant = \"Aide aux démarches administratives\" }\n",
    )
    .unwrap();
    let source = dir.path().join("m.csv");
    std::fs::write(
        &source,
        "ID,NOM,ADR,CP,VILLE\n1,Mairie,1 place Saint-Herbot,29490,Guipavas\n",
    )
    .unwrap();
    let output = run(
        &db,
        &[
            "import",
            "--mapping",
            mapping.to_str().unwrap(),
            source.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", stdout(&output));

    let output = run(&db, &["quality", "--date", "2026-06-01"]);
    let text = stdout(&output);
    assert!(text.contains("m-1,Mairie,Hub m,,Guipavas,coordonnees_approximatives,coordonnées absentes de la source : placé au centre de Guipavas ; renseigner latitude et longitude dans la source\n"), "{text}");
    assert!(text.contains("q-01,Médiathèque,Hub test,29019,Brest,doublon_probable,\"doublon probable de « Mediatheque » (z-01) : à 8 m, nom semblable, score "), "{text}");
    assert!(text.contains("z-01,Mediatheque,Autre hub,29019,Brest,doublon_probable,\"doublon probable de « Médiathèque » (q-01) : à 8 m"), "{text}");

    // The territory page lists them too (the mapped Mairie is in Guipavas, the twins in Brest).
    let page = |code: &str| {
        stdout(&run(
            &db,
            &[
                "report",
                "--territory",
                code,
                "--date",
                "2026-06-01",
                "--format",
                "html",
            ],
        ))
    };
    assert!(page("29019").contains("<h3>Doublon probable (2)</h3>"));
    assert!(page("29075").contains("<h3>Position approximative (absente de la source) (1)</h3>"));
}

//! The demo out of the box: `serve` on an empty database loads the Brest places and the
//! boundaries of the 8 communes of Brest métropole, so its territory pages give real
//! populations; a database with places, or with commune boundaries of its own, keeps its own.

use crate::support::{import_test_communes, repo, run, temp_db, Server};

/// The communes of Brest métropole (EPCI 242900314), by code.
const BREST_METROPOLE: [&str; 8] = [
    "29011", "29019", "29061", "29069", "29075", "29189", "29212", "29235",
];

#[tokio::test]
async fn an_empty_database_gets_the_communes_of_brest_metropole() {
    let (_dir, db) = temp_db();
    let server = Server::start(&db, &[]);

    let (status, brest) = server.get("/api/v1/territories/29019/coverage").await;
    assert_eq!(status, 200, "{brest}");
    assert_eq!(brest["territory"]["nom"], "Brest");
    assert_eq!(brest["population_source"]["kind"], "uniform");
    // INSEE counts about 140,000 residents, spread over the commune's 200 m cells.
    let population = brest["population"].as_f64().unwrap();
    assert!(population > 100_000.0, "{population}");
    assert!(brest["places"].as_u64().unwrap() > 0, "{brest}");

    let (status, epci) = server.get("/api/v1/territories/242900314/coverage").await;
    assert_eq!(status, 200, "{epci}");
    let population = epci["population"].as_f64().unwrap();
    assert!(population > 150_000.0, "{population}");
    assert_eq!(epci["places"], 48, "every demo place lies in Brest métropole");
    let mut communes: Vec<&str> = epci["subterritories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            assert!(s["population"].as_f64().unwrap() > 0.0, "{s}");
            s["territory"]["code"].as_str().unwrap()
        })
        .collect();
    communes.sort_unstable();
    assert_eq!(communes, BREST_METROPOLE);

    // The page the issue was about: no « Population 0 ».
    let page = reqwest::get(format!("{}/territoires/29019", server.base_url))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("<dt>Population</dt>"), "{page}");
    assert!(!page.contains("<dt>Population</dt><dd>0<"), "{page}");
    drop(server);

    // A second start finds places and loads nothing more.
    let server = Server::start(&db, &[]);
    let (_, again) = server.get("/api/v1/territories/242900314/coverage").await;
    assert_eq!(
        (again["population"].as_f64(), again["places"].as_u64()),
        (Some(population), Some(48))
    );
}

#[tokio::test]
async fn a_database_with_places_gets_no_demo_boundaries() {
    let (_dir, db) = temp_db();
    let demo = repo().join("data/demo/brest-metropole.csv");
    assert!(run(&db, &["import", demo.to_str().unwrap()]).status.success());
    let server = Server::start(&db, &[]);
    for code in BREST_METROPOLE {
        let (status, body) = server
            .get(&format!("/api/v1/territories/{code}/boundary.geojson"))
            .await;
        assert_eq!(status, 404, "{code}: {body}");
    }
}

#[tokio::test]
async fn commune_boundaries_already_imported_are_kept() {
    let (_dir, db) = temp_db();
    // The square test communes of Brest and Guipavas, in a database without places.
    import_test_communes(&db);
    let server = Server::start(&db, &[]);
    let (status, brest) = server.get("/api/v1/territories/29019/boundary.geojson").await;
    assert_eq!(status, 200, "{brest}");
    assert_eq!(
        brest["geometry"]["coordinates"][0][0][0],
        serde_json::json!([-4.56, 48.37]),
        "the test square, not the demo's outline"
    );
    let (status, _) = server.get("/api/v1/territories/29061/boundary.geojson").await;
    assert_eq!(status, 404, "no demo boundary is added beside them");
    let (_, places) = server.get("/api/v1/territories/242900314/coverage").await;
    assert!(
        places["places"].as_u64().unwrap() > 0,
        "the demo places are loaded"
    );
}

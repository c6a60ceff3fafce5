//! Boundaries of territories: communes, EPCI, départements, régions and custom areas.
//!
//! The store keeps each boundary as GeoJSON text and knows nothing of its geometry: parsing
//! and spatial tests belong to the callers.

use std::collections::HashSet;

use aiguillage_model::fold;
use sqlx::{QueryBuilder, Sqlite};

use crate::store::now;
use crate::{Store, StoreError};

/// Rows per multi-row `INSERT`: 6 bound values each. Boundaries are large texts, so a
/// statement is kept to a few hundred of them rather than to SQLite's bound-value limit.
const BATCH_ROWS: usize = 200;

/// The level whose boundaries [`Store::custom_territories`] lists.
const CUSTOM_LEVEL: &str = "custom";

/// The boundary of one territory, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredBoundary {
    /// Level: `commune`, `epci`, `departement`, `region` or `custom`.
    pub level: String,
    /// Code, unique within the level (INSEE code, SIREN, or the imported code).
    pub code: String,
    /// Name.
    pub nom: String,
    /// GeoJSON geometry (`Polygon` or `MultiPolygon`), longitude/latitude, as text.
    pub geometry: String,
}

/// What [`Store::replace_boundaries`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BoundariesImported {
    /// Codes new at their level.
    pub inserted: usize,
    /// Codes already stored at their level, whose boundary was replaced.
    pub updated: usize,
}

impl Store {
    /// Stores `boundaries` at `level`, in one transaction: each replaces the stored
    /// boundary of the same level and code, or is added; stored boundaries of other codes
    /// are kept. The `level` of each boundary is ignored: all are stored at `level`. A code
    /// given twice is stored once, with the last boundary given (and counted as updated).
    ///
    /// Cost: one multi-row statement per 200 boundaries; a failure writes nothing.
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aiguillage_store::{BoundariesImported, Store, StoredBoundary};
    /// let dir = tempfile::tempdir().unwrap();
    /// let store = Store::open(&dir.path().join("db.sqlite")).await.unwrap();
    /// let brest = StoredBoundary {
    ///     level: "commune".into(),
    ///     code: "29019".into(),
    ///     nom: "Brest".into(),
    ///     geometry: r#"{"type":"Polygon","coordinates":[[[-4.5,48.4],[-4.4,48.4],[-4.4,48.5],[-4.5,48.4]]]}"#.into(),
    /// };
    /// let done = store.replace_boundaries("commune", &[brest.clone()], "communes.geojson").await.unwrap();
    /// assert_eq!(done, BoundariesImported { inserted: 1, updated: 0 });
    /// assert_eq!(store.boundary("commune", "29019").await.unwrap(), Some(brest));
    /// # });
    /// ```
    pub async fn replace_boundaries(
        &self,
        level: &str,
        boundaries: &[StoredBoundary],
        source_file: &str,
    ) -> Result<BoundariesImported, StoreError> {
        let mut tx = self.write().await?;
        let mut known: HashSet<String> = sqlx::query_scalar("SELECT code FROM territories WHERE level = ?")
            .bind(level)
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .collect();
        let mut done = BoundariesImported::default();
        for b in boundaries {
            if known.insert(b.code.clone()) {
                done.inserted += 1;
            } else {
                done.updated += 1;
            }
        }
        let at = now();
        for batch in boundaries.chunks(BATCH_ROWS) {
            let mut query = QueryBuilder::<Sqlite>::new(
                "INSERT INTO territories (level, code, nom, geometry, source_file, imported_at) ",
            );
            query.push_values(batch, |mut row, b| {
                row.push_bind(level)
                    .push_bind(b.code.as_str())
                    .push_bind(b.nom.as_str())
                    .push_bind(b.geometry.as_str())
                    .push_bind(source_file)
                    .push_bind(at.as_str());
            });
            query.push(
                " ON CONFLICT (level, code) DO UPDATE SET nom = excluded.nom, geometry = excluded.geometry, \
                 source_file = excluded.source_file, imported_at = excluded.imported_at",
            );
            query.build().execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(done)
    }

    /// Every boundary stored at `level`, sorted by code. Reads every geometry: for large
    /// levels (35,000 communes) prefer [`Store::boundary`] when one is enough.
    pub async fn boundaries(&self, level: &str) -> Result<Vec<StoredBoundary>, StoreError> {
        let rows: Vec<(String, String, String, String)> = sqlx::query_as(
            "SELECT level, code, nom, geometry FROM territories WHERE level = ? ORDER BY code",
        )
        .bind(level)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(boundary).collect())
    }

    /// The boundary of the territory `code` at `level`, if stored.
    pub async fn boundary(&self, level: &str, code: &str) -> Result<Option<StoredBoundary>, StoreError> {
        let row: Option<(String, String, String, String)> =
            sqlx::query_as("SELECT level, code, nom, geometry FROM territories WHERE level = ? AND code = ?")
                .bind(level)
                .bind(code)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(boundary))
    }

    /// The levels that have boundaries, sorted by name, with how many each has.
    pub async fn boundary_levels(&self) -> Result<Vec<(String, u64)>, StoreError> {
        let rows: Vec<(String, i64)> =
            sqlx::query_as("SELECT level, COUNT(*) FROM territories GROUP BY level ORDER BY level")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .into_iter()
            .map(|(level, n)| (level, u64::try_from(n).unwrap_or(0)))
            .collect())
    }

    /// Code and name of the custom territories (level `custom`), sorted by code; with a
    /// `query`, only those whose code or name contains it, ignoring case, accents and
    /// punctuation (`"kerourien"` finds « Quartier Kérourien »).
    /// A blank query lists them all. Reads no geometry.
    pub async fn custom_territories(&self, query: Option<&str>) -> Result<Vec<(String, String)>, StoreError> {
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT code, nom FROM territories WHERE level = ? ORDER BY code")
                .bind(CUSTOM_LEVEL)
                .fetch_all(&self.pool)
                .await?;
        // Filtered here rather than with LIKE, which folds neither accents nor non-ASCII
        // case; custom territories are few.
        let needle = query.map(fold).unwrap_or_default();
        if needle.is_empty() {
            return Ok(rows);
        }
        Ok(rows
            .into_iter()
            .filter(|(code, nom)| fold(code).contains(&needle) || fold(nom).contains(&needle))
            .collect())
    }
}

fn boundary((level, code, nom, geometry): (String, String, String, String)) -> StoredBoundary {
    StoredBoundary {
        level,
        code,
        nom,
        geometry,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn temp_store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("test.db")).await.unwrap();
        (dir, store)
    }

    fn square(level: &str, code: &str, nom: &str, x: f64) -> StoredBoundary {
        StoredBoundary {
            level: level.into(),
            code: code.into(),
            nom: nom.into(),
            geometry: format!(
                r#"{{"type":"Polygon","coordinates":[[[{x},48.0],[{},48.0],[{},49.0],[{x},49.0],[{x},48.0]]]}}"#,
                x + 1.0,
                x + 1.0
            ),
        }
    }

    #[tokio::test]
    async fn boundaries_are_upserted_by_level_and_code() {
        let (_dir, store) = temp_store().await;
        let first: Vec<_> = (0..450)
            .map(|i| {
                square(
                    "commune",
                    &format!("{:05}", 29000 + i),
                    &format!("C{i}"),
                    f64::from(i),
                )
            })
            .collect();
        let done = store
            .replace_boundaries("commune", &first, "a.geojson")
            .await
            .unwrap();
        assert_eq!(
            done,
            BoundariesImported {
                inserted: 450,
                updated: 0
            }
        );

        // One replaced, one new, the others kept.
        let second = vec![
            square("commune", "29000", "Renamed", -1.0),
            square("commune", "35238", "Rennes", 5.0),
        ];
        let done = store
            .replace_boundaries("commune", &second, "b.geojson")
            .await
            .unwrap();
        assert_eq!(
            done,
            BoundariesImported {
                inserted: 1,
                updated: 1
            }
        );

        let all = store.boundaries("commune").await.unwrap();
        assert_eq!(all.len(), 451);
        assert!(all.windows(2).all(|w| w[0].code < w[1].code), "sorted by code");
        assert_eq!(all[0], second[0]);
        assert_eq!(all[1], first[1]);
        assert_eq!(
            store.boundary("commune", "35238").await.unwrap(),
            Some(second[1].clone())
        );
        assert_eq!(store.boundary("commune", "99999").await.unwrap(), None);
        assert_eq!(store.boundary("epci", "29000").await.unwrap(), None);

        let source: String = sqlx::query_scalar(
            "SELECT source_file FROM territories WHERE level = 'commune' AND code = '29000'",
        )
        .fetch_one(&store.pool)
        .await
        .unwrap();
        assert_eq!(source, "b.geojson");
    }

    #[tokio::test]
    async fn boundaries_are_stored_at_the_level_asked() {
        let (_dir, store) = temp_store().await;
        let b = square("commune", "29", "Finistère", 0.0);
        store
            .replace_boundaries("departement", std::slice::from_ref(&b), "d.geojson")
            .await
            .unwrap();
        assert!(store.boundaries("commune").await.unwrap().is_empty());
        let stored = store.boundary("departement", "29").await.unwrap().unwrap();
        assert_eq!(stored.level, "departement");
        assert_eq!(stored.geometry, b.geometry);
    }

    #[tokio::test]
    async fn duplicate_codes_keep_the_last() {
        let (_dir, store) = temp_store().await;
        let twice = [
            square("custom", "x", "First", 0.0),
            square("custom", "x", "Last", 1.0),
        ];
        let done = store
            .replace_boundaries("custom", &twice, "c.geojson")
            .await
            .unwrap();
        assert_eq!(
            done,
            BoundariesImported {
                inserted: 1,
                updated: 1
            }
        );
        assert_eq!(store.boundaries("custom").await.unwrap(), vec![twice[1].clone()]);
    }

    #[tokio::test]
    async fn levels_are_counted() {
        let (_dir, store) = temp_store().await;
        assert!(store.boundary_levels().await.unwrap().is_empty());
        let communes = [square("commune", "1", "A", 0.0), square("commune", "2", "B", 1.0)];
        store
            .replace_boundaries("commune", &communes, "c.geojson")
            .await
            .unwrap();
        store
            .replace_boundaries("region", &[square("region", "53", "Bretagne", 0.0)], "r.geojson")
            .await
            .unwrap();
        assert_eq!(
            store.boundary_levels().await.unwrap(),
            vec![("commune".to_owned(), 2), ("region".to_owned(), 1)]
        );
    }

    #[tokio::test]
    async fn custom_territories_are_searched_loosely() {
        let (_dir, store) = temp_store().await;
        let custom = [
            square("custom", "pays-brest", "Pays de Brest", 0.0),
            square("custom", "qpv-1", "Quartier Kérourien", 1.0),
            square("custom", "zone-3", "Île de Sein", 2.0),
        ];
        store
            .replace_boundaries("custom", &custom, "c.geojson")
            .await
            .unwrap();
        store
            .replace_boundaries(
                "commune",
                &[square("commune", "29019", "Brest", 0.0)],
                "b.geojson",
            )
            .await
            .unwrap();
        let names = |rows: Vec<(String, String)>| rows.into_iter().map(|(_, nom)| nom).collect::<Vec<_>>();
        assert_eq!(
            names(store.custom_territories(None).await.unwrap()),
            ["Pays de Brest", "Quartier Kérourien", "Île de Sein"]
        );
        assert_eq!(
            names(store.custom_territories(Some("  ")).await.unwrap()).len(),
            3,
            "a blank query lists everything"
        );
        assert_eq!(
            names(store.custom_territories(Some("BREST")).await.unwrap()),
            ["Pays de Brest"]
        );
        assert_eq!(
            names(store.custom_territories(Some("kerourien")).await.unwrap()),
            ["Quartier Kérourien"]
        );
        assert_eq!(
            names(store.custom_territories(Some("ile")).await.unwrap()),
            ["Île de Sein"]
        );
        assert_eq!(
            store.custom_territories(Some("qpv")).await.unwrap(),
            vec![("qpv-1".to_owned(), "Quartier Kérourien".to_owned())],
            "codes match too"
        );
        assert!(store.custom_territories(Some("rennes")).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_failed_import_writes_nothing() {
        let (_dir, store) = temp_store().await;
        let good = square("commune", "1", "A", 0.0);
        store
            .replace_boundaries("commune", std::slice::from_ref(&good), "a.geojson")
            .await
            .unwrap();
        // A trigger refuses the last batch: the replaced boundary and the batches written
        // before it must not stay behind.
        sqlx::query(
            "CREATE TRIGGER refuse BEFORE INSERT ON territories WHEN NEW.code = 'bad' \
             BEGIN SELECT RAISE(ABORT, 'refused'); END",
        )
        .execute(&store.pool)
        .await
        .unwrap();
        let mut batch: Vec<_> = (0..BATCH_ROWS + 5)
            .map(|i| square("commune", &format!("n{i:04}"), "N", 0.0))
            .collect();
        batch.push(square("commune", "bad", "Bad", 0.0));
        let renamed = square("commune", "1", "Renamed", 0.0);
        batch.insert(0, renamed);
        assert!(store
            .replace_boundaries("commune", &batch, "b.geojson")
            .await
            .is_err());
        assert_eq!(store.boundaries("commune").await.unwrap(), vec![good]);
    }

    /// Version of the migration that added these tables.
    const TERRITORIES_MIGRATION: i64 = 20261123000003;

    #[tokio::test]
    async fn the_migration_upgrades_a_database_of_the_previous_version() {
        use std::str::FromStr;

        use sqlx::migrate::Migrator;
        use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};

        // The migrations as they were before this one, applied to a new database.
        let dir = tempfile::tempdir().unwrap();
        let previous = dir.path().join("migrations");
        std::fs::create_dir(&previous).unwrap();
        let all = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations/sqlite");
        for entry in std::fs::read_dir(all).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let version: i64 = name.split('_').next().unwrap().parse().unwrap();
            if version < TERRITORIES_MIGRATION {
                std::fs::copy(&path, previous.join(&name)).unwrap();
            }
        }
        let path = dir.path().join("old.db");
        let options = SqliteConnectOptions::from_str("sqlite://")
            .unwrap()
            .filename(&path)
            .create_if_missing(true);
        let pool = SqlitePool::connect_with(options).await.unwrap();
        Migrator::new(previous.as_path())
            .await
            .unwrap()
            .run(&pool)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO imports (source_file, imported_at, imported, updated, unchanged, rejected, warnings) \
             VALUES ('old.csv', '2026-01-01T00:00:00.000Z', 1, 0, 0, 0, 0)",
        )
        .execute(&pool)
        .await
        .unwrap();
        let tables: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'territories'")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(tables, 0, "a database of the previous version");
        pool.close().await;

        // Opening it with this version migrates it and keeps its data.
        let store = Store::open(&path).await.unwrap();
        assert_eq!(store.last_import_id().await.unwrap(), 1);
        store
            .replace_boundaries("commune", &[square("commune", "1", "A", 0.0)], "a.geojson")
            .await
            .unwrap();
        store
            .import_population("grid", "g.csv", &[(48.0, -4.0, 1.0)])
            .await
            .unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        store
            .save_snapshot("commune", "1", 1000.0, "", day, "{}")
            .await
            .unwrap();
        assert_eq!(
            store.boundary_levels().await.unwrap(),
            vec![("commune".to_owned(), 1)]
        );
        store.close().await;
        // And opening it again changes nothing.
        let store = Store::open(&path).await.unwrap();
        assert_eq!(store.population_layers().await.unwrap().len(), 1);
    }
}

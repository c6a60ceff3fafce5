//! Coverage snapshots: coverage reports as they were on a day, to show how coverage evolves.

use chrono::NaiveDate;

use crate::{Store, StoreError};

/// A coverage report saved on a day (see [`Store::save_snapshot`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// Id of the snapshot.
    pub id: i64,
    /// The day it was saved for.
    pub saved_at: NaiveDate,
    /// The report, as the JSON text saved.
    pub report: String,
}

impl Store {
    /// Saves the coverage report `report_json` of the territory `code` at `level`, computed
    /// within `radius_m` metres for `services` (the `|`-joined sorted service labels, `""`
    /// for all), as it is on `saved_at`; returns its id. There is at most one snapshot per
    /// territory, radius, services and day: saving again on the same day replaces that
    /// day's report (and keeps its id). The JSON is stored as given, not checked.
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aiguillage_store::Store;
    /// use chrono::NaiveDate;
    /// let dir = tempfile::tempdir().unwrap();
    /// let store = Store::open(&dir.path().join("db.sqlite")).await.unwrap();
    /// let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    /// store.save_snapshot("departement", "29", 5000.0, "", day(2), r#"{"covered":0.81}"#).await.unwrap();
    /// store.save_snapshot("departement", "29", 5000.0, "", day(23), r#"{"covered":0.84}"#).await.unwrap();
    /// // A report computed on the 23rd compares with the previous snapshot, not its own.
    /// let previous = store.latest_snapshot("departement", "29", 5000.0, "", Some(day(23))).await.unwrap().unwrap();
    /// assert_eq!((previous.saved_at, previous.report.as_str()), (day(2), r#"{"covered":0.81}"#));
    /// # });
    /// ```
    pub async fn save_snapshot(
        &self,
        level: &str,
        code: &str,
        radius_m: f64,
        services: &str,
        saved_at: NaiveDate,
        report_json: &str,
    ) -> Result<i64, StoreError> {
        let mut tx = self.write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO coverage_snapshots (level, code, radius_m, services, saved_at, report) \
             VALUES (?, ?, ?, ?, ?, ?) \
             ON CONFLICT (level, code, radius_m, services, saved_at) DO UPDATE SET report = excluded.report \
             RETURNING id",
        )
        .bind(level)
        .bind(code)
        .bind(radius_m)
        .bind(services)
        .bind(iso(saved_at))
        .bind(report_json)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The most recent snapshot of the territory `code` at `level` for `radius_m` and
    /// `services` (the same values as given to [`Store::save_snapshot`]); with `before`,
    /// the most recent saved strictly before that day. A report computed today is compared
    /// with `before: Some(today)`, so with the previous snapshot rather than with the one it
    /// may itself have saved today; `None` then means there is nothing to compare with.
    pub async fn latest_snapshot(
        &self,
        level: &str,
        code: &str,
        radius_m: f64,
        services: &str,
        before: Option<NaiveDate>,
    ) -> Result<Option<Snapshot>, StoreError> {
        // `saved_at` is a `YYYY-MM-DD` text, so text order is date order.
        let row: Option<(i64, String, String)> = sqlx::query_as(
            "SELECT id, saved_at, report FROM coverage_snapshots \
             WHERE level = ?1 AND code = ?2 AND radius_m = ?3 AND services = ?4 \
             AND (?5 IS NULL OR saved_at < ?5) \
             ORDER BY saved_at DESC LIMIT 1",
        )
        .bind(level)
        .bind(code)
        .bind(radius_m)
        .bind(services)
        .bind(before.map(iso))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(id, saved_at, report)| {
            let saved_at = saved_at.parse().map_err(|e| StoreError::CorruptRow {
                table: "coverage_snapshots",
                key: id.to_string(),
                reason: format!("saved_at « {saved_at} »: {e}"),
            })?;
            Ok(Snapshot { id, saved_at, report })
        })
        .transpose()
    }
}

/// A date as stored: `YYYY-MM-DD`.
fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn temp_store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("test.db")).await.unwrap();
        (dir, store)
    }

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    #[tokio::test]
    async fn the_latest_snapshot_is_found_per_key() {
        let (_dir, store) = temp_store().await;
        let key = ("commune", "29019", 2000.0, "Aide aux démarches administratives");
        let save = |at: NaiveDate, report: &'static str| {
            let store = store.clone();
            async move {
                store
                    .save_snapshot(key.0, key.1, key.2, key.3, at, report)
                    .await
                    .unwrap()
            }
        };
        let latest = |before: Option<NaiveDate>| {
            let store = store.clone();
            async move {
                store
                    .latest_snapshot(key.0, key.1, key.2, key.3, before)
                    .await
                    .unwrap()
            }
        };
        assert_eq!(latest(None).await, None);
        // Saved out of order: dates decide, not insertion.
        let october = save(day(10, 5), "[10]").await;
        let december = save(day(12, 1), "[12]").await;
        save(day(9, 30), "[9]").await;
        // Other keys do not interfere.
        store
            .save_snapshot("commune", "29019", 5000.0, key.3, day(12, 31), "[r]")
            .await
            .unwrap();
        store
            .save_snapshot("commune", "29019", 2000.0, "", day(12, 31), "[s]")
            .await
            .unwrap();
        store
            .save_snapshot("epci", "29019", 2000.0, key.3, day(12, 31), "[l]")
            .await
            .unwrap();

        let found = latest(None).await.unwrap();
        assert_eq!(
            (found.id, found.saved_at, found.report.as_str()),
            (december, day(12, 1), "[12]")
        );
        let found = latest(Some(day(12, 1))).await.unwrap();
        assert_eq!(
            (found.id, found.saved_at),
            (october, day(10, 5)),
            "strictly before"
        );
        assert_eq!(latest(Some(day(12, 2))).await.unwrap().id, december);
        assert_eq!(latest(Some(day(9, 30))).await, None);
    }

    #[tokio::test]
    async fn saving_again_the_same_day_replaces() {
        let (_dir, store) = temp_store().await;
        let first = store
            .save_snapshot("region", "53", 1000.0, "", day(11, 23), "[1]")
            .await
            .unwrap();
        let again = store
            .save_snapshot("region", "53", 1000.0, "", day(11, 23), "[2]")
            .await
            .unwrap();
        assert_eq!(first, again);
        let found = store
            .latest_snapshot("region", "53", 1000.0, "", None)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found.report, "[2]");
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM coverage_snapshots")
            .fetch_one(&store.pool)
            .await
            .unwrap();
        assert_eq!(rows, 1);
    }

    #[tokio::test]
    async fn a_corrupt_date_is_an_error() {
        let (_dir, store) = temp_store().await;
        let id = store
            .save_snapshot("region", "53", 1000.0, "", day(11, 23), "[]")
            .await
            .unwrap();
        sqlx::query("UPDATE coverage_snapshots SET saved_at = '2026-13-01'")
            .execute(&store.pool)
            .await
            .unwrap();
        let err = store
            .latest_snapshot("region", "53", 1000.0, "", None)
            .await
            .unwrap_err();
        assert!(
            matches!(&err, StoreError::CorruptRow { table: "coverage_snapshots", key, .. } if *key == id.to_string()),
            "{err}"
        );
    }
}

//! Merging duplicate places, with the provenance of both kept in the `merges` table.

use aiguillage_model::{Field, Place};
use sqlx::{QueryBuilder, Row, Sqlite};

use crate::store::{log_import, now};
use crate::{Store, StoreError, UpsertCounts};

/// `source_file` of the `imports` row that a committed merge writes: readers that reload
/// when the latest import changes ([`Store::last_import_id`]) then see merges too.
pub const MERGE_LOG_SOURCE: &str = "dedupe";

/// A merge to apply (see [`Store::apply_merges`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Merge {
    /// The kept place with its merged values; a place of this id must be stored.
    pub kept: Place,
    /// Id of the stored place merged into it, which is removed.
    pub merged_id: String,
    /// How sure the pairing was, from 0 to 1.
    pub score: f64,
    /// Why they were paired: `same-pivot` or `nearby`.
    pub reason: String,
    /// For `nearby`, the distance between them in metres.
    pub distance_m: Option<f64>,
    /// For `nearby`, the similarity of their names.
    pub name_similarity: Option<f64>,
}

/// A merge done, as recorded in the `merges` table.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeRecord {
    /// The place removed.
    pub merged_id: String,
    /// The place that absorbed it.
    pub kept_id: String,
    /// The standard `source` of the kept place before the merge.
    pub kept_source: Option<String>,
    /// The standard `source` of the merged place.
    pub merged_source: Option<String>,
    /// The file that last wrote the kept place.
    pub kept_source_file: String,
    /// The file that last wrote the merged place.
    pub merged_source_file: String,
    /// How sure the pairing was.
    pub score: f64,
    /// `same-pivot` or `nearby`.
    pub reason: String,
    /// For `nearby`, the distance in metres.
    pub distance_m: Option<f64>,
    /// For `nearby`, the similarity of the names.
    pub name_similarity: Option<f64>,
    /// The merged place's 32 standard values as a JSON array (as [`Place::to_json`]).
    pub merged_record: String,
    /// When the merge was done (RFC 3339, UTC).
    pub merged_at: String,
}

impl Store {
    /// Applies `merges` in order, in one transaction: each kept place gets its merged values
    /// (its `source_file` stays, `updated_at` is now), each merged place is removed, and both
    /// provenances go to the `merges` table. From then on, an upsert of a merged id is
    /// skipped by the database (it is neither inserted nor reported as an error), so
    /// re-importing its source does not bring it back. A committed merge is logged in
    /// `imports` as [`MERGE_LOG_SOURCE`] so that servers reload. Returns the number of
    /// merges; if one fails (a place not stored, `RowNotFound`), nothing is written.
    pub async fn apply_merges(&self, merges: &[Merge]) -> Result<usize, StoreError> {
        if merges.is_empty() {
            return Ok(0);
        }
        let at = now();
        let mut tx = self.write().await?;
        for merge in merges {
            let kept = sqlx::query("SELECT source, source_file FROM places WHERE id = ?")
                .bind(&merge.kept.id)
                .fetch_one(&mut *tx)
                .await?;
            let merged = sqlx::query("SELECT source, source_file, record FROM places WHERE id = ?")
                .bind(&merge.merged_id)
                .fetch_one(&mut *tx)
                .await?;
            update_place(&mut tx, &merge.kept, &at).await?;
            sqlx::query("DELETE FROM places WHERE id = ?")
                .bind(&merge.merged_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO merges (merged_id, kept_id, kept_source, merged_source, \
                 kept_source_file, merged_source_file, score, reason, distance_m, \
                 name_similarity, merged_record, merged_at) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(&merge.merged_id)
            .bind(&merge.kept.id)
            .bind(kept.try_get::<Option<String>, _>(0)?)
            .bind(merged.try_get::<Option<String>, _>(0)?)
            .bind(kept.try_get::<String, _>(1)?)
            .bind(merged.try_get::<String, _>(1)?)
            .bind(merge.score)
            .bind(&merge.reason)
            .bind(merge.distance_m)
            .bind(merge.name_similarity)
            .bind(merged.try_get::<Option<String>, _>(2)?.unwrap_or_default())
            .bind(&at)
            .execute(&mut *tx)
            .await?;
        }
        let counts = UpsertCounts {
            updated: merges.len(),
            ..UpsertCounts::default()
        };
        log_import(&mut tx, MERGE_LOG_SOURCE, &at, counts, 0, 0).await?;
        tx.commit().await?;
        Ok(merges.len())
    }

    /// Every merge done, oldest first.
    pub async fn merges(&self) -> Result<Vec<MergeRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT merged_id, kept_id, kept_source, merged_source, kept_source_file, \
             merged_source_file, score, reason, distance_m, name_similarity, merged_record, \
             merged_at FROM merges ORDER BY merged_at, rowid",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(MergeRecord {
                    merged_id: row.try_get(0)?,
                    kept_id: row.try_get(1)?,
                    kept_source: row.try_get(2)?,
                    merged_source: row.try_get(3)?,
                    kept_source_file: row.try_get(4)?,
                    merged_source_file: row.try_get(5)?,
                    score: row.try_get(6)?,
                    reason: row.try_get(7)?,
                    distance_m: row.try_get(8)?,
                    name_similarity: row.try_get(9)?,
                    merged_record: row.try_get(10)?,
                    merged_at: row.try_get(11)?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }
}

/// Rewrites every standard value of the stored place `place.id`, with its record and hash.
async fn update_place(
    tx: &mut sqlx::Transaction<'_, Sqlite>,
    place: &Place,
    at: &str,
) -> Result<(), StoreError> {
    let mut query = QueryBuilder::<Sqlite>::new("UPDATE places SET ");
    let mut set = query.separated(", ");
    for field in Field::ALL.into_iter().filter(|f| *f != Field::Id) {
        set.push(format!("{} = ", field.name()));
        match field {
            Field::Latitude => set.push_bind_unseparated(place.latitude),
            Field::Longitude => set.push_bind_unseparated(place.longitude),
            _ => set.push_bind_unseparated(
                Some(place.standard_value(field).into_owned()).filter(|v| !v.is_empty()),
            ),
        };
    }
    set.push("record = ").push_bind_unseparated(record(place));
    set.push("content_hash = ")
        .push_bind_unseparated(place.content_hash());
    set.push("updated_at = ").push_bind_unseparated(at.to_owned());
    query.push(" WHERE id = ").push_bind(place.id.clone());
    query.build().execute(&mut **tx).await?;
    Ok(())
}

/// The `record` column: the standard values as a JSON array, as upserts write it.
fn record(place: &Place) -> String {
    serde_json::Value::Array(place.to_json().into_iter().map(|(_, v)| v).collect()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::WriteMode;
    use aiguillage_testkit::PlaceBuilder;

    fn place(id: &str, nom: &str, source: &str, telephone: Option<&str>) -> Place {
        PlaceBuilder::new(id)
            .nom(nom)
            .fields(&[
                (Field::Commune, "Angers"),
                (Field::CodePostal, "49000"),
                (Field::Adresse, "49 rue Toussaint"),
                (Field::Source, source),
                (Field::Telephone, telephone.unwrap_or_default()),
            ])
            .at(47.4717, -0.556)
            .build()
    }

    fn merge(kept: Place, merged_id: &str) -> Merge {
        Merge {
            kept,
            merged_id: merged_id.into(),
            score: 0.96,
            reason: "nearby".into(),
            distance_m: Some(20.0),
            name_similarity: Some(1.0),
        }
    }

    async fn store_with(places: &[(&Place, &str)]) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("test.db")).await.unwrap();
        for (place, file) in places {
            store
                .upsert(std::slice::from_ref(*place), file, WriteMode::Commit)
                .await
                .unwrap();
        }
        (dir, store)
    }

    #[tokio::test]
    async fn a_merge_updates_the_kept_place_removes_the_other_and_records_both() {
        let a = place("a", "Médiathèque X", "Hub", None);
        let b = place("b", "Mediatheque X", "Ville", Some("+33241000000"));
        let (_dir, store) = store_with(&[(&a, "hub.json"), (&b, "ville.json")]).await;
        let before = store.last_import_id().await.unwrap();
        let mut values = a.clone();
        values.telephone = b.telephone.clone();

        assert_eq!(
            store.apply_merges(&[merge(values.clone(), "b")]).await.unwrap(),
            1
        );

        let kept = store.get("a").await.unwrap().unwrap();
        assert_eq!(kept.place, values);
        assert_eq!(kept.provenance.content_hash, values.content_hash());
        assert_eq!(kept.provenance.source_file, "hub.json");
        assert!(store.get("b").await.unwrap().is_none());
        let page = store.records_page(None, 10).await.unwrap().unwrap();
        let expected = serde_json::Value::Array(vec![serde_json::Value::Array(
            values.to_json().into_iter().map(|(_, v)| v).collect(),
        )]);
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&page.json).unwrap(),
            expected
        );
        assert!(store.last_import_id().await.unwrap() > before);

        let records = store.merges().await.unwrap();
        assert_eq!(records.len(), 1);
        let r = &records[0];
        assert_eq!((r.kept_id.as_str(), r.merged_id.as_str()), ("a", "b"));
        assert_eq!(
            (r.kept_source.as_deref(), r.merged_source.as_deref()),
            (Some("Hub"), Some("Ville"))
        );
        assert_eq!(
            (r.kept_source_file.as_str(), r.merged_source_file.as_str()),
            ("hub.json", "ville.json")
        );
        assert_eq!(
            (r.score, r.reason.as_str(), r.distance_m, r.name_similarity),
            (0.96, "nearby", Some(20.0), Some(1.0))
        );
        assert!(r.merged_record.contains("+33241000000"), "{}", r.merged_record);
    }

    #[tokio::test]
    async fn a_merged_id_is_not_brought_back_by_an_upsert() {
        let a = place("a", "Médiathèque X", "Hub", None);
        let b = place("b", "Mediatheque X", "Ville", None);
        let (_dir, store) = store_with(&[(&a, "hub.json"), (&b, "ville.json")]).await;
        store.apply_merges(&[merge(a.clone(), "b")]).await.unwrap();

        let c = place("c", "Mairie", "Ville", None);
        let mut changed_b = b.clone();
        changed_b.nom = "Médiathèque X (nouveau nom)".into();
        store
            .upsert(&[changed_b, c], "ville.json", WriteMode::Commit)
            .await
            .unwrap();
        assert!(store.get("b").await.unwrap().is_none());
        assert!(store.get("c").await.unwrap().is_some());
        assert_eq!(store.count().await.unwrap(), 2);
    }

    #[tokio::test]
    async fn a_failing_merge_writes_nothing() {
        let a = place("a", "Médiathèque X", "Hub", None);
        let b = place("b", "Mediatheque X", "Ville", None);
        let (_dir, store) = store_with(&[(&a, "hub.json"), (&b, "ville.json")]).await;
        let error = store
            .apply_merges(&[merge(a.clone(), "b"), merge(a.clone(), "absent")])
            .await
            .unwrap_err();
        assert!(
            matches!(error, StoreError::Database(sqlx::Error::RowNotFound)),
            "{error}"
        );
        assert_eq!(store.count().await.unwrap(), 2);
        assert!(store.merges().await.unwrap().is_empty());
        assert_eq!(store.apply_merges(&[]).await.unwrap(), 0);
    }
}

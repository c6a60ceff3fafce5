//! Positions that were not in a place's source ([`ApproximatePosition`]), kept beside the
//! places.

use aiguillage_model::{ApproximatePosition, PositionMethod};
use sqlx::{QueryBuilder, Sqlite};

use crate::{Store, StoreError};

/// Rows per multi-row statement (4 bound values each).
const BATCH_ROWS: usize = 300;

/// Records approximate positions, within an import's transaction.
pub(crate) async fn mark(
    tx: &mut sqlx::Transaction<'_, Sqlite>,
    positions: &[&ApproximatePosition],
    at: &str,
) -> Result<(), StoreError> {
    for rows in positions.chunks(BATCH_ROWS) {
        let mut query = QueryBuilder::new(
            "INSERT OR REPLACE INTO approximate_positions (place_id, method, detail, located_at) ",
        );
        query.push_values(rows, |mut row, position| {
            row.push_bind(&position.place_id)
                .push_bind(position.method.as_str())
                .push_bind(&position.detail)
                .push_bind(at);
        });
        query.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// Forgets the approximate positions of places just written: their new content says where
/// they are, and [`mark`] flags again those this import approximated.
pub(crate) async fn forget<'a>(
    tx: &mut sqlx::Transaction<'_, Sqlite>,
    ids: impl IntoIterator<Item = &'a str>,
) -> Result<(), StoreError> {
    let mut query = QueryBuilder::new("DELETE FROM approximate_positions WHERE place_id IN (");
    let mut list = query.separated(", ");
    let mut any = false;
    for id in ids {
        list.push_bind(id);
        any = true;
    }
    if any {
        query.push(")");
        query.build().execute(&mut **tx).await?;
    }
    Ok(())
}

impl Store {
    /// The place's approximate position, if its position is one.
    pub async fn approximate_position(
        &self,
        place_id: &str,
    ) -> Result<Option<ApproximatePosition>, StoreError> {
        let row: Option<(String, String, String)> =
            sqlx::query_as("SELECT place_id, method, detail FROM approximate_positions WHERE place_id = ?")
                .bind(place_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.and_then(|(place_id, method, detail)| {
            Some(ApproximatePosition {
                place_id,
                method: PositionMethod::parse(&method)?,
                detail,
            })
        }))
    }

    /// Every approximate position, by place id.
    pub async fn approximate_positions(&self) -> Result<Vec<ApproximatePosition>, StoreError> {
        let rows: Vec<(String, String, String)> =
            sqlx::query_as("SELECT place_id, method, detail FROM approximate_positions ORDER BY place_id")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(place_id, method, detail)| {
                Some(ApproximatePosition {
                    place_id,
                    method: PositionMethod::parse(&method)?,
                    detail,
                })
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use aiguillage_model::{Field, Place};
    use aiguillage_testkit::PlaceBuilder;

    use super::*;
    use crate::WriteMode;

    fn place(id: &str, latitude: f64) -> Place {
        PlaceBuilder::new(id)
            .field(Field::Pivot, "21290019700015")
            .at(latitude, -4.48)
            .field(Field::Services, "Aide aux démarches administratives")
            .build()
    }

    fn mark(id: &str, method: PositionMethod) -> ApproximatePosition {
        ApproximatePosition {
            place_id: id.to_owned(),
            method,
            detail: "Brest".to_owned(),
        }
    }

    #[tokio::test]
    async fn positions_are_recorded_with_the_import_then_forgotten_when_a_place_changes() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.db")).await.unwrap();
        let mut upsert = store.begin_upsert("a.csv").await.unwrap();
        upsert.add(&[place("a", 48.39), place("b", 48.40)]).await.unwrap();
        upsert
            .mark_approximate(&[
                mark("a", PositionMethod::CommuneCentre),
                mark("b", PositionMethod::Geocoder),
            ])
            .await
            .unwrap();
        upsert.finish(WriteMode::Commit, 0, 0).await.unwrap();
        assert_eq!(store.approximate_positions().await.unwrap().len(), 2);
        assert_eq!(
            store.approximate_position("b").await.unwrap(),
            Some(mark("b", PositionMethod::Geocoder))
        );

        // "a" now comes with its own coordinates; "b" is listed again unchanged.
        let mut upsert = store.begin_upsert("b.csv").await.unwrap();
        upsert
            .add(&[place("a", 48.391), place("b", 48.40)])
            .await
            .unwrap();
        upsert.finish(WriteMode::Commit, 0, 0).await.unwrap();
        assert_eq!(
            store.approximate_positions().await.unwrap(),
            [mark("b", PositionMethod::Geocoder)]
        );
    }

    #[tokio::test]
    async fn a_dry_run_records_no_position() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.db")).await.unwrap();
        let mut upsert = store.begin_upsert("a.csv").await.unwrap();
        upsert.add(&[place("a", 48.39)]).await.unwrap();
        upsert
            .mark_approximate(&[mark("a", PositionMethod::CommuneCentre)])
            .await
            .unwrap();
        upsert.finish(WriteMode::DryRun, 0, 0).await.unwrap();
        assert!(store.approximate_positions().await.unwrap().is_empty());
    }
}

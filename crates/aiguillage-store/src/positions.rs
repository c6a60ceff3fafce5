//! Positions that were not in a place's source: geocoded, or its commune's centre.

use sqlx::QueryBuilder;

use crate::store::now;
use crate::{Store, StoreError};

/// How a position not given by the source was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PositionMethod {
    /// A BAN-compatible geocoder found the address.
    Geocoder,
    /// The centre of the place's commune (its imported boundary).
    CommuneCentre,
}

impl PositionMethod {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            PositionMethod::Geocoder => "geocoder",
            PositionMethod::CommuneCentre => "commune_centre",
        }
    }

    fn parse(text: &str) -> Option<PositionMethod> {
        match text {
            "geocoder" => Some(PositionMethod::Geocoder),
            "commune_centre" => Some(PositionMethod::CommuneCentre),
            _ => None,
        }
    }
}

/// A place's approximate position: how and from what it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApproximatePosition {
    /// The place.
    pub place_id: String,
    /// How.
    pub method: PositionMethod,
    /// From what, for people: the geocoder's label or the commune's name.
    pub detail: String,
}

/// Rows per multi-row statement (3 bound values each).
const BATCH_ROWS: usize = 300;

impl Store {
    /// Records the approximate positions of an import and forgets those of `located` places
    /// (their source now gives coordinates), in one transaction.
    pub async fn record_positions(
        &self,
        approximate: &[ApproximatePosition],
        located: &[String],
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        for ids in located.chunks(BATCH_ROWS) {
            let mut query = QueryBuilder::new("DELETE FROM approximate_positions WHERE place_id IN (");
            let mut list = query.separated(", ");
            for id in ids {
                list.push_bind(id);
            }
            query.push(")");
            query.build().execute(&mut *tx).await?;
        }
        let at = now();
        for rows in approximate.chunks(BATCH_ROWS) {
            let mut query = QueryBuilder::new(
                "INSERT OR REPLACE INTO approximate_positions (place_id, method, detail, located_at) ",
            );
            query.push_values(rows, |mut row, position| {
                row.push_bind(&position.place_id)
                    .push_bind(position.method.as_str())
                    .push_bind(&position.detail)
                    .push_bind(&at);
            });
            query.build().execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

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
    use super::*;

    #[tokio::test]
    async fn positions_are_recorded_then_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.db")).await.unwrap();
        let mark = |id: &str, method| ApproximatePosition {
            place_id: id.to_owned(),
            method,
            detail: "Brest".to_owned(),
        };
        store
            .record_positions(
                &[
                    mark("a", PositionMethod::CommuneCentre),
                    mark("b", PositionMethod::Geocoder),
                ],
                &[],
            )
            .await
            .unwrap();
        assert_eq!(store.approximate_positions().await.unwrap().len(), 2);
        assert_eq!(
            store.approximate_position("b").await.unwrap(),
            Some(mark("b", PositionMethod::Geocoder))
        );
        store.record_positions(&[], &["a".to_owned()]).await.unwrap();
        assert_eq!(
            store.approximate_positions().await.unwrap(),
            [mark("b", PositionMethod::Geocoder)]
        );
    }
}

//! Writes of one place by a person (edits, closures), each with its history entry, in one
//! transaction that refuses a change based on an older revision.

use aiguillage_model::{Field, Place};
use sqlx::{QueryBuilder, Sqlite};

use crate::history::{self, Change};
use crate::store::{now, record};
use crate::{positions, Closure, Store, StoreError};

/// What a write of one place did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOutcome {
    /// Written: the place's new revision.
    Written {
        /// The new revision.
        revision: i64,
    },
    /// The place already had exactly these values: nothing was written.
    Unchanged {
        /// Its revision.
        revision: i64,
    },
    /// The place changed since the revision the write was based on: nothing was written.
    Stale {
        /// Its current revision.
        current: i64,
    },
    /// No place has this id.
    Missing,
    /// A new place's id is taken (by a place, or by one merged away by `dedupe`).
    Taken,
}

impl Store {
    /// Stores a new place, with its first history entry.
    pub async fn create_place(&self, place: &Place, change: &Change<'_>) -> Result<WriteOutcome, StoreError> {
        let at = now();
        let mut tx = self.write().await?;
        let columns: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
        let mut query = QueryBuilder::<Sqlite>::new(format!(
            "INSERT INTO places ({}, source_file, imported_at, created_at, updated_at, content_hash, record) VALUES (",
            columns.join(", ")
        ));
        let mut values = query.separated(", ");
        push_values(&mut values, place);
        values
            .push_bind(change.author)
            .push_bind(&at)
            .push_bind(&at)
            .push_bind(&at)
            .push_bind(place.content_hash())
            .push_bind(record(place));
        // A merged id is dropped by the `places_skip_merged` trigger: no row, as for a taken id.
        query.push(") ON CONFLICT (id) DO NOTHING");
        if query.build().execute(&mut *tx).await?.rows_affected() == 0 {
            return Ok(WriteOutcome::Taken);
        }
        history::record(&mut tx, &place.id, &at, change).await?;
        tx.commit().await?;
        Ok(WriteOutcome::Written { revision: 1 })
    }

    /// Replaces the values of the place `place.id`, if it is still at revision `expected`.
    pub async fn update_place(
        &self,
        place: &Place,
        expected: i64,
        change: &Change<'_>,
    ) -> Result<WriteOutcome, StoreError> {
        let at = now();
        let hash = place.content_hash();
        // IMMEDIATE: the transaction reads then writes, and must hold the write lock from its
        // start so that no other writer slips in between.
        let mut tx = self.write().await?;
        let Some((revision, stored_hash, latitude, longitude)) = current(&mut tx, &place.id).await? else {
            return Ok(WriteOutcome::Missing);
        };
        if revision != expected {
            return Ok(WriteOutcome::Stale { current: revision });
        }
        if stored_hash == hash {
            return Ok(WriteOutcome::Unchanged { revision });
        }
        let mut query = QueryBuilder::<Sqlite>::new("UPDATE places SET ");
        let mut assignments = query.separated(", ");
        for field in Field::ALL {
            assignments.push(format!("{} = ", field.name()));
            push_value(&mut assignments, place, field);
        }
        assignments.push("updated_at = ").push_bind_unseparated(&at);
        assignments.push("content_hash = ").push_bind_unseparated(&hash);
        assignments.push("record = ").push_bind_unseparated(record(place));
        assignments.push("revision = revision + 1");
        query.push(" WHERE id = ").push_bind(&place.id);
        query.build().execute(&mut *tx).await?;
        // A position typed by a person is not the approximate one an import found.
        if (latitude, longitude) != (place.latitude, place.longitude) {
            positions::forget(&mut tx, [place.id.as_str()]).await?;
        }
        history::record(&mut tx, &place.id, &at, change).await?;
        tx.commit().await?;
        Ok(WriteOutcome::Written {
            revision: revision + 1,
        })
    }

    /// Closes the place (`Some`) or reopens it (`None`), if it is still at revision
    /// `expected` (any revision when `None`).
    pub async fn set_closure(
        &self,
        id: &str,
        closure: Option<&Closure>,
        expected: Option<i64>,
        change: &Change<'_>,
    ) -> Result<WriteOutcome, StoreError> {
        let at = now();
        let mut tx = self.write().await?;
        let Some((revision, ..)) = current(&mut tx, id).await? else {
            return Ok(WriteOutcome::Missing);
        };
        if expected.is_some_and(|e| e != revision) {
            return Ok(WriteOutcome::Stale { current: revision });
        }
        let closed: Option<String> = sqlx::query_scalar("SELECT closed_on FROM places WHERE id = ?")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        if closed.is_none() && closure.is_none() {
            return Ok(WriteOutcome::Unchanged { revision });
        }
        sqlx::query(
            "UPDATE places SET closed_on = ?, closed_reason = ?, updated_at = ?, revision = revision + 1 WHERE id = ?",
        )
        .bind(closure.map(|c| c.on.as_str()))
        .bind(closure.map(|c| c.reason.as_str()))
        .bind(&at)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        history::record(&mut tx, id, &at, change).await?;
        tx.commit().await?;
        Ok(WriteOutcome::Written {
            revision: revision + 1,
        })
    }
}

/// The place's revision, content hash and position, if it exists.
async fn current(
    tx: &mut sqlx::Transaction<'_, Sqlite>,
    id: &str,
) -> Result<Option<(i64, String, Option<f64>, Option<f64>)>, StoreError> {
    Ok(
        sqlx::query_as("SELECT revision, content_hash, latitude, longitude FROM places WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?,
    )
}

/// A standard value as its `places` column holds it.
enum Column {
    Number(Option<f64>),
    Text(Option<String>),
}

fn column(place: &Place, field: Field) -> Column {
    match field {
        Field::Latitude => Column::Number(place.latitude),
        Field::Longitude => Column::Number(place.longitude),
        _ => Column::Text(Some(place.standard_value(field).into_owned()).filter(|v| !v.is_empty())),
    }
}

/// Binds the place's 32 standard values, separated.
fn push_values(values: &mut sqlx::query_builder::Separated<'_, '_, Sqlite, &str>, place: &Place) {
    for field in Field::ALL {
        match column(place, field) {
            Column::Number(n) => values.push_bind(n),
            Column::Text(t) => values.push_bind(t),
        };
    }
}

/// Binds one standard value right after the text pushed before it (`name = `).
fn push_value(
    values: &mut sqlx::query_builder::Separated<'_, '_, Sqlite, &str>,
    place: &Place,
    field: Field,
) {
    match column(place, field) {
        Column::Number(n) => values.push_bind_unseparated(n),
        Column::Text(t) => values.push_bind_unseparated(t),
    };
}

//! Temporary closures and exceptional hours of places, kept beside them: they override the
//! hours on their days and expire by themselves, without changing the standard values.

use aiguillage_model::HoursException;
use chrono::NaiveDate;

use crate::history::{self, Change};
use crate::store::now;
use crate::{Store, StoreError};

/// A temporary closure (no `horaires`) or exceptional hours, from `du` to `au` included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredException {
    /// Its number.
    pub id: i64,
    /// The place.
    pub place_id: String,
    /// First day (ISO 8601 date).
    pub du: String,
    /// Last day (ISO 8601 date), included.
    pub au: String,
    /// The hours on those days (OSM `opening_hours`); `None` when closed.
    pub horaires: Option<String>,
    /// Why (« congés », « travaux »…).
    pub motif: String,
    /// Who added it.
    pub created_by: String,
    /// When (RFC 3339, UTC).
    pub created_at: String,
}

/// A new exception (see [`StoredException`]).
#[derive(Debug, Clone, Copy)]
pub struct NewException<'a> {
    /// First day (ISO 8601 date).
    pub du: &'a str,
    /// Last day (ISO 8601 date), included.
    pub au: &'a str,
    /// The hours on those days; `None` when closed.
    pub horaires: Option<&'a str>,
    /// Why.
    pub motif: &'a str,
}

impl StoredException {
    /// The exception as the model evaluates it; `None` if the row no longer reads (edited by
    /// hand), which then simply does not apply.
    pub fn hours_exception(&self) -> Option<HoursException> {
        // Stored exceptions were checked when added; an old one is not an error here.
        HoursException::read(
            &self.du,
            &self.au,
            self.horaires.as_deref(),
            &self.motif,
            NaiveDate::MIN,
        )
        .ok()
    }
}

const COLUMNS: &str = "id, place_id, du, au, horaires, motif, created_by, created_at";

type ExceptionRow = (
    i64,
    String,
    String,
    String,
    Option<String>,
    String,
    String,
    String,
);

fn exception(row: ExceptionRow) -> StoredException {
    let (id, place_id, du, au, horaires, motif, created_by, created_at) = row;
    StoredException {
        id,
        place_id,
        du,
        au,
        horaires,
        motif,
        created_by,
        created_at,
    }
}

impl Store {
    /// Adds an exception to the place `place_id` (which must exist), with a history entry;
    /// `None` when there is no such place.
    pub async fn add_exception(
        &self,
        place_id: &str,
        new: &NewException<'_>,
        change: &Change<'_>,
    ) -> Result<Option<StoredException>, StoreError> {
        let at = now();
        let mut tx = self.write().await?;
        let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM places WHERE id = ?")
            .bind(place_id)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_none() {
            return Ok(None);
        }
        let row: ExceptionRow = sqlx::query_as(&format!(
            "INSERT INTO hours_exceptions (place_id, du, au, horaires, motif, created_by, created_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING {COLUMNS}"
        ))
        .bind(place_id)
        .bind(new.du)
        .bind(new.au)
        .bind(new.horaires)
        .bind(new.motif)
        .bind(change.author)
        .bind(&at)
        .fetch_one(&mut *tx)
        .await?;
        history::record(&mut tx, place_id, &at, change).await?;
        tx.commit().await?;
        Ok(Some(exception(row)))
    }

    /// The place's exceptions ending on or after `from` (an ISO date), by first day.
    pub async fn exceptions(&self, place_id: &str, from: &str) -> Result<Vec<StoredException>, StoreError> {
        let rows: Vec<ExceptionRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM hours_exceptions WHERE place_id = ? AND au >= ? ORDER BY du, id"
        ))
        .bind(place_id)
        .bind(from)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(exception).collect())
    }

    /// Every place's exceptions ending on or after `from`, by place then first day.
    pub async fn all_exceptions(&self, from: &str) -> Result<Vec<StoredException>, StoreError> {
        let rows: Vec<ExceptionRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM hours_exceptions WHERE au >= ? ORDER BY place_id, du, id"
        ))
        .bind(from)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(exception).collect())
    }

    /// Deletes the exception `id` of the place, with a history entry; `false` when the
    /// place has no such exception.
    pub async fn delete_exception(
        &self,
        place_id: &str,
        id: i64,
        change: &Change<'_>,
    ) -> Result<bool, StoreError> {
        let at = now();
        let mut tx = self.write().await?;
        let deleted = sqlx::query("DELETE FROM hours_exceptions WHERE place_id = ? AND id = ?")
            .bind(place_id)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if deleted == 0 {
            return Ok(false);
        }
        history::record(&mut tx, place_id, &at, change).await?;
        tx.commit().await?;
        Ok(true)
    }
}

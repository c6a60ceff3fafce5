//! Public suggestions: proposed values for a place (or a new place), kept until a
//! coordinator accepts or rejects them.

use crate::store::now;
use crate::{Store, StoreError};

/// Where a suggestion stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuggestionStatus {
    /// Waiting for a moderator.
    Pending,
    /// Applied through the edit path.
    Accepted,
    /// Refused, with a motif.
    Rejected,
}

impl SuggestionStatus {
    /// The stored (and API) name.
    pub fn as_str(self) -> &'static str {
        match self {
            SuggestionStatus::Pending => "pending",
            SuggestionStatus::Accepted => "accepted",
            SuggestionStatus::Rejected => "rejected",
        }
    }

    fn parse(name: &str) -> Option<SuggestionStatus> {
        [Self::Pending, Self::Accepted, Self::Rejected]
            .into_iter()
            .find(|s| s.as_str() == name)
    }
}

/// A suggestion as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// Its number.
    pub id: i64,
    /// The place it is about; `None` for a new place.
    pub place_id: Option<String>,
    /// The proposed values: the text of a JSON object of standard fields.
    pub changes: String,
    /// What the person wrote.
    pub commentaire: String,
    /// Where to answer them, if they said.
    pub courriel: Option<String>,
    /// When (RFC 3339, UTC).
    pub created_at: String,
    /// Where it stands.
    pub status: SuggestionStatus,
    /// When and by whom it was decided.
    pub decided_at: Option<String>,
    /// The moderator.
    pub decided_by: Option<String>,
    /// Why it was rejected.
    pub motif: Option<String>,
}

const COLUMNS: &str =
    "id, place_id, changes, commentaire, courriel, created_at, status, decided_at, decided_by, motif";

type SuggestionRow = (
    i64,
    Option<String>,
    String,
    String,
    Option<String>,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn suggestion(row: SuggestionRow) -> Result<Suggestion, StoreError> {
    let (id, place_id, changes, commentaire, courriel, created_at, status, decided_at, decided_by, motif) =
        row;
    let status = SuggestionStatus::parse(&status).ok_or_else(|| StoreError::CorruptRow {
        table: "suggestions",
        key: id.to_string(),
        reason: format!("unknown status « {status} »"),
    })?;
    Ok(Suggestion {
        id,
        place_id,
        changes,
        commentaire,
        courriel,
        created_at,
        status,
        decided_at,
        decided_by,
        motif,
    })
}

impl Store {
    /// Records a pending suggestion and returns its number.
    pub async fn add_suggestion(
        &self,
        place_id: Option<&str>,
        changes: &str,
        commentaire: &str,
        courriel: Option<&str>,
    ) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "INSERT INTO suggestions (place_id, changes, commentaire, courriel, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(place_id)
        .bind(changes)
        .bind(commentaire)
        .bind(courriel)
        .bind(now())
        .fetch_one(&self.pool)
        .await?)
    }

    /// The suggestion `id`, if any.
    pub async fn suggestion(&self, id: i64) -> Result<Option<Suggestion>, StoreError> {
        let row: Option<SuggestionRow> =
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM suggestions WHERE id = ?"))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        row.map(suggestion).transpose()
    }

    /// Every suggestion with this status, oldest first.
    pub async fn suggestions(&self, status: SuggestionStatus) -> Result<Vec<Suggestion>, StoreError> {
        let rows: Vec<SuggestionRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM suggestions WHERE status = ? ORDER BY id"
        ))
        .bind(status.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(suggestion).collect()
    }

    /// Marks a pending suggestion accepted or rejected; `false` when it is not pending
    /// (already decided, or unknown).
    pub async fn decide_suggestion(
        &self,
        id: i64,
        status: SuggestionStatus,
        by: &str,
        motif: Option<&str>,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE suggestions SET status = ?, decided_at = ?, decided_by = ?, motif = ? WHERE id = ? AND status = 'pending'",
        )
        .bind(status.as_str())
        .bind(now())
        .bind(by)
        .bind(motif)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}

//! The append-only history of places: one entry per change, holding the place as it was
//! after the change, so that any version can be shown, compared or restored.

use aiguillage_model::Place;
use sqlx::{QueryBuilder, Sqlite};

use crate::rows::{reader, record_place};
use crate::{Closure, Store, StoreError};

/// What made a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeSource {
    /// A file import.
    Import,
    /// An edit by a signed-in user (or an API token), reopening included.
    Edit,
    /// A public suggestion accepted by a moderator.
    Suggestion,
    /// A return to an earlier version.
    Revert,
    /// A closure.
    Close,
    /// « Ces informations sont toujours exactes »: a new `date_maj`.
    Confirm,
    /// A temporary closure or exceptional hours added or deleted.
    Exception,
}

impl ChangeSource {
    /// Every source.
    pub const ALL: [ChangeSource; 7] = [
        ChangeSource::Import,
        ChangeSource::Edit,
        ChangeSource::Suggestion,
        ChangeSource::Revert,
        ChangeSource::Close,
        ChangeSource::Confirm,
        ChangeSource::Exception,
    ];

    /// The stored (and API) name.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeSource::Import => "import",
            ChangeSource::Edit => "edit",
            ChangeSource::Suggestion => "suggestion",
            ChangeSource::Revert => "revert",
            ChangeSource::Close => "close",
            ChangeSource::Confirm => "confirm",
            ChangeSource::Exception => "exception",
        }
    }

    /// The source named `name`.
    pub fn parse(name: &str) -> Option<ChangeSource> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// Who makes a change and why, written with it in the history.
#[derive(Debug, Clone, Copy)]
pub struct Change<'a> {
    /// The user's e-mail (or what stands for the author, e.g. `suggestion:12 par x@y.fr`).
    pub author: &'a str,
    /// What made it.
    pub source: ChangeSource,
    /// Why, when said.
    pub motif: Option<&'a str>,
}

/// One entry of a place's history.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    /// Increasing over the whole history: orders entries.
    pub id: i64,
    /// The place.
    pub place_id: String,
    /// The place's revision after the change.
    pub revision: i64,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Who: an e-mail, or `import:FILE` for an import.
    pub author: String,
    /// What made the change.
    pub source: ChangeSource,
    /// Why, when said.
    pub motif: Option<String>,
    /// The place's closure after the change.
    pub closure: Option<Closure>,
    record: String,
}

impl HistoryEntry {
    /// The place as it was after this change.
    pub fn place(&self) -> Result<Place, StoreError> {
        record_place(&self.record, &reader()).map_err(|e| match e {
            StoreError::Corrupt { reason, .. } => StoreError::Corrupt {
                id: format!("{} (history {})", self.place_id, self.id),
                reason,
            },
            other => other,
        })
    }
}

/// Rows of `place_history`, in this order.
const COLUMNS: &str = "id, place_id, revision, at, author, source, motif, closed_on, closed_reason, record";

type HistoryRow = (
    i64,
    String,
    i64,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

fn entry(row: HistoryRow) -> Result<HistoryEntry, StoreError> {
    let (id, place_id, revision, at, author, source, motif, closed_on, closed_reason, record) = row;
    let source = ChangeSource::parse(&source).ok_or_else(|| StoreError::CorruptRow {
        table: "place_history",
        key: id.to_string(),
        reason: format!("unknown source « {source} »"),
    })?;
    Ok(HistoryEntry {
        id,
        place_id,
        revision,
        at,
        author,
        source,
        motif,
        closure: closed_on.map(|on| Closure {
            on,
            reason: closed_reason.unwrap_or_default(),
        }),
        record,
    })
}

/// Appends an import's entries for the places `ids` just written, as they now are.
pub(crate) async fn record_import<'a>(
    tx: &mut sqlx::Transaction<'_, Sqlite>,
    ids: impl IntoIterator<Item = &'a str>,
    source_file: &str,
    at: &str,
) -> Result<(), StoreError> {
    let author = format!("import:{source_file}");
    let mut query = QueryBuilder::<Sqlite>::new(
        "INSERT INTO place_history (place_id, revision, at, author, source, record, closed_on, closed_reason) \
         SELECT id, revision, ",
    );
    query
        .push_bind(at)
        .push(", ")
        .push_bind(author)
        .push(", 'import', record, closed_on, closed_reason FROM places WHERE id IN (");
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

/// Appends the entry of `change` to the place `id`, as the place now is.
pub(crate) async fn record(
    tx: &mut sqlx::Transaction<'_, Sqlite>,
    id: &str,
    at: &str,
    change: &Change<'_>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO place_history (place_id, revision, at, author, source, motif, record, closed_on, closed_reason) \
         SELECT id, revision, ?, ?, ?, ?, record, closed_on, closed_reason FROM places WHERE id = ?",
    )
    .bind(at)
    .bind(change.author)
    .bind(change.source.as_str())
    .bind(change.motif)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    /// Every entry of the place's history, oldest first.
    pub async fn history(&self, place_id: &str) -> Result<Vec<HistoryEntry>, StoreError> {
        let rows: Vec<HistoryRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM place_history WHERE place_id = ? ORDER BY id"
        ))
        .bind(place_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(entry).collect()
    }

    /// The latest entry of the place's history, if it has one.
    pub async fn last_change(&self, place_id: &str) -> Result<Option<HistoryEntry>, StoreError> {
        let row: Option<HistoryRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM place_history WHERE place_id = ? ORDER BY id DESC LIMIT 1"
        ))
        .bind(place_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(entry).transpose()
    }

    /// The entry of the history with this id, if it is one of the place's.
    pub async fn history_entry(&self, place_id: &str, id: i64) -> Result<Option<HistoryEntry>, StoreError> {
        let row: Option<HistoryRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM place_history WHERE place_id = ? AND id = ?"
        ))
        .bind(place_id)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(entry).transpose()
    }

    /// The entry of the place's history just before the entry `id`: what an entry changed is
    /// the difference with it.
    pub async fn entry_before(&self, place_id: &str, id: i64) -> Result<Option<HistoryEntry>, StoreError> {
        let row: Option<HistoryRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM place_history WHERE place_id = ? AND id < ? ORDER BY id DESC LIMIT 1"
        ))
        .bind(place_id)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(entry).transpose()
    }

    /// Up to `limit` entries of every place's history, newest first, older than the entry
    /// `before` when given: pages for feeds.
    pub async fn recent_history(
        &self,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<HistoryEntry>, StoreError> {
        let rows: Vec<HistoryRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM place_history WHERE id < ? ORDER BY id DESC LIMIT ?"
        ))
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(entry).collect()
    }
}

//! The SQLite store.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use aiguillage_model::{ApproximatePosition, Field, Place};
use chrono::{SecondsFormat, Utc};
use rayon::prelude::*;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, Connection, QueryBuilder, Row, Sqlite, SqlitePool};

use crate::rows::{reader, record_place, select_list, stored_place, PROVENANCE_COLUMNS};
use crate::StoreError;
use crate::{history, positions};

/// Rows per multi-row `INSERT`: 38 bound values each stays under SQLite's 32,766 limit.
const BATCH_ROWS: usize = 500;

/// How long a writer waits for another to finish (another import, a server's edit) before
/// giving up with « database is locked »: longer than a large import takes.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// Rows re-encoded per transaction when records are backfilled (see [`Store::open`]).
const BACKFILL_ROWS: i64 = 5_000;

/// A place as stored, with its provenance.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredPlace {
    /// The place.
    pub place: Place,
    /// Where and when it came from.
    pub provenance: PlaceProvenance,
    /// Incremented by every change (import, edit, closure…): the API's `ETag`.
    pub revision: i64,
    /// When and why it closed, if it did.
    pub closure: Option<Closure>,
}

/// A place's closure: it stays stored, but is no longer served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closure {
    /// The day it closed (ISO 8601 date).
    pub on: String,
    /// Why (may be empty).
    pub reason: String,
}

/// Where a stored place came from. Times are RFC 3339, UTC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceProvenance {
    /// The file (or `demo`) whose import last changed the place.
    pub source_file: String,
    /// When that import ran.
    pub imported_at: String,
    /// When the place was first stored.
    pub created_at: String,
    /// When its content last changed.
    pub updated_at: String,
    /// SHA-256 of its canonical values ([`Place::content_hash`]).
    pub content_hash: String,
}

/// Whether [`Store::upsert`] keeps what it wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteMode {
    /// Commit the transaction.
    Commit,
    /// Compute the counts, then roll back: nothing is written.
    DryRun,
}

/// What an upsert did (or, in a dry run, would do).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpsertCounts {
    /// New ids.
    pub imported: usize,
    /// Known ids whose content changed.
    pub updated: usize,
    /// Known ids with identical content: not touched.
    pub unchanged: usize,
}

/// A page of places as JSON arrays of their standard values (see [`Store::records_page`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordPage {
    /// The text of a JSON array of places (in no particular order), each a JSON array of its
    /// 32 standard values in schema order, as [`Place::to_json`] writes them.
    pub json: String,
    /// The id of the last place of the page: the next page starts after it.
    pub last_id: String,
}

/// Handle on the database. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) pool: SqlitePool,
}

/// Times a migration is tried again after failing: two processes opening a new database at
/// once both start migrating it, and the one that loses (« table places already exists »)
/// finds the migrations applied when it tries again.
const MIGRATION_ATTEMPTS: u32 = 5;

/// Applies the pending migrations.
async fn migrate(pool: &SqlitePool) -> Result<(), StoreError> {
    let mut attempt = 1;
    loop {
        match MIGRATOR.run(pool).await.map_err(StoreError::from) {
            Ok(()) => return Ok(()),
            // Trying again would not make the file writable.
            Err(StoreError::ReadOnly) => return Err(StoreError::ReadOnly),
            Err(e) if attempt < MIGRATION_ATTEMPTS => {
                tracing::debug!("migration attempt {attempt} failed ({e}); trying again");
                tokio::time::sleep(Duration::from_millis(200 * u64::from(attempt))).await;
                attempt += 1;
            }
            Err(e) => return Err(e),
        }
    }
}

/// The migrations of `migrations/sqlite/`, embedded at compile time.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/sqlite");

/// Whether the database at `path` has a write-ahead log with transactions in it (a `-wal`
/// file that is not empty).
fn has_write_ahead_log(path: &Path) -> bool {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(wal).is_ok_and(|m| m.len() > 0)
}

/// The current time, RFC 3339 UTC with milliseconds: the format of every `*_at` column.
pub(crate) fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

impl Store {
    /// Opens (creating it if needed) the SQLite database at `path` in WAL mode and applies
    /// pending migrations.
    pub async fn open(path: &Path) -> Result<Store, StoreError> {
        let options = SqliteConnectOptions::from_str("sqlite://")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // WAL + NORMAL is durable against process crashes (the kill test) and only risks
            // the last transactions on power loss, never corruption.
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(BUSY_TIMEOUT)
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        migrate(&pool).await?;
        let store = Store { pool };
        store.backfill_records().await?;
        Ok(store)
    }

    /// Opens the existing database at `path` for reading only: nothing is created, migrated
    /// or written, so the file or its folder may be read-only. A schema older than this
    /// version's is [`StoreError::Outdated`]; a write is [`StoreError::ReadOnly`].
    pub async fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        let store = Store::read_only_pool(path).await?;
        store.check_schema().await?;
        Ok(store)
    }

    /// A pool of read-only connections to `path`, checked by a first read.
    async fn read_only_pool(path: &Path) -> Result<Store, StoreError> {
        let options = SqliteConnectOptions::from_str("sqlite://")?
            .filename(path)
            .read_only(true)
            .create_if_missing(false)
            .busy_timeout(BUSY_TIMEOUT);
        let connect = |options: SqliteConnectOptions| async move {
            let pool = SqlitePoolOptions::new()
                .max_connections(4)
                .connect_with(options)
                .await?;
            // Connecting reads nothing: a first read says whether the file can be read.
            sqlx::query("SELECT count(*) FROM sqlite_schema")
                .execute(&pool)
                .await
                .map(|_| Store { pool })
        };
        match connect(options.clone()).await {
            Ok(store) => Ok(store),
            // In a folder that cannot be written, SQLite cannot create the `-shm` index that
            // reading a database in WAL mode needs. Without a write-ahead log to read, the
            // file alone is the whole database: read it as immutable, which needs no index.
            Err(e) if crate::error::cannot_open(&e) => {
                if has_write_ahead_log(path) {
                    return Err(StoreError::ReadOnlyWal(path.display().to_string()));
                }
                Ok(connect(options.immutable(true)).await?)
            }
            Err(e) => Err(StoreError::Database(e)),
        }
    }

    /// Says whether migrations are missing, which a read-only database cannot apply.
    async fn check_schema(&self) -> Result<(), StoreError> {
        // A database no version of aiguillage has opened has no such table.
        let applied: Vec<i64> = sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
            .fetch_all(&self.pool)
            .await
            .unwrap_or_default();
        let missing: Vec<_> = MIGRATOR
            .iter()
            .filter(|m| !m.migration_type.is_down_migration() && !applied.contains(&m.version))
            .collect();
        if let Some(first) = missing.first() {
            return Err(StoreError::Outdated(format!(
                "{} migration(s) missing, from {} « {} »",
                missing.len(),
                first.version,
                first.description
            )));
        }
        let unbackfilled: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM places WHERE record IS NULL)")
                .fetch_one(&self.pool)
                .await?;
        if unbackfilled {
            return Err(StoreError::Outdated(
                "places stored before their records".to_owned(),
            ));
        }
        Ok(())
    }

    /// Runs SQLite's `PRAGMA quick_check` on the database at `path`, opened read-only: the
    /// problems found, none when the file is sound. A file too damaged to be read as a
    /// database at all is one problem.
    pub async fn quick_check(path: &Path) -> Result<Vec<String>, StoreError> {
        let damaged = |e: &sqlx::Error| crate::error::is_damaged(e).then(|| vec![e.to_string()]);
        let store = match Store::read_only_pool(path).await {
            Ok(store) => store,
            Err(StoreError::Database(e)) => return damaged(&e).ok_or(StoreError::Database(e)),
            Err(e) => return Err(e),
        };
        let lines: Result<Vec<String>, _> = sqlx::query_scalar("PRAGMA quick_check")
            .fetch_all(&store.pool)
            .await;
        store.close().await;
        match lines {
            Ok(lines) if lines == ["ok"] => Ok(Vec::new()),
            Ok(lines) => Ok(lines),
            Err(e) => damaged(&e).ok_or(StoreError::Database(e)),
        }
    }

    /// A transaction that writes: `BEGIN IMMEDIATE` takes the write lock at once, waiting up to
    /// [`BUSY_TIMEOUT`] for another writer, whereas a deferred transaction that read first
    /// would fail at its first write if another writer committed meanwhile.
    pub(crate) async fn write(&self) -> Result<sqlx::Transaction<'static, Sqlite>, StoreError> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// Writes the `record` of rows stored before it existed, a few thousand per transaction.
    async fn backfill_records(&self) -> Result<(), StoreError> {
        let sql = format!(
            "SELECT {} FROM places WHERE record IS NULL LIMIT {BACKFILL_ROWS}",
            select_list()
        );
        let validator = reader();
        loop {
            let rows = sqlx::query(&sql).fetch_all(&self.pool).await?;
            if rows.is_empty() {
                return Ok(());
            }
            let mut tx = self.write().await?;
            for row in &rows {
                let place = stored_place(row, &validator)?.place;
                sqlx::query("UPDATE places SET record = ? WHERE id = ?")
                    .bind(record(&place))
                    .bind(&place.id)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        }
    }

    /// The `limit` open places (or fewer) with the smallest ids after `after` (from the first when `None`),
    /// as JSON arrays of standard values: SQLite assembles the page into the text of one JSON array, so reading
    /// every place costs a few queries instead of decoding every column of every row.
    /// `None` past the last place.
    pub async fn records_page(
        &self,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Option<RecordPage>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        // Records are JSON arrays written by `record()`: concatenating them is enough (no
        // JSON parsing by SQLite), and keeps them byte for byte. No ORDER BY inside
        // group_concat: it would sort the page again in a temporary b-tree.
        let page: (Option<String>, Option<String>) = sqlx::query_as(
            "SELECT '[' || group_concat(record, ',') || ']', max(id) \
             FROM (SELECT id, record FROM places WHERE id > ?1 AND closed_on IS NULL ORDER BY id LIMIT ?2)",
        )
        // Every id sorts after the empty string (ids are never blank).
        .bind(after.unwrap_or_default())
        .bind(limit)
        .fetch_one(&self.pool)
        .await?;
        Ok(match page {
            (Some(json), Some(last_id)) => Some(RecordPage { json, last_id }),
            _ => None,
        })
    }

    /// The records (see [`Store::records_page`]) of the open places among `ids`, by id;
    /// closed and unknown ids are left out.
    pub async fn records_of(&self, ids: &[&str]) -> Result<Vec<(String, String)>, StoreError> {
        let mut records = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(BATCH_ROWS) {
            let mut query = QueryBuilder::<Sqlite>::new(
                "SELECT id, record FROM places WHERE closed_on IS NULL AND record IS NOT NULL AND id IN (",
            );
            let mut list = query.separated(", ");
            for id in chunk {
                list.push_bind(*id);
            }
            query.push(") ORDER BY id");
            let rows: Vec<(String, String)> = query.build_query_as().fetch_all(&self.pool).await?;
            records.extend(rows);
        }
        Ok(records)
    }

    /// A number that grows with every committed change of places (imports, merges, edits,
    /// closures, exceptions): readers that cache places compare it to know when to read
    /// them again.
    pub async fn version(&self) -> Result<i64, StoreError> {
        let version: i64 = sqlx::query_scalar(
            "SELECT coalesce((SELECT MAX(id) FROM imports), 0) + coalesce((SELECT MAX(id) FROM place_history), 0)",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(version)
    }

    /// Checks that the database file can be read now: on a connection of its own (the
    /// pool's may answer from their page cache long after the file was damaged), reads the
    /// schema and the first place. Cheap enough for frequent probes.
    pub async fn check_readable(&self) -> Result<(), StoreError> {
        let options = (*self.pool.connect_options()).clone().create_if_missing(false);
        let mut connection = options.connect().await?;
        sqlx::query("SELECT count(*) FROM sqlite_schema")
            .execute(&mut connection)
            .await?;
        sqlx::query("SELECT id, record FROM places ORDER BY id LIMIT 1")
            .fetch_optional(&mut connection)
            .await?;
        connection.close().await?;
        Ok(())
    }

    /// Number of stored places that are open (not closed).
    pub async fn count(&self) -> Result<u64, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM places WHERE closed_on IS NULL")
            .fetch_one(&self.pool)
            .await?;
        Ok(n as u64)
    }

    /// Whether the database holds any place, open or closed.
    pub async fn has_places(&self) -> Result<bool, StoreError> {
        Ok(sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM places)")
            .fetch_one(&self.pool)
            .await?)
    }

    /// Every open place, ordered by id: closed places have left proximity, lists, coverage
    /// and exports.
    pub async fn all(&self) -> Result<Vec<StoredPlace>, StoreError> {
        self.all_where("closed_on IS NULL").await
    }

    /// Every place, closed ones included, ordered by id.
    pub async fn all_including_closed(&self) -> Result<Vec<StoredPlace>, StoreError> {
        self.all_where("TRUE").await
    }

    async fn all_where(&self, condition: &'static str) -> Result<Vec<StoredPlace>, StoreError> {
        let sql = format!(
            "SELECT {} FROM places WHERE {condition} ORDER BY id",
            select_list()
        );
        let rows = sqlx::query(&sql).fetch_all(&self.pool).await?;
        let validator = reader();
        // Rebuilding places (validation, hours) costs about as much as reading them: on every
        // core (docs/benchmarks.md, « Duplicate detection at scale »).
        rows.par_iter().map(|r| stored_place(r, &validator)).collect()
    }

    /// The place with this id, if any (closed or not).
    pub async fn get(&self, id: &str) -> Result<Option<StoredPlace>, StoreError> {
        let sql = format!("SELECT {} FROM places WHERE id = ?", select_list());
        let row = sqlx::query(&sql).bind(id).fetch_optional(&self.pool).await?;
        row.as_ref().map(|r| stored_place(r, &reader())).transpose()
    }

    /// Inserts new places and updates changed ones, in one transaction; identical ones are
    /// not touched. Ids must be unique within `places` (the importer rejects duplicates).
    pub async fn upsert(
        &self,
        places: &[Place],
        source_file: &str,
        mode: WriteMode,
    ) -> Result<UpsertCounts, StoreError> {
        let mut upsert = self.begin_upsert(source_file).await?;
        upsert.add(places).await?;
        upsert.finish(mode, 0, 0).await
    }

    /// Starts a transactional upsert that places can be added to in batches, so that a
    /// caller can validate the next batch while this one is written. Nothing is visible to
    /// other connections until [`Upsert::finish`] commits; dropping it rolls back.
    pub async fn begin_upsert(&self, source_file: &str) -> Result<Upsert, StoreError> {
        let mut tx = self.write().await?;
        // 64 MiB of page cache (default 2 MiB) for writers only: a large import's transaction
        // stays in memory instead of spilling to the WAL page by page, while a server that
        // only reads keeps a small footprint.
        sqlx::query("PRAGMA cache_size = -65536")
            .execute(&mut *tx)
            .await?;
        let known = sqlx::query("SELECT id, content_hash FROM places")
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
            .collect::<Result<_, sqlx::Error>>()?;
        // Places merged away by `dedupe`: their source may still list them, and the place that
        // absorbed each keeps its values.
        let merges: Vec<(String, String, Option<String>)> =
            sqlx::query_as("SELECT merged_id, kept_id, merged_record FROM merges ORDER BY merged_at, rowid")
                .fetch_all(&mut *tx)
                .await?;
        let mut merged = HashSet::with_capacity(merges.len());
        let mut absorbed: HashMap<String, Vec<Place>> = HashMap::new();
        let validator = reader();
        for (merged_id, kept_id, record) in merges {
            match record_place(record.as_deref().unwrap_or_default(), &validator) {
                Ok(place) => absorbed.entry(kept_id).or_default().push(place),
                Err(e) => tracing::warn!("merge of {merged_id} into {kept_id}: unreadable record ({e})"),
            }
            merged.insert(merged_id);
        }
        Ok(Upsert {
            tx,
            known,
            merged,
            absorbed,
            counts: UpsertCounts::default(),
            source_file: source_file.to_owned(),
            at: now(),
        })
    }
    /// Id of the latest committed import (0 when none): it changes whenever another process
    /// may have changed the places, so readers know when to reload.
    pub async fn last_import_id(&self) -> Result<i64, StoreError> {
        let id: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM imports")
            .fetch_one(&self.pool)
            .await?;
        Ok(id.unwrap_or(0))
    }

    /// Closes the pool, checkpointing the WAL.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// A transactional upsert in progress (see [`Store::begin_upsert`]).
#[derive(Debug)]
pub struct Upsert {
    tx: sqlx::Transaction<'static, Sqlite>,
    /// Content hash of every stored place, by id, as of the start of the transaction.
    known: HashMap<String, String>,
    /// Ids merged into another place: a source listing them again changes nothing.
    merged: HashSet<String>,
    /// The places merged into each kept id, as they were when merged, oldest merge first.
    absorbed: HashMap<String, Vec<Place>>,
    counts: UpsertCounts,
    source_file: String,
    at: String,
}

impl Upsert {
    /// Adds places: new ids are inserted, changed ones updated, identical ones skipped.
    pub async fn add(&mut self, places: &[Place]) -> Result<(), StoreError> {
        // Hashing is a tenth of an import's CPU time: spread it over every core.
        let hashes: Vec<String> = places.par_iter().map(Place::content_hash).collect();
        let mut changed: Vec<(&Place, String)> = Vec::new();
        for (place, hash) in places.iter().zip(hashes) {
            if self.merged.contains(&place.id) {
                self.counts.unchanged += 1;
                continue;
            }
            match self.known.get(&place.id) {
                None => self.counts.imported += 1,
                Some(h) if *h == hash => {
                    self.counts.unchanged += 1;
                    continue;
                }
                Some(_) => self.counts.updated += 1,
            }
            changed.push((place, hash));
        }
        // Encoding records is CPU work like hashing: spread it too, for changed places only.
        let rows: Vec<(&Place, String, String)> = changed
            .into_par_iter()
            .map(|(place, hash)| (place, hash, record(place)))
            .collect();
        for batch in rows.chunks(BATCH_ROWS) {
            upsert_batch(&mut self.tx, batch, &self.source_file, &self.at).await?;
            positions::forget(&mut self.tx, batch.iter().map(|(place, ..)| place.id.as_str())).await?;
        }
        Ok(())
    }

    /// Flags positions that the import found rather than read (geocoded, or a commune's
    /// centre), with the places' content. Ids of places merged away are ignored.
    pub async fn mark_approximate(&mut self, positions: &[ApproximatePosition]) -> Result<(), StoreError> {
        let kept: Vec<&ApproximatePosition> = positions
            .iter()
            .filter(|p| !self.merged.contains(&p.place_id))
            .collect();
        positions::mark(&mut self.tx, &kept, &self.at).await
    }

    /// The places that `dedupe` merged into `kept_id`, as they were then (oldest merge
    /// first): an importer fills a new version of the kept place from them, so that
    /// re-importing its source does not undo the merge.
    pub fn absorbed_by(&self, kept_id: &str) -> &[Place] {
        self.absorbed.get(kept_id).map_or(&[], Vec::as_slice)
    }

    /// What the places added so far did.
    pub fn counts(&self) -> UpsertCounts {
        self.counts
    }

    /// Commits with the import's line in the `imports` log (with `rejected` rows and
    /// `warnings` besides the counts), or in a dry run rolls back; returns the counts either
    /// way.
    pub async fn finish(
        mut self,
        mode: WriteMode,
        rejected: usize,
        warnings: usize,
    ) -> Result<UpsertCounts, StoreError> {
        match mode {
            WriteMode::Commit => {
                self.log(rejected, warnings).await?;
                self.tx.commit().await?;
            }
            WriteMode::DryRun => self.tx.rollback().await?,
        }
        Ok(self.counts)
    }

    /// The import's line in the `imports` log, written with its places so that readers
    /// watching [`Store::last_import_id`] never see one without the other.
    async fn log(&mut self, rejected: usize, warnings: usize) -> Result<(), StoreError> {
        log_import(
            &mut self.tx,
            &self.source_file,
            &self.at,
            self.counts,
            rejected,
            warnings,
        )
        .await
    }
}

/// One line of the `imports` log, within the transaction that did the writing (imports and
/// merges), so that readers watching [`Store::last_import_id`] see both or neither.
pub(crate) async fn log_import(
    tx: &mut sqlx::Transaction<'_, Sqlite>,
    source_file: &str,
    at: &str,
    counts: UpsertCounts,
    rejected: usize,
    warnings: usize,
) -> Result<(), StoreError> {
    let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    sqlx::query(
        "INSERT INTO imports (source_file, imported_at, imported, updated, unchanged, rejected, warnings) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(source_file)
    .bind(at)
    .bind(count(counts.imported))
    .bind(count(counts.updated))
    .bind(count(counts.unchanged))
    .bind(count(rejected))
    .bind(count(warnings))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn upsert_batch(
    tx: &mut sqlx::Transaction<'_, Sqlite>,
    batch: &[(&Place, String, String)],
    source_file: &str,
    at: &str,
) -> Result<(), StoreError> {
    let columns: Vec<&str> = Field::ALL
        .iter()
        .map(|f| f.name())
        .chain(PROVENANCE_COLUMNS)
        .chain(["record"])
        .collect();
    let mut query = QueryBuilder::<Sqlite>::new(format!("INSERT INTO places ({}) ", columns.join(", ")));
    query.push_values(batch, |mut row, (place, hash, record)| {
        for field in Field::ALL {
            match field {
                Field::Latitude => row.push_bind(place.latitude),
                Field::Longitude => row.push_bind(place.longitude),
                _ => row.push_bind(Some(place.standard_value(field)).filter(|v| !v.is_empty())),
            };
        }
        row.push_bind(source_file)
            .push_bind(at)
            .push_bind(at)
            .push_bind(at)
            .push_bind(hash.as_str())
            .push_bind(record.as_str());
    });
    // created_at is kept from the first insert; everything else follows the new content.
    let updates: Vec<String> = columns
        .iter()
        .filter(|c| **c != "id" && **c != "created_at")
        .map(|c| format!("{c} = excluded.{c}"))
        .collect();
    query.push(format!(
        " ON CONFLICT (id) DO UPDATE SET {}, revision = places.revision + 1",
        updates.join(", ")
    ));
    query.build().execute(&mut **tx).await?;
    let ids = batch.iter().map(|(place, ..)| place.id.as_str());
    history::record_import(tx, ids, source_file, at).await
}

/// The `record` column: the place's standard values, in schema order, as a JSON array
/// (the values of [`Place::to_json`]), written straight from the canonical texts.
pub(crate) fn record(place: &Place) -> String {
    let mut json = Vec::with_capacity(1024);
    json.push(b'[');
    for (i, field) in Field::ALL.into_iter().enumerate() {
        if i > 0 {
            json.push(b',');
        }
        let number = match field {
            Field::Latitude => Some(place.latitude),
            Field::Longitude => Some(place.longitude),
            _ => None,
        };
        // Writing a string or a number into a Vec cannot fail.
        let _ = match number {
            Some(Some(n)) => serde_json::to_writer(&mut json, &n),
            Some(None) => serde_json::to_writer(&mut json, &()),
            None => match place.standard_value(field) {
                text if text.is_empty() => serde_json::to_writer(&mut json, &()),
                text => serde_json::to_writer(&mut json, text.as_ref()),
            },
        };
    }
    json.push(b']');
    // serde_json writes UTF-8.
    String::from_utf8(json).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use aiguillage_testkit::PlaceBuilder;

    fn place(id: &str, nom: &str) -> Place {
        PlaceBuilder::new(id)
            .nom(nom)
            .field(Field::Pivot, "21290019700015")
            .at(48.39, -4.48)
            .field(Field::Services, "Aide aux démarches administratives")
            .build()
    }

    async fn temp_store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("test.db")).await.unwrap();
        (dir, store)
    }

    #[test]
    fn a_record_gives_its_place_back() {
        let mut p = place("a", "Médiathèque « Les Capucins »");
        p.latitude = Some(48.389_123_4);
        assert_eq!(record_place(&record(&p), &reader()).unwrap(), p);
        assert!(record_place("[1, 2]", &reader()).is_err());
        assert!(record_place("", &reader()).is_err());
    }

    #[tokio::test]
    async fn upsert_counts_and_is_idempotent() {
        let (_dir, store) = temp_store().await;
        let places = vec![place("a", "A"), place("b", "B")];
        let counts = store.upsert(&places, "f.csv", WriteMode::Commit).await.unwrap();
        assert_eq!(
            counts,
            UpsertCounts {
                imported: 2,
                updated: 0,
                unchanged: 0
            }
        );
        let counts = store.upsert(&places, "f.csv", WriteMode::Commit).await.unwrap();
        assert_eq!(
            counts,
            UpsertCounts {
                imported: 0,
                updated: 0,
                unchanged: 2
            }
        );

        let changed = vec![place("a", "A bis"), place("c", "C")];
        let before = store.get("a").await.unwrap().unwrap();
        let counts = store.upsert(&changed, "g.csv", WriteMode::Commit).await.unwrap();
        assert_eq!(
            counts,
            UpsertCounts {
                imported: 1,
                updated: 1,
                unchanged: 0
            }
        );
        let after = store.get("a").await.unwrap().unwrap();
        assert_eq!(after.place.nom, "A bis");
        assert_eq!(after.provenance.source_file, "g.csv");
        assert_eq!(after.provenance.created_at, before.provenance.created_at);
        assert_eq!(after.provenance.content_hash, changed[0].content_hash());
        assert_eq!(store.count().await.unwrap(), 3);
    }

    #[tokio::test]
    async fn dry_run_writes_nothing() {
        let (_dir, store) = temp_store().await;
        let counts = store
            .upsert(&[place("a", "A")], "f.csv", WriteMode::DryRun)
            .await
            .unwrap();
        assert_eq!(counts.imported, 1);
        assert_eq!(store.count().await.unwrap(), 0);
    }

    #[tokio::test]
    async fn stored_places_read_back_equal() {
        let (_dir, store) = temp_store().await;
        let places: Vec<Place> = (0..1200)
            .map(|i| place(&format!("p{i:05}"), &format!("Lieu {i}")))
            .collect();
        store.upsert(&places, "f.csv", WriteMode::Commit).await.unwrap();
        let all: Vec<Place> = store.all().await.unwrap().into_iter().map(|s| s.place).collect();
        assert_eq!(all, places);
        assert!(store.get("absent").await.unwrap().is_none());
    }

    fn standard_values(place: &Place) -> serde_json::Value {
        place.to_json().into_iter().map(|(_, v)| v).collect()
    }

    /// Every record, page by page, in id order.
    async fn all_records(store: &Store, page: usize) -> Vec<serde_json::Value> {
        let mut records = Vec::new();
        let mut after = None;
        while let Some(p) = store.records_page(after.as_deref(), page).await.unwrap() {
            let serde_json::Value::Array(items) = serde_json::from_str(&p.json).unwrap() else {
                panic!("a page is a JSON array");
            };
            assert!(items.len() <= page);
            records.extend(items);
            after = Some(p.last_id);
        }
        records.sort_by_key(|r| r[0].as_str().unwrap_or_default().to_owned());
        records
    }

    #[tokio::test]
    async fn records_are_the_standard_objects_page_by_page() {
        let (_dir, store) = temp_store().await;
        let mut places: Vec<Place> = (0..250)
            .map(|i| place(&format!("p{i:03}"), &format!("Lieu \"{i}\" é")))
            .collect();
        places[7].latitude = Some(48.39040000000001);
        store.upsert(&places, "f.csv", WriteMode::Commit).await.unwrap();
        let expected: Vec<serde_json::Value> = places.iter().map(standard_values).collect();
        assert_eq!(all_records(&store, 100).await, expected);
        assert_eq!(all_records(&store, 1000).await, expected);
        // Numbers come back as written, not re-rounded by SQLite.
        let first = store.records_page(None, 10).await.unwrap().unwrap();
        assert!(first.json.contains("48.39040000000001"), "{}", first.json);
        assert_eq!(first.last_id, "p009");
        assert!(store.records_page(Some("p249"), 10).await.unwrap().is_none());
    }

    #[tokio::test]
    async fn records_missing_from_older_rows_are_backfilled_on_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("test.db");
        let places: Vec<Place> = (0..12).map(|i| place(&format!("p{i:02}"), "Lieu")).collect();
        let store = Store::open(&path).await.unwrap();
        store.upsert(&places, "f.csv", WriteMode::Commit).await.unwrap();
        // As a database written before the `record` column existed.
        sqlx::query("UPDATE places SET record = NULL")
            .execute(&store.pool)
            .await
            .unwrap();
        store.close().await;

        let store = Store::open(&path).await.unwrap();
        let expected: Vec<serde_json::Value> = places.iter().map(standard_values).collect();
        assert_eq!(all_records(&store, 5).await, expected);
    }

    #[tokio::test]
    async fn a_database_opened_read_only_refuses_writes_in_one_sentence() {
        let (dir, store) = temp_store().await;
        let path = dir.path().join("test.db");
        store
            .upsert(&[place("a", "A")], "a.csv", WriteMode::Commit)
            .await
            .unwrap();
        store.close().await;

        let read_only = Store::open_read_only(&path).await.unwrap();
        assert_eq!(read_only.count().await.unwrap(), 1);
        read_only.check_readable().await.unwrap();
        let error = read_only
            .upsert(&[place("b", "B")], "b.csv", WriteMode::Commit)
            .await
            .unwrap_err();
        assert!(matches!(error, StoreError::ReadOnly), "{error}");
        assert!(!error.to_string().contains("attempt to write"), "{error}");
        read_only.close().await;
        assert_eq!(Store::quick_check(&path).await.unwrap(), Vec::<String>::new());
    }

    #[tokio::test]
    async fn a_database_missing_a_migration_is_not_opened_read_only() {
        let (dir, store) = temp_store().await;
        let path = dir.path().join("test.db");
        sqlx::query(
            "DELETE FROM _sqlx_migrations WHERE version = (SELECT max(version) FROM _sqlx_migrations)",
        )
        .execute(&store.pool)
        .await
        .unwrap();
        store.close().await;
        let error = Store::open_read_only(&path).await.unwrap_err();
        assert!(matches!(error, StoreError::Outdated(_)), "{error}");
        // Nothing is created where no database is.
        let missing = dir.path().join("missing.db");
        assert!(Store::open_read_only(&missing).await.is_err());
        assert!(!missing.exists());
    }
}

//! Writes of places: create, patch, close, reopen, confirm, revert.

use aiguillage_model::{echo, Field, Place, ValidationContext};
use aiguillage_store::{Change, ChangeSource, Closure, Store, StoredPlace, WriteOutcome};
use chrono::NaiveDate;
use serde_json::{Map, Value};

use crate::values::{apply_merge_patch, validate_object};
use crate::{today, ContribError, Contributor};

/// A place as a write left it.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    /// Its values now.
    pub place: Place,
    /// Its revision now (the `ETag`).
    pub revision: i64,
    /// Whether anything changed (`false` when the values were already these).
    pub changed: bool,
}

/// Longest `motif` of a closure, in characters.
const MAX_MOTIF_CHARS: usize = 500;

/// A validation context for today: `date_maj` may not be later.
pub(crate) fn context() -> ValidationContext {
    ValidationContext::at(today())
}

/// The stored place `id`, `NotFound` otherwise.
pub(crate) async fn stored(store: &Store, id: &str) -> Result<StoredPlace, ContribError> {
    store.get(id).await?.ok_or_else(|| ContribError::no_place(id))
}

/// Creates a place from a standard JSON object. Absent `date_maj` is today.
pub async fn create(
    store: &Store,
    who: &Contributor,
    object: &Map<String, Value>,
    source: ChangeSource,
) -> Result<Written, ContribError> {
    let mut object = object.clone();
    object
        .entry(Field::DateMaj.name())
        .or_insert_with(|| Value::String(today().to_string()));
    let place = validate_object(&object, context())?;
    who.check(&place)?;
    let change = Change {
        author: &who.user.email,
        source,
        motif: None,
    };
    // Creating answers Written or Taken, never Stale: no revision is expected.
    written(store.create_place(&place, &change).await?, place, 0)
}

/// Applies a JSON merge patch of standard fields to the place `id`, if it is still at
/// revision `expected`.
pub async fn patch(
    store: &Store,
    who: &Contributor,
    id: &str,
    expected: i64,
    patch: &Map<String, Value>,
    change: (ChangeSource, Option<&str>),
) -> Result<Written, ContribError> {
    let before = stored(store, id).await?;
    who.check(&before.place)?;
    let object = apply_merge_patch(&before.place, patch)?;
    let place = validate_object(&object, context())?;
    replace(store, who, place, expected, change).await
}

/// Every problem of `patch` as a change of the place `id`, whatever the revision: what a
/// refused change is told at once, field by field. `Invalid` when there is one, `Ok` when the
/// change is valid (or the place does not exist, which the write then says).
pub async fn check_patch(store: &Store, id: &str, patch: &Map<String, Value>) -> Result<(), ContribError> {
    let shape = crate::values::check_fields(patch);
    let Some(stored) = store.get(id).await? else {
        return shape;
    };
    match apply_merge_patch(&stored.place, patch).and_then(|object| validate_object(&object, context())) {
        Ok(_) => shape,
        Err(e) => Err(e),
    }
}

/// Stores `place` over the stored place of the same id, checking the author may write both.
async fn replace(
    store: &Store,
    who: &Contributor,
    place: Place,
    expected: i64,
    (source, motif): (ChangeSource, Option<&str>),
) -> Result<Written, ContribError> {
    // The place as it would be must stay within reach: no one moves a place out of their
    // territory (nor into it).
    who.check(&place)?;
    let change = Change {
        author: &who.user.email,
        source,
        motif,
    };
    written(
        store.update_place(&place, expected, &change).await?,
        place,
        expected,
    )
}

fn written(outcome: WriteOutcome, place: Place, expected: i64) -> Result<Written, ContribError> {
    match outcome {
        WriteOutcome::Written { revision } => Ok(Written {
            place,
            revision,
            changed: true,
        }),
        WriteOutcome::Unchanged { revision } => Ok(Written {
            place,
            revision,
            changed: false,
        }),
        WriteOutcome::Stale { current } => Err(ContribError::Stale { expected, current }),
        WriteOutcome::Missing => Err(ContribError::no_place(&place.id)),
        WriteOutcome::Taken => Err(ContribError::Conflict(format!(
            "the id « {} » is already taken",
            echo(&place.id)
        ))),
    }
}

/// « Ces informations sont toujours exactes »: `date_maj` becomes today.
pub async fn confirm(
    store: &Store,
    who: &Contributor,
    id: &str,
    expected: i64,
) -> Result<Written, ContribError> {
    let before = stored(store, id).await?;
    who.check(&before.place)?;
    let mut place = before.place;
    place.date_maj = today();
    replace(store, who, place, expected, (ChangeSource::Confirm, None)).await
}

/// Restores the values of the place's history entry `entry` (admins and coordinators), as a
/// new revision.
pub async fn revert(store: &Store, who: &Contributor, id: &str, entry: i64) -> Result<Written, ContribError> {
    who.check_moderator()?;
    let current = stored(store, id).await?;
    who.check(&current.place)?;
    let version = store.history_entry(id, entry).await?.ok_or_else(|| {
        ContribError::NotFound(format!("the place « {} » has no history entry {entry}", echo(id)))
    })?;
    let place = version.place()?;
    let motif = format!("retour à la version du {}", version.at);
    replace(
        store,
        who,
        place,
        current.revision,
        (ChangeSource::Revert, Some(&motif)),
    )
    .await
}

/// Closes the place on `date` (not after today) for `motif`: it leaves proximity, lists,
/// the map, coverage and exports; its page and history keep it.
pub async fn close(
    store: &Store,
    who: &Contributor,
    id: &str,
    date: &str,
    motif: &str,
    expected: Option<i64>,
) -> Result<Written, ContribError> {
    let on = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").map_err(|_| {
        ContribError::invalid(
            "date",
            format!("« {} » is not a date (expected YYYY-MM-DD)", echo(date)),
        )
    })?;
    if on > today() {
        return Err(ContribError::invalid(
            "date",
            "a closure takes effect at once: to close on a later day, add a temporary closure until then",
        ));
    }
    let motif = motif.trim();
    if motif.chars().count() > MAX_MOTIF_CHARS {
        return Err(ContribError::invalid(
            "motif",
            format!("at most {MAX_MOTIF_CHARS} characters"),
        ));
    }
    let before = stored(store, id).await?;
    who.check(&before.place)?;
    let closure = Closure {
        on: on.to_string(),
        reason: motif.to_owned(),
    };
    let change = Change {
        author: &who.user.email,
        source: ChangeSource::Close,
        motif: Some(motif).filter(|m| !m.is_empty()),
    };
    let outcome = store.set_closure(id, Some(&closure), expected, &change).await?;
    written(outcome, before.place, expected.unwrap_or(before.revision))
}

/// Reopens a closed place (an edit in its history).
pub async fn reopen(
    store: &Store,
    who: &Contributor,
    id: &str,
    expected: Option<i64>,
) -> Result<Written, ContribError> {
    let before = stored(store, id).await?;
    who.check(&before.place)?;
    let change = Change {
        author: &who.user.email,
        source: ChangeSource::Edit,
        motif: Some("réouverture"),
    };
    let outcome = store.set_closure(id, None, expected, &change).await?;
    written(outcome, before.place, expected.unwrap_or(before.revision))
}

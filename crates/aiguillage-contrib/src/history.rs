//! A place's history with what each entry changed.

use aiguillage_model::{Field, Place};
use aiguillage_store::{HistoryEntry, Store};
use serde::Serialize;

use crate::ContribError;

/// One field changed by an entry: its value before and after (`None` when blank).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// The standard field (or `fermeture` for the closure).
    pub field: String,
    /// Before.
    pub before: Option<String>,
    /// After.
    pub after: Option<String>,
}

/// An entry of a place's history and its changes.
#[derive(Debug, Clone)]
pub struct HistoryItem {
    /// The entry.
    pub entry: HistoryEntry,
    /// The fields it changed, in schema order (every non-blank field for the first entry).
    pub changes: Vec<FieldChange>,
}

/// The place's history, oldest first, each entry with its changes.
pub async fn history(store: &Store, id: &str) -> Result<Vec<HistoryItem>, ContribError> {
    let entries = store.history(id).await?;
    let mut items = Vec::with_capacity(entries.len());
    let mut previous: Option<(Place, Option<String>)> = None;
    for entry in entries {
        let place = entry.place()?;
        let closure = entry.closure.as_ref().map(|c| c.on.clone());
        let changes = changes(
            previous.as_ref().map(|(p, c)| (p, c.as_deref())),
            (&place, closure.as_deref()),
        );
        previous = Some((place, closure));
        items.push(HistoryItem { entry, changes });
    }
    Ok(items)
}

/// The differences between two versions of a place (from nothing when `before` is `None`).
pub(crate) fn changes(
    before: Option<(&Place, Option<&str>)>,
    after: (&Place, Option<&str>),
) -> Vec<FieldChange> {
    let blank = |v: std::borrow::Cow<'_, str>| Some(v.into_owned()).filter(|v| !v.is_empty());
    let mut changes: Vec<FieldChange> = Field::ALL
        .into_iter()
        .filter_map(|field| {
            let old = before.and_then(|(p, _)| blank(p.standard_value(field)));
            let new = blank(after.0.standard_value(field));
            (old != new).then(|| FieldChange {
                field: field.name().to_owned(),
                before: old,
                after: new,
            })
        })
        .collect();
    let (old, new) = (before.and_then(|(_, c)| c), after.1);
    if old != new {
        changes.push(FieldChange {
            field: "fermeture".to_owned(),
            before: old.map(str::to_owned),
            after: new.map(str::to_owned),
        });
    }
    changes
}

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

/// What `entry` changed since `previous` (the entry before it in the place's history; every
/// non-blank field when there is none). Entries that no longer read give no change.
pub fn changes_between(previous: Option<&HistoryEntry>, entry: &HistoryEntry) -> Vec<FieldChange> {
    let Ok(after) = entry.place() else {
        return Vec::new();
    };
    let before = previous.and_then(|p| p.place().ok());
    let closure = |e: &HistoryEntry| e.closure.as_ref().map(|c| c.on.clone());
    let (old, new) = (previous.and_then(closure), closure(entry));
    changes(
        before.as_ref().map(|p| (p, old.as_deref())),
        (&after, new.as_deref()),
    )
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

/// An author as shown to the public: the file of an import (`Import : hub.csv`), the
/// contributor's e-mail with its local part masked (`j…@brest.fr`): who changed a place is
/// public, a person's address is not.
///
/// ```
/// use aiguillage_contrib::public_author;
/// assert_eq!(public_author("import:hub.csv"), "Import : hub.csv");
/// assert_eq!(public_author("jeanne@brest.fr"), "j…@brest.fr");
/// ```
pub fn public_author(author: &str) -> String {
    if let Some(file) = author.strip_prefix("import:") {
        let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
        return format!("Import : {name}");
    }
    match author.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}…@{domain}")
        }
        None => author.to_owned(),
    }
}

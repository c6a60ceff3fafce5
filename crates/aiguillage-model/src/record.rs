//! Raw, untyped input: the 32 standard fields as text, whatever the source format.

use crate::Field;

/// A row as read from a file, before validation: one optional text value per standard field.
///
/// Readers (CSV, JSON, GeoJSON) fill it; [`crate::validate`] turns it into a [`crate::Place`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawRecord {
    values: [Option<String>; 32],
}

impl RawRecord {
    /// Sets a field's raw value (replacing any previous one).
    pub fn set(&mut self, field: Field, value: impl Into<String>) {
        self.values[field.index()] = Some(value.into());
    }

    /// The field's value, trimmed; `None` when absent or blank.
    pub fn get(&self, field: Field) -> Option<&str> {
        self.values[field.index()]
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }

    /// Removes a field's value.
    pub(crate) fn clear(&mut self, field: Field) {
        self.values[field.index()] = None;
    }
}

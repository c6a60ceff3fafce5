//! The history of a place, on its page: « Mis à jour le … par … » and, folded, every change
//! with its date, author, kind and the fields it changed.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use maud::{html, Markup};

use super::{field_label, FieldChange};
use crate::french::local_date;

/// What made a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeSource {
    /// An import of the producer's file.
    Import,
    /// An edit by a signed-in user.
    Edit,
    /// A public suggestion, accepted.
    Suggestion,
    /// The restoration of an earlier version.
    Revert,
    /// Closing the place.
    Close,
    /// A confirmation that the information is still right.
    Confirm,
    /// A temporary closure or exceptional hours, added or deleted.
    Exception,
}

impl ChangeSource {
    /// Its French name: « Import », « Modification », « Suggestion », « Restauration »,
    /// « Fermeture », « Confirmation », « Horaires exceptionnels ».
    pub fn label(self) -> &'static str {
        match self {
            ChangeSource::Import => "Import",
            ChangeSource::Edit => "Modification",
            ChangeSource::Suggestion => "Suggestion",
            ChangeSource::Revert => "Restauration",
            ChangeSource::Close => "Fermeture",
            ChangeSource::Confirm => "Confirmation",
            ChangeSource::Exception => "Horaires exceptionnels",
        }
    }
}

/// One change of a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Its number (the feed's entries are named by it).
    pub id: u64,
    /// When it was made.
    pub at: DateTime<Utc>,
    /// Who made it, as shown: « Import : fichier.csv », « contributeur@exemple.fr »,
    /// « Suggestion publique ».
    pub author: String,
    /// What made it.
    pub source: ChangeSource,
    /// The fields it changed (none for a confirmation).
    pub fields: Vec<FieldChange>,
}

/// Characters of a value shown in a history; longer ones are cut.
const SHOWN_CHARS: usize = 80;

/// `value` cut to [`SHOWN_CHARS`] characters, with « … » when it was longer; « (vide) » for a
/// blank value.
pub(crate) fn cut(value: &str) -> String {
    if value.is_empty() {
        return "(vide)".to_owned();
    }
    match value.char_indices().nth(SHOWN_CHARS) {
        Some((end, _)) => format!("{}…", value[..end].trim_end()),
        None => value.to_owned(),
    }
}

/// The line dating a place's information, `date_maj` (the standard's date, which the
/// staleness warning reads too), with who made the last change of `history` (newest first,
/// dated in the place's time zone `tz`): « Mis à jour le 3 mars 2026 par … » when that change
/// is of the same day, else « Mis à jour le 4 février 2025 · dernière modification le
/// 2 novembre 2026 par … » (an import of older information, say).
pub(crate) fn last_update(date_maj: NaiveDate, history: &[Change], tz: Tz) -> Markup {
    let updated = aiguillage_model::french_date(date_maj);
    html! {
        "Mis à jour le " (updated)
        @if let Some(last) = history.first() {
            @let day = local_date(last.at, tz);
            @if day == date_maj {
                " par " (last.author)
            } @else {
                " · dernière modification le " (aiguillage_model::french_date(day)) " par " (last.author)
            }
        }
    }
}

/// The folded list of changes, newest first, with dates in the place's time zone `tz`.
pub(crate) fn render(history: &[Change], tz: Tz) -> Markup {
    html! {
        @if !history.is_empty() {
            details.historique {
                summary { "Historique des modifications" }
                ol.modifications {
                    @for change in history {
                        li {
                            p.modification {
                                time datetime=(change.at.to_rfc3339()) {
                                    (aiguillage_model::french_date(local_date(change.at, tz)))
                                }
                                " · " (change.author) " · " (change.source.label())
                            }
                            @if !change.fields.is_empty() {
                                ul.champs-modifies {
                                    @for field in &change.fields {
                                        li {
                                            (field_label(field.field)) " : " (cut(&field.before))
                                            span aria-hidden="true" { " → " }
                                            span.visuellement-cache { " devient " }
                                            (cut(&field.after))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use aiguillage_model::Field;
    use chrono::TimeZone;

    use super::*;

    const PARIS: Tz = chrono_tz::Europe::Paris;

    #[test]
    fn long_values_are_cut() {
        assert_eq!(cut("court"), "court");
        assert_eq!(cut(""), "(vide)");
        let long = "é".repeat(100);
        assert_eq!(cut(&long), format!("{}…", "é".repeat(80)));
        assert_eq!(cut(&"é".repeat(80)), "é".repeat(80));
    }

    #[test]
    fn changes_with_their_fields() {
        let history = [
            Change {
                id: 2,
                at: Utc.with_ymd_and_hms(2026, 3, 2, 23, 30, 0).unwrap(),
                author: "<script>alert(1)</script>".to_owned(),
                source: ChangeSource::Edit,
                fields: vec![FieldChange {
                    field: Field::Telephone,
                    before: "+33298000000".to_owned(),
                    after: "<b>".to_owned(),
                }],
            },
            Change {
                id: 1,
                at: Utc.with_ymd_and_hms(2025, 1, 1, 10, 0, 0).unwrap(),
                author: "Import : fichier.csv".to_owned(),
                source: ChangeSource::Import,
                fields: Vec::new(),
            },
        ];
        let html = render(&history, PARIS).into_string();
        assert!(html.contains("<summary>Historique des modifications</summary>"));
        // 23:30 UTC on 2 March is 3 March in Paris.
        assert!(
            html.contains(">3 mars 2026</time> · &lt;script&gt;alert(1)&lt;/script&gt; · Modification"),
            "{html}"
        );
        assert!(
            html.contains("Téléphone : +33298000000<span aria-hidden=\"true\"> → </span>"),
            "{html}"
        );
        assert!(html.contains("&lt;b&gt;"));
        assert!(html.contains("Import : fichier.csv · Import"));
        assert!(!html.contains("<script>"));
        let march_3 = NaiveDate::from_ymd_opt(2026, 3, 3).unwrap();
        let last = last_update(march_3, &history, PARIS).into_string();
        assert_eq!(
            last,
            "Mis à jour le 3 mars 2026 par &lt;script&gt;alert(1)&lt;/script&gt;"
        );
        let last = last_update(march_3, &history[1..], PARIS).into_string();
        assert_eq!(
            last,
            "Mis à jour le 3 mars 2026 · dernière modification le 1er janvier 2025 par Import : fichier.csv"
        );
        assert_eq!(
            last_update(march_3, &[], PARIS).into_string(),
            "Mis à jour le 3 mars 2026"
        );
        assert_eq!(render(&[], PARIS).into_string(), "");
    }

    #[test]
    fn sources_in_french() {
        let labels = [
            ChangeSource::Import,
            ChangeSource::Edit,
            ChangeSource::Suggestion,
            ChangeSource::Revert,
            ChangeSource::Close,
            ChangeSource::Confirm,
        ]
        .map(ChangeSource::label);
        assert_eq!(
            labels,
            [
                "Import",
                "Modification",
                "Suggestion",
                "Restauration",
                "Fermeture",
                "Confirmation"
            ]
        );
    }
}

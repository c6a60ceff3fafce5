//! Public suggestions: anyone proposes, the territory's coordinators decide.

use aiguillage_model::{echo, Field, Place};
use aiguillage_store::{ChangeSource, Store, Suggestion, SuggestionStatus};
use serde_json::{Map, Value};

use crate::places::{create, patch, stored, Written};
use crate::values::{apply_merge_patch, validate_object};
use crate::{today, ContribError, Contributor};

/// Length limits of a suggestion, in characters.
#[derive(Debug, Clone, Copy)]
pub struct SuggestionLimits;

impl SuggestionLimits {
    /// Longest comment.
    pub const COMMENT_CHARS: usize = 2_000;
    /// Longest e-mail address.
    pub const EMAIL_CHARS: usize = 254;
    /// Most fields proposed at once (the standard has 32).
    pub const FIELDS: usize = 32;
}

/// The pivot of a place whose SIRET the person proposing it does not know: the standard's
/// form of « unknown » (14 zeros), which the quality report flags for the coordinator.
const UNKNOWN_PIVOT: &str = "00000000000000";

/// Records a public suggestion about the place `place_id` (or a new place when `None`),
/// after checking the proposed values as an edit would; returns its number.
pub async fn suggest(
    store: &Store,
    place_id: Option<&str>,
    changes: &Map<String, Value>,
    commentaire: &str,
    courriel: Option<&str>,
) -> Result<i64, ContribError> {
    let commentaire = commentaire.trim();
    if commentaire.chars().count() > SuggestionLimits::COMMENT_CHARS {
        return Err(ContribError::invalid(
            "commentaire",
            format!("at most {} characters", SuggestionLimits::COMMENT_CHARS),
        ));
    }
    let courriel = courriel.map(str::trim).filter(|c| !c.is_empty());
    if let Some(c) = courriel {
        if c.chars().count() > SuggestionLimits::EMAIL_CHARS || !aiguillage_model::is_email(c) {
            return Err(ContribError::invalid(
                "courriel",
                format!("« {} » is not an e-mail address", echo(c)),
            ));
        }
    }
    if changes.len() > SuggestionLimits::FIELDS {
        return Err(ContribError::invalid("changes", "too many fields"));
    }
    if changes.is_empty() && commentaire.is_empty() {
        return Err(ContribError::invalid(
            "commentaire",
            "say what is wrong, or propose a value",
        ));
    }
    match place_id {
        Some(id) => {
            let current = stored(store, id).await?;
            validate_object(
                &apply_merge_patch(&current.place, changes)?,
                crate::places::context(),
            )?;
        }
        None => {
            new_place(changes)?;
        }
    }
    let text = Value::Object(changes.clone()).to_string();
    Ok(store
        .add_suggestion(place_id, &text, commentaire, courriel)
        .await?)
}

/// The proposed new place: the values given, with an id, an unknown pivot and today's
/// `date_maj` where the person did not give them.
fn new_place(changes: &Map<String, Value>) -> Result<Place, ContribError> {
    validate_object(
        &new_place_object(changes, "proposition"),
        crate::places::context(),
    )
}

fn new_place_object(changes: &Map<String, Value>, id: &str) -> Map<String, Value> {
    let mut object = changes.clone();
    object
        .entry(Field::Id.name())
        .or_insert_with(|| Value::String(id.to_owned()));
    object
        .entry(Field::Pivot.name())
        .or_insert_with(|| Value::String(UNKNOWN_PIVOT.to_owned()));
    object
        .entry(Field::DateMaj.name())
        .or_insert_with(|| Value::String(today().to_string()));
    object
}

/// The pending suggestions `who` moderates, oldest first.
pub async fn moderation_queue(store: &Store, who: &Contributor) -> Result<Vec<Suggestion>, ContribError> {
    who.check_moderator()?;
    let mut queue = Vec::new();
    for suggestion in store.suggestions(SuggestionStatus::Pending).await? {
        if moderates(store, who, &suggestion).await? {
            queue.push(suggestion);
        }
    }
    Ok(queue)
}

/// Whether `who` moderates the suggestion: about a place they may write, or a new place
/// that would be within their reach.
async fn moderates(store: &Store, who: &Contributor, suggestion: &Suggestion) -> Result<bool, ContribError> {
    Ok(match &suggestion.place_id {
        Some(id) => match store.get(id).await? {
            Some(place) => who.moderates(&place.place),
            // The place is gone (merged away): only admins see the suggestion.
            None => who.moderates_everything(),
        },
        None => match serde_json::from_str::<Map<String, Value>>(&suggestion.changes) {
            Ok(changes) => new_place(&changes).is_ok_and(|p| who.moderates(&p)) || who.moderates_everything(),
            Err(_) => who.moderates_everything(),
        },
    })
}

/// The pending suggestion `number`, if `who` moderates it.
async fn pending(store: &Store, who: &Contributor, number: i64) -> Result<Suggestion, ContribError> {
    who.check_moderator()?;
    let suggestion = store
        .suggestion(number)
        .await?
        .filter(|s| s.status == SuggestionStatus::Pending)
        .ok_or_else(|| ContribError::NotFound(format!("no pending suggestion {number}")))?;
    if !moderates(store, who, &suggestion).await? {
        return Err(ContribError::Forbidden(format!(
            "the suggestion {number} is outside the territories of {}",
            who.user.email
        )));
    }
    Ok(suggestion)
}

/// Accepts the suggestion `number`, with the moderator's `corrected` values over the
/// proposed ones when given: the change goes through the edit path, with its history entry.
pub async fn accept(
    store: &Store,
    who: &Contributor,
    number: i64,
    corrected: Option<&Map<String, Value>>,
) -> Result<Written, ContribError> {
    let suggestion = pending(store, who, number).await?;
    let mut changes: Map<String, Value> = serde_json::from_str(&suggestion.changes)
        .map_err(|e| ContribError::invalid("changes", format!("the stored suggestion is unreadable: {e}")))?;
    if let Some(corrected) = corrected {
        changes.extend(corrected.clone());
    }
    let motif = format!("suggestion {number}");
    let written = match &suggestion.place_id {
        Some(id) => {
            let current = stored(store, id).await?;
            patch(
                store,
                who,
                id,
                current.revision,
                &changes,
                (ChangeSource::Suggestion, Some(&motif)),
            )
            .await?
        }
        None => {
            let id = format!("suggestion-{number}");
            create(
                store,
                who,
                &new_place_object(&changes, &id),
                ChangeSource::Suggestion,
            )
            .await?
        }
    };
    if !store
        .decide_suggestion(number, SuggestionStatus::Accepted, &who.user.email, None)
        .await?
    {
        return Err(ContribError::Conflict(format!(
            "the suggestion {number} was decided meanwhile"
        )));
    }
    Ok(written)
}

/// Rejects the suggestion `number` for `motif`.
pub async fn reject(store: &Store, who: &Contributor, number: i64, motif: &str) -> Result<(), ContribError> {
    pending(store, who, number).await?;
    let motif = motif.trim();
    if motif.is_empty() || motif.chars().count() > SuggestionLimits::COMMENT_CHARS {
        return Err(ContribError::invalid(
            "motif",
            "say why, in at most 2,000 characters",
        ));
    }
    if store
        .decide_suggestion(number, SuggestionStatus::Rejected, &who.user.email, Some(motif))
        .await?
    {
        Ok(())
    } else {
        Err(ContribError::Conflict(format!(
            "the suggestion {number} was decided meanwhile"
        )))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_new_place_needs_only_what_people_know() {
        let Value::Object(changes) = json!({
            "nom": "Médiathèque", "commune": "Brest", "code_postal": "29200",
            "adresse": "1 rue de Siam", "latitude": 48.39, "longitude": -4.48
        }) else {
            unreachable!()
        };
        let place = new_place(&changes).unwrap();
        assert_eq!(place.pivot, UNKNOWN_PIVOT);
        let Value::Object(incomplete) = json!({"nom": "Médiathèque"}) else {
            unreachable!()
        };
        assert!(new_place(&incomplete).is_err());
    }
}

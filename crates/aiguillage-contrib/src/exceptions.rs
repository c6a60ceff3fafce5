//! Temporary closures and exceptional hours.

use aiguillage_model::{echo, ExceptionHours, HoursException};
use aiguillage_store::{Change, ChangeSource, NewException, Store, StoredException};
use serde::Deserialize;

use crate::places::stored;
use crate::{today, ContribError, Contributor, FieldProblem};

/// A temporary closure or exceptional hours, as requested: `du` to `au` (ISO dates), and
/// either `horaires` (time spans) or `ferme: true`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExceptionRequest {
    /// First day.
    pub du: String,
    /// Last day, included.
    pub au: String,
    /// Hours on those days (`09:00-12:00,14:00-16:00`).
    #[serde(default)]
    pub horaires: Option<String>,
    /// Closed on those days.
    #[serde(default)]
    pub ferme: Option<bool>,
    /// Why.
    #[serde(default)]
    pub motif: Option<String>,
}

impl ExceptionRequest {
    fn read(&self) -> Result<HoursException, ContribError> {
        let horaires = self.horaires.as_deref().map(str::trim).filter(|h| !h.is_empty());
        let closed = self.ferme == Some(true);
        if closed == horaires.is_some() {
            return Err(ContribError::invalid(
                "horaires",
                "give either `horaires` (the hours on those days) or `ferme: true`, not both",
            ));
        }
        HoursException::read(
            &self.du,
            &self.au,
            horaires,
            self.motif.as_deref().unwrap_or_default(),
            today(),
        )
        .map_err(|problems| ContribError::Invalid(problems.into_iter().map(FieldProblem::from).collect()))
    }
}

/// Adds an exception to the place `id`.
pub async fn add_exception(
    store: &Store,
    who: &Contributor,
    id: &str,
    request: &ExceptionRequest,
) -> Result<StoredException, ContribError> {
    let exception = request.read()?;
    let place = stored(store, id).await?;
    who.check(&place.place)?;
    let (du, au) = (exception.du.to_string(), exception.au.to_string());
    let horaires = match &exception.hours {
        ExceptionHours::Closed => None,
        ExceptionHours::Open(spans) => Some(spans.as_str()),
    };
    let motif = format!(
        "{} du {du} au {au}{}",
        if horaires.is_some() {
            "horaires exceptionnels"
        } else {
            "fermeture temporaire"
        },
        if exception.motif.is_empty() {
            String::new()
        } else {
            format!(" : {}", exception.motif)
        }
    );
    let change = Change {
        author: &who.user.email,
        source: ChangeSource::Exception,
        motif: Some(&motif),
    };
    let new = NewException {
        du: &du,
        au: &au,
        horaires,
        motif: &exception.motif,
    };
    store
        .add_exception(id, &new, &change)
        .await?
        .ok_or_else(|| ContribError::no_place(id))
}

/// Deletes the exception `number` of the place `id`.
pub async fn delete_exception(
    store: &Store,
    who: &Contributor,
    id: &str,
    number: i64,
) -> Result<(), ContribError> {
    let place = stored(store, id).await?;
    who.check(&place.place)?;
    let motif = format!("exception {number} supprimée");
    let change = Change {
        author: &who.user.email,
        source: ChangeSource::Exception,
        motif: Some(&motif),
    };
    if store.delete_exception(id, number, &change).await? {
        Ok(())
    } else {
        Err(ContribError::NotFound(format!(
            "the place « {} » has no exception {number}",
            echo(id)
        )))
    }
}

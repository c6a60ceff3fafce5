//! Data-quality problems of a territory's places, for the coordinator to send back to the
//! producers.

use aiguillage_geo::LatLon;
use chrono::{Months, NaiveDate};

use crate::{Inputs, PlaceIssue, Quality};

/// A `date_maj` older than this many months is stale.
pub const STALE_AFTER_MONTHS: u32 = 12;

/// Every problem found in the places attached to the territory (whatever the service
/// filter: the data is what it is).
pub(crate) fn quality(inputs: &Inputs<'_>, today: NaiveDate) -> Quality {
    let stale_before = today
        .checked_sub_months(Months::new(STALE_AFTER_MONTHS))
        .unwrap_or(NaiveDate::MIN);
    let mut quality = Quality::default();
    for (place, attachment) in inputs.places.iter().zip(&inputs.attached) {
        let Some(attachment) = attachment else {
            continue;
        };
        let issue = |detail: String| PlaceIssue {
            id: place.id.clone(),
            nom: place.nom.clone(),
            commune: place.commune.clone(),
            detail,
        };
        if place.date_maj < stale_before {
            quality.stale_date_maj.push(issue(format!(
                "mis à jour le {}, il y a plus de {STALE_AFTER_MONTHS} mois",
                place.date_maj.format("%d/%m/%Y")
            )));
        }
        match place.coordinates() {
            None => quality.no_coordinates.push(issue(
                "sans coordonnées : absent de la carte et de la couverture".to_owned(),
            )),
            Some((lat, lon)) if attachment.by_code => {
                let commune = &inputs.communes[attachment.commune as usize];
                if commune
                    .boundary
                    .is_some_and(|b| !b.contains(LatLon::new(lat, lon)))
                {
                    quality.outside_commune.push(issue(format!(
                        "le point ({lat:.5}, {lon:.5}) est hors des limites de {} ({})",
                        commune.territory.nom, commune.territory.code
                    )));
                }
            }
            Some(_) => {}
        }
        if let Some(error) = place.horaires.as_ref().and_then(|h| h.error()) {
            quality
                .unparsable_hours
                .push(issue(format!("horaires illisibles : {error}")));
        }
        if place.services.is_empty() {
            quality
                .missing_services
                .push(issue("aucun service renseigné".to_owned()));
        }
    }
    quality
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twelve_months_is_the_limit() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let limit = today.checked_sub_months(Months::new(STALE_AFTER_MONTHS)).unwrap();
        assert_eq!(limit, NaiveDate::from_ymd_opt(2025, 11, 23).unwrap());
    }
}

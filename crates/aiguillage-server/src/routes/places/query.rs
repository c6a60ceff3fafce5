//! Query parameters shared by the spatial endpoints: filters and the evaluation instant.

use aiguillage_geo::{Filter, Hit, LabelSet, Match};
use aiguillage_import::write::feature_at;
use aiguillage_model::{
    Dispositif, Frais, Itinerance, ModaliteAcces, ModaliteAccompagnement, Place, PriseEnCharge, Public,
    Service,
};
use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::params::Params;
use crate::ApiError;

/// Filters of a spatial query, and the instant at which opening status is reported.
pub(crate) struct PlaceQuery {
    pub filter: Filter,
    /// `open_at` when given, else now: `open_now` and `next_change` are evaluated then.
    pub at: DateTime<Utc>,
}

impl PlaceQuery {
    pub(crate) fn from_params(params: &Params) -> Result<Self, ApiError> {
        let services_match = match params.get("services_match") {
            None | Some("any") => Match::Any,
            Some("all") => Match::All,
            Some(other) => {
                return Err(ApiError::invalid_parameter(format!(
                    "services_match must be any or all, got « {other} »"
                )))
            }
        };
        let open_at = params.datetime("open_at")?;
        let open_now = params.boolean("open_now")?.unwrap_or(false);
        if open_now && open_at.is_some() {
            return Err(ApiError::invalid_parameter(
                "open_now and open_at cannot be combined: open_at already asks for places open then",
            ));
        }
        let now = Utc::now();
        let filter = Filter {
            services: LabelSet::of(&params.labels::<Service>("services")?),
            services_match,
            publics: LabelSet::of(&params.labels::<Public>("publics")?),
            prise_en_charge: LabelSet::of(&params.labels::<PriseEnCharge>("prise_en_charge")?),
            frais: LabelSet::of(&params.labels::<Frais>("frais")?),
            modalites_acces: LabelSet::of(&params.labels::<ModaliteAcces>("modalites_acces")?),
            modalites_accompagnement: LabelSet::of(
                &params.labels::<ModaliteAccompagnement>("modalites_accompagnement")?,
            ),
            dispositif: LabelSet::of(&params.labels::<Dispositif>("dispositif")?),
            itinerance: LabelSet::of(&params.labels::<Itinerance>("itinerance")?),
            typologie: params.list("typologie"),
            open_at: open_at.or(open_now.then_some(now)),
        };
        Ok(PlaceQuery {
            filter,
            at: open_at.unwrap_or(now),
        })
    }

    /// The GeoJSON Feature of a place with its opening status at the query's instant.
    pub(crate) fn feature(&self, place: &Place, distance_m: Option<f64>) -> Value {
        feature_at(place, self.at, distance_m)
    }

    pub(crate) fn hit_feature(&self, hit: &Hit<'_>) -> Value {
        self.feature(hit.place, Some(hit.distance_m))
    }
}

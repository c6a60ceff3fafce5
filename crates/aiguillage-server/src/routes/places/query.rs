//! Query parameters shared by the spatial endpoints: filters and the evaluation instant.

use aiguillage_catalog::ServedPlace;
use aiguillage_geo::{Filter, LabelSet, Match};
use aiguillage_model::{
    echo, Dispositif, Field, Frais, Itinerance, ModaliteAcces, ModaliteAccompagnement, PriseEnCharge, Public,
    Service,
};
use chrono::{DateTime, Utc};
use utoipa::openapi::path::ParameterBuilder;

use crate::openapi::params;
use crate::params::Params;
use crate::routes::JsonText;
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
                    "services_match must be any or all, got « {} »",
                    echo(other)
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

    /// The FeatureCollection of `places` (each with its distance, if any) at the query's
    /// instant, followed by the top-level `members` (already JSON: `,"name":value…`).
    pub(crate) fn feature_collection<'p>(
        &self,
        places: impl IntoIterator<Item = (&'p ServedPlace, Option<f64>)>,
        members: &str,
    ) -> JsonText {
        let mut body = String::from(r#"{"type":"FeatureCollection","features":["#);
        for (i, (place, distance_m)) in places.into_iter().enumerate() {
            if i > 0 {
                body.push(',');
            }
            place.write_feature(&mut body, self.at, distance_m);
        }
        body.push(']');
        body.push_str(members);
        body.push('}');
        JsonText(body)
    }

    /// The documentation of the parameters that [`PlaceQuery::from_params`] reads.
    pub(crate) fn parameters() -> [ParameterBuilder; 12] {
        [
            params::labels::<Service>("services", Field::Services).description(Some(
                "Only places offering any of these services (all of them with `services_match=all`), \
                 written exactly as in the standard and separated by `|`. An unknown label is a 400 \
                 error that lists the accepted ones.",
            )),
            params::one_of(
                "services_match",
                &["any", "all"],
                "Whether a place needs `any` of the `services` labels or `all` of them.",
            ),
            params::labels::<Public>("publics", Field::PublicsSpecifiquementAdresses),
            params::labels::<PriseEnCharge>("prise_en_charge", Field::PriseEnChargeSpecifique),
            params::labels::<Frais>("frais", Field::FraisACharge),
            params::labels::<ModaliteAcces>("modalites_acces", Field::ModalitesAcces),
            params::labels::<ModaliteAccompagnement>(
                "modalites_accompagnement",
                Field::ModalitesAccompagnement,
            ),
            params::labels::<Dispositif>("dispositif", Field::DispositifProgrammesNationaux),
            params::labels::<Itinerance>("itinerance", Field::Itinerance),
            params::free_list(
                "typologie",
                "Only places whose `typologie` is any of these codes (free codes of the standard such as \
                 `BIB` or `CCAS`), separated by `|`.",
            ),
            params::date_time(
                "open_at",
                "Only places open at this RFC 3339 date-time, such as `2026-12-24T10:00:00+01:00`, from \
                 1900-01-02 to 9999-12-30 (UTC: the years whose hours can be evaluated in every zone); \
                 `open_now` and `next_change` are then reported at that instant instead of now. \
                 Hours are evaluated in each place's time zone, with French public holidays. Cannot be \
                 combined with `open_now`.",
            ),
            params::boolean(
                "open_now",
                "With `true` (or `1`, in any case), only places open now. A place whose hours are \
                 unknown is never open. Cannot be combined with `open_at`.",
            ),
        ]
    }
}

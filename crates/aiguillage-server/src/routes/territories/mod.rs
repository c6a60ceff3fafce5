//! Territories and their coverage reports.

pub(crate) mod boundary;
pub(crate) mod coverage;
pub(crate) mod list;
pub(crate) mod page;
pub(crate) mod white_zones;

use aiguillage_model::{Field, Service};
use aiguillage_report::{DEFAULT_RADIUS_M, MAX_RADIUS_M, MIN_RADIUS_M};
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::Required;
use utoipa::IntoParams;

use crate::openapi::params;

/// Documentation of the `{code}` path parameter.
fn code_parameter() -> ParameterBuilder {
    ParameterBuilder::new()
        .name("code")
        .parameter_in(ParameterIn::Path)
        .required(Required::True)
        .schema(Some(
            utoipa::openapi::ObjectBuilder::new().schema_type(utoipa::openapi::schema::Type::String),
        ))
        .description(Some(
            "The territory: INSEE commune code (`29019`), EPCI SIREN (`242900314`), département \
             (`29`), région as `region:53`, or the code of an imported custom territory.",
        ))
        .example(Some(serde_json::json!("29019")))
}

/// The parameters of every report route: the territory, `radius_m` and `services`.
pub(crate) struct ReportParams;

impl IntoParams for ReportParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        [
            code_parameter(),
            params::number(
                "radius_m",
                MIN_RADIUS_M..=MAX_RADIUS_M,
                &format!(
                    "Reach in metres: a resident is covered when a matching place is within this \
                     great-circle distance. Default {DEFAULT_RADIUS_M}."
                ),
            ),
            params::labels::<Service>("services", Field::Services).description(Some(
                "Only places offering any of these services count, separated by `|`. All places when \
                 absent.",
            )),
        ]
        .into_iter()
        .map(ParameterBuilder::build)
        .collect()
    }
}

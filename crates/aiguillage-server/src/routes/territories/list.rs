//! `GET /api/v1/territories`: territories by name or code.

use aiguillage_model::encode_path_segment;
use aiguillage_territory::{Admin, Level, TerritoryRef};
use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::{IntoParams, ToSchema};

use crate::openapi::{params, responses};
use crate::params::Params;
use crate::{ApiError, AppState};

/// Territories answered when `limit` is absent.
const DEFAULT_LIMIT: usize = 20;
/// Most territories answered.
const MAX_LIMIT: usize = 200;

/// Territories found.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TerritoryList {
    /// Best matches first.
    territories: Vec<TerritoryItem>,
}

/// A territory and where its report is.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TerritoryItem {
    /// The territory.
    #[serde(flatten)]
    territory: TerritoryRef,
    /// INSEE population (`null` for custom territories).
    population: Option<u64>,
    /// The coverage document.
    coverage_url: String,
    /// The report page.
    report_url: String,
}

/// Territories by name or code
///
/// With `q`: communes, EPCI, départements and régions whose name or code matches
/// (accent- and case-insensitive; postcodes find their communes), then imported custom
/// territories. Without `q`: every région and département, then custom territories.
#[utoipa::path(
    get,
    path = "/api/v1/territories",
    operation_id = "list_territories",
    tag = "territories",
    params(ListParams),
    responses(
        (status = 200, description = "The territories.", body = TerritoryList),
        responses::InvalidParameter,
        responses::Internal,
    )
)]
pub(crate) async fn get(
    State(state): State<AppState>,
    params: Params,
) -> Result<Json<TerritoryList>, ApiError> {
    let limit = params.integer("limit", 1..=MAX_LIMIT)?.unwrap_or(DEFAULT_LIMIT);
    let query = params.get("q").map(str::trim).filter(|q| !q.is_empty());
    let admin = Admin::embedded();
    let mut found: Vec<TerritoryRef> = match query {
        Some(q) => admin.search(q, limit),
        None => admin
            .regions()
            .iter()
            .map(|r| r.territory())
            .chain(admin.departements().iter().map(|d| d.territory()))
            .collect(),
    };
    let custom = state.store.custom_territories(query).await?;
    found.extend(custom.into_iter().map(|(code, nom)| TerritoryRef {
        code,
        nom,
        level: Level::Custom,
    }));
    if query.is_some() {
        found.truncate(limit);
    }
    let territories = found
        .into_iter()
        .map(|territory| {
            let path = url_code(&territory);
            TerritoryItem {
                population: admin.population(&territory),
                coverage_url: format!("/api/v1/territories/{path}/coverage"),
                report_url: format!("/territoires/{path}"),
                territory,
            }
        })
        .collect();
    Ok(Json(TerritoryList { territories }))
}

/// How the URLs of the site name `territory`: its code, percent-encoded (a custom code may
/// hold any character), after `region:` or `custom:` for these levels.
fn url_code(territory: &TerritoryRef) -> String {
    let code = encode_path_segment(&territory.code);
    match territory.level {
        Level::Region => format!("region:{code}"),
        Level::Custom => format!("custom:{code}"),
        _ => code,
    }
}

/// The query parameters read by [`get`].
pub(crate) struct ListParams;

impl IntoParams for ListParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        [
            params::text("q", "Name, INSEE code, SIREN or postcode to look for.")
                .example(Some(serde_json::json!("Brest"))),
            params::integer(
                "limit",
                1..=MAX_LIMIT,
                DEFAULT_LIMIT,
                "Largest number of territories with `q`.",
            ),
        ]
        .into_iter()
        .map(ParameterBuilder::build)
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_percent_encoded_in_urls() {
        let territory = |code: &str, level| TerritoryRef {
            code: code.to_owned(),
            nom: String::new(),
            level,
        };
        assert_eq!(url_code(&territory("a/b c", Level::Custom)), "custom:a%2Fb%20c");
        assert_eq!(url_code(&territory("q<s>", Level::Custom)), "custom:q%3Cs%3E");
        assert_eq!(url_code(&territory("53", Level::Region)), "region:53");
        assert_eq!(url_code(&territory("29019", Level::Commune)), "29019");
    }
}

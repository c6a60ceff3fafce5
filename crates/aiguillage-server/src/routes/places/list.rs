//! `GET /api/v1/places?bbox=&<filters>&limit=&offset=`: places as a GeoJSON
//! FeatureCollection, ordered by id, optionally within a bounding box and filtered.

use aiguillage_geo::BoundingBox;
use aiguillage_model::echo;
use axum::extract::State;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::IntoParams;

use super::query::PlaceQuery;
use crate::openapi::{geojson, params, responses};
use crate::params::Params;
use crate::routes::JsonText;
use crate::{ApiError, AppState};

/// Largest page.
const MAX_LIMIT: usize = 1000;
/// Page size when `limit` is absent.
const DEFAULT_LIMIT: usize = 100;

/// One page of places
///
/// Places are ordered by `id`, optionally restricted to a bounding box, and filtered. The
/// response is a GeoJSON FeatureCollection with the paging members of OGC API – Features. An
/// offset past the end gives an empty `features` array.
#[utoipa::path(
    get,
    path = "/api/v1/places",
    operation_id = "list_places",
    tag = "places",
    params(ListParams),
    responses(
        (status = 200, description = "One page of places, as a GeoJSON FeatureCollection.", body = geojson::PlacePage),
        responses::InvalidParameter,
    )
)]
pub(crate) async fn get(State(state): State<AppState>, params: Params) -> Result<JsonText, ApiError> {
    let limit = params.integer("limit", 1..=MAX_LIMIT)?.unwrap_or(DEFAULT_LIMIT);
    let offset = params.integer("offset", 0..=usize::MAX)?.unwrap_or(0);
    let bbox = params.get("bbox").map(parse_bbox).transpose()?;
    let query = PlaceQuery::from_params(&params)?;
    let index = state.index.load();
    let places = match bbox {
        Some(bbox) => index.in_bbox(bbox, &query.filter),
        None => index.matching(&query.filter),
    };
    let page = places.iter().skip(offset).take(limit);
    // OGC API – Features names for the paging figures.
    let members = format!(
        r#","numberMatched":{},"numberReturned":{},"limit":{limit},"offset":{offset}"#,
        places.len(),
        page.len(),
    );
    Ok(query.feature_collection(page.map(|place| (*place, None)), &members))
}

/// The query parameters read by [`get`].
pub(crate) struct ListParams;

impl IntoParams for ListParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let own = [
            params::text(
                "bbox",
                "Only places inside this bounding box, edges included: `minLon,minLat,maxLon,maxLat` in \
                 WGS84 degrees, such as `-4.6,48.3,-4.3,48.5`. Without it, every place is listed, with \
                 or without coordinates.",
            ),
            params::integer("limit", 1..=MAX_LIMIT, DEFAULT_LIMIT, "Page size."),
            params::integer("offset", 0..=usize::MAX, 0, "Number of places skipped."),
        ];
        own.into_iter()
            .chain(PlaceQuery::parameters())
            .map(ParameterBuilder::build)
            .collect()
    }
}

/// `minLon,minLat,maxLon,maxLat` in degrees.
pub(crate) fn parse_bbox(raw: &str) -> Result<BoundingBox, ApiError> {
    let invalid = |why: &str| {
        ApiError::invalid_parameter(format!(
            "bbox must be minLon,minLat,maxLon,maxLat in degrees ({why}), got « {} »",
            echo(raw)
        ))
    };
    let numbers: Vec<f64> = raw
        .split(',')
        .map(|v| v.trim().parse::<f64>().ok().filter(|n| n.is_finite()))
        .collect::<Option<_>>()
        .ok_or_else(|| invalid("four numbers"))?;
    let [min_lon, min_lat, max_lon, max_lat] = numbers[..] else {
        return Err(invalid("four numbers"));
    };
    if !(-180.0..=180.0).contains(&min_lon) || !(-180.0..=180.0).contains(&max_lon) {
        return Err(invalid("longitudes from -180 to 180"));
    }
    if !(-90.0..=90.0).contains(&min_lat) || !(-90.0..=90.0).contains(&max_lat) {
        return Err(invalid("latitudes from -90 to 90"));
    }
    if min_lon > max_lon || min_lat > max_lat {
        return Err(invalid("minimums first"));
    }
    Ok(BoundingBox {
        min_lon,
        min_lat,
        max_lon,
        max_lat,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bbox_parsing() {
        let b = parse_bbox("-4.6, 48.3,-4.3,48.5").unwrap();
        assert_eq!(
            (b.min_lon, b.min_lat, b.max_lon, b.max_lat),
            (-4.6, 48.3, -4.3, 48.5)
        );
        for bad in [
            "",
            "1,2,3",
            "1,2,3,4,5",
            "a,b,c,d",
            "-4.3,48.3,-4.6,48.5",
            "0,95,1,96",
            "NaN,0,1,1",
        ] {
            assert!(parse_bbox(bad).is_err(), "{bad}");
        }
    }
}

//! `GET /api/v1/places?bbox=&<filters>&limit=&offset=`: places as a GeoJSON
//! FeatureCollection, ordered by id, optionally within a bounding box and filtered.

use aiguillage_geo::BoundingBox;
use aiguillage_import::write::feature_collection;
use axum::extract::State;
use axum::Json;
use serde_json::Value;

use super::query::PlaceQuery;
use crate::params::Params;
use crate::{ApiError, AppState};

/// Largest page.
const MAX_LIMIT: usize = 1000;
/// Page size when `limit` is absent.
const DEFAULT_LIMIT: usize = 100;

pub(crate) async fn get(State(state): State<AppState>, params: Params) -> Result<Json<Value>, ApiError> {
    let limit = params.integer("limit", 1..=MAX_LIMIT)?.unwrap_or(DEFAULT_LIMIT);
    let offset = params.integer("offset", 0..=usize::MAX)?.unwrap_or(0);
    let bbox = params.get("bbox").map(parse_bbox).transpose()?;
    let query = PlaceQuery::from_params(&params)?;
    let index = state.index.load();
    let places = match bbox {
        Some(bbox) => index.in_bbox(bbox, &query.filter),
        None => index.matching(&query.filter),
    };
    let features: Vec<Value> = places
        .iter()
        .skip(offset)
        .take(limit)
        .map(|place| query.feature(place, None))
        .collect();
    let returned = features.len();
    let mut body = feature_collection(features);
    // OGC API – Features names for the paging figures.
    body["numberMatched"] = places.len().into();
    body["numberReturned"] = returned.into();
    body["limit"] = limit.into();
    body["offset"] = offset.into();
    Ok(Json(body))
}

/// `minLon,minLat,maxLon,maxLat` in degrees.
fn parse_bbox(raw: &str) -> Result<BoundingBox, ApiError> {
    let invalid = |why: &str| {
        ApiError::invalid_parameter(format!(
            "bbox must be minLon,minLat,maxLon,maxLat in degrees ({why}), got « {raw} »"
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

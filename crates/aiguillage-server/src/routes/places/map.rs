//! `GET /api/v1/places/map?bbox=&zoom=&<filters>`: what a map draws in its viewport, the
//! places themselves when they are few, else clusters of them, so that a view of the whole
//! country stays small and quick with 100,000 places.

use std::fmt::Write;

use aiguillage_catalog::ServedPlace;
use aiguillage_geo::{
    grid_cells_spanned, grid_clusters, BoundingBox, Cluster, Indexable, LatLon, PlaceIndex,
};
use aiguillage_model::Field;
use axum::extract::State;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::Required;
use utoipa::IntoParams;

use super::list::parse_bbox;
use super::query::PlaceQuery;
use crate::openapi::{geojson, params, responses};
use crate::params::Params;
use crate::routes::JsonText;
use crate::{ApiError, AppState};

/// Most places answered one by one; beyond, the answer is clusters. A map shows a few
/// hundred markers legibly (more overlap at the zoom where they occur), and 500 light
/// features weigh ~120 KB (~235 bytes each with the generated names; long names weigh a
/// little more): within the 200 KB a map request may take.
const MAX_POINTS: usize = 500;

/// Side of a cluster's cell, in screen pixels: a quarter of a 256 px tile, so that cells
/// line up with the tiles, and about the size of a cluster's bubble (Leaflet.markercluster
/// groups markers within 80 px).
const CELL_PX: u32 = 64;

/// Most cells a viewport may span: when the bounding box spans more cells at the asked
/// zoom (a huge screen, or a box larger than the screen), the clusters are those of a lower
/// zoom. 768 cells of 64 px are a 2048 × 1536 px viewport; a cluster feature weighs at most
/// ~190 bytes, so clusters never exceed ~150 KB, whatever the number of places.
const MAX_CELLS: u64 = 768;

/// Highest zoom level accepted (that of the most detailed OpenStreetMap tiles, and more
/// than any cluster needs).
const MAX_ZOOM: u8 = 20;

/// Cluster coordinates are written with 6 decimals (~0.1 m): a mean position or a box
/// needs no more, and full `f64` digits would nearly double a cluster's size.
const DECIMALS: f64 = 1e6;

/// Places or clusters in a map viewport
///
/// The places inside the bounding box that pass the filters, as light GeoJSON Point
/// features ordered by `id` (`kind: "place"`: `id`, `nom`, `typologie`, `open_now`) when
/// there are at most 500 of them; otherwise clusters (`kind: "cluster"`: `count` and the `bbox` of their
/// places), one per square cell of 64 screen pixels at `zoom` (Web Mercator, 256 px
/// tiles), positioned at the mean position of their places and ordered by decreasing
/// `count`. Cells are anchored to the world, not the viewport: panning does not change
/// them. When the box spans more than 768 cells at `zoom`, the cells are those of the
/// highest lower zoom where it does not, so an answer stays well under 200 KB. `numberMatched`
/// counts the places in the box, `clustered` says which kind of features came.
#[utoipa::path(
    get,
    path = "/api/v1/places/map",
    operation_id = "map_places",
    tag = "places",
    params(MapParams),
    responses(
        (
            status = 200,
            description = "The places or clusters of the viewport, as a GeoJSON FeatureCollection.",
            body = geojson::MapView,
            examples(
                ("places" = (
                    summary = "The example request on the demo data: 45 places (the first two shown), on a Monday at 21:30",
                    value = json!(places_example())
                )),
                ("clusters" = (
                    summary = "France at zoom 6 with 100,000 generated places: 100 clusters (the first two shown)",
                    value = json!(clusters_example())
                )),
            )
        ),
        responses::InvalidParameter,
        responses::Internal,
    )
)]
pub(crate) async fn get(State(state): State<AppState>, params: Params) -> Result<JsonText, ApiError> {
    let bbox = parse_bbox(
        params
            .get("bbox")
            .ok_or_else(|| ApiError::invalid_parameter("bbox is required"))?,
    )?;
    let zoom = params
        .integer("zoom", 0..=MAX_ZOOM)?
        .ok_or_else(|| ApiError::invalid_parameter("zoom is required"))?;
    let query = PlaceQuery::from_params(&params)?;
    let index = state.index.load_full();
    // Clustering the whole country takes tens of milliseconds: off the async workers, so
    // that other requests are not held up meanwhile.
    let body = tokio::task::spawn_blocking(move || view(&index, bbox, zoom, &query))
        .await
        .map_err(|e| ApiError::internal(format_args!("map view failed: {e}")))?;
    Ok(JsonText(body))
}

/// The FeatureCollection of the viewport.
fn view(index: &PlaceIndex<ServedPlace>, bbox: BoundingBox, zoom: u8, query: &PlaceQuery) -> String {
    // Clusters need no order; places are listed by id (stable answers, cacheable).
    let mut places = index.in_bbox_unordered(bbox, &query.filter);
    let clustered = places.len() > MAX_POINTS;
    if !clustered {
        places.sort_by(|a, b| a.id().cmp(b.id()));
    }
    let mut body = String::from(r#"{"type":"FeatureCollection","features":["#);
    if clustered {
        let positions: Vec<LatLon> = places.iter().filter_map(|p| p.position()).collect();
        for (i, cluster) in grid_clusters(positions, fitting_zoom(bbox, zoom), CELL_PX)
            .iter()
            .enumerate()
        {
            if i > 0 {
                body.push(',');
            }
            write_cluster(&mut body, cluster);
        }
    } else {
        // A bounding box only finds places with a position.
        let located = places.iter().filter_map(|p| Some((*p, p.position()?)));
        for (i, (place, position)) in located.enumerate() {
            if i > 0 {
                body.push(',');
            }
            write_place(&mut body, place, position, query.at);
        }
    }
    let _ = write!(
        body,
        r#"],"numberMatched":{},"clustered":{clustered}}}"#,
        places.len()
    );
    body
}

/// `zoom`, or the highest lower zoom at which `bbox` spans at most [`MAX_CELLS`] cells.
fn fitting_zoom(bbox: BoundingBox, zoom: u8) -> u8 {
    (0..=zoom)
        .rev()
        .find(|z| grid_cells_spanned(bbox, *z, CELL_PX) <= MAX_CELLS)
        // At zoom 0 the world is 4 × 4 cells.
        .unwrap_or(0)
}

/// Appends a place as a light Point feature: what a marker and its popup need.
fn write_place(out: &mut String, place: &ServedPlace, position: LatLon, at: DateTime<Utc>) {
    let open_now = place.is_open_at(at);
    let feature = json!({
        "type": "Feature",
        "id": place.id(),
        "geometry": {"type": "Point", "coordinates": [position.lon, position.lat]},
        "properties": {
            "kind": "place",
            "id": place.id(),
            "nom": place.text(Field::Nom),
            "typologie": place.text(Field::Typologie),
            "open_now": open_now,
        },
    });
    out.push_str(&feature.to_string());
}

/// Appends a cluster as a Point feature at its mean position.
fn write_cluster(out: &mut String, cluster: &Cluster) {
    let b = cluster.bbox;
    // The box is rounded outwards, so that it still holds every place of the cluster.
    let feature = json!({
        "type": "Feature",
        "geometry": {
            "type": "Point",
            "coordinates": [round(cluster.center.lon), round(cluster.center.lat)],
        },
        "properties": {
            "kind": "cluster",
            "count": cluster.count,
            "bbox": [
                (b.min_lon * DECIMALS).floor() / DECIMALS,
                (b.min_lat * DECIMALS).floor() / DECIMALS,
                (b.max_lon * DECIMALS).ceil() / DECIMALS,
                (b.max_lat * DECIMALS).ceil() / DECIMALS,
            ],
        },
    });
    out.push_str(&feature.to_string());
}

/// `degrees` to 6 decimals.
fn round(degrees: f64) -> f64 {
    (degrees * DECIMALS).round() / DECIMALS
}

/// The query parameters read by [`get`].
pub(crate) struct MapParams;

impl IntoParams for MapParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let zoom = ObjectBuilder::new()
            .schema_type(Type::Integer)
            .minimum(Some(0))
            .maximum(Some(MAX_ZOOM));
        let own = [
            params::text(
                "bbox",
                "The map's viewport: `minLon,minLat,maxLon,maxLat` in WGS84 degrees, such as \
                 `-4.6,48.3,-4.3,48.5` (Leaflet's `map.getBounds().toBBoxString()`). Places on its \
                 edges are inside.",
            )
            .required(Required::True)
            .example(Some(json!("-4.6,48.3,-4.3,48.5"))),
            ParameterBuilder::new()
                .name("zoom")
                .parameter_in(ParameterIn::Query)
                .required(Required::True)
                .schema(Some(zoom))
                .description(Some(
                    "The map's zoom level (Web Mercator, 256 px tiles: Leaflet's `map.getZoom()`): \
                     clusters gather the places of 64 × 64 screen pixels at this zoom.",
                ))
                .example(Some(json!(12))),
        ];
        own.into_iter()
            .chain(PlaceQuery::parameters())
            .map(ParameterBuilder::build)
            .collect()
    }
}

/// The `places` example of the documentation: the example request's answer on the demo
/// data around Brest (abridged), captured on Monday 23 November 2026 at 21:30.
fn places_example() -> Value {
    json!({
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": "demo-brest-001",
                "geometry": {"type": "Point", "coordinates": [-4.4966, 48.3849]},
                "properties": {
                    "kind": "place",
                    "id": "demo-brest-001",
                    "nom": "Médiathèque des Capucins",
                    "typologie": "BIB",
                    "open_now": false
                }
            },
            {
                "type": "Feature",
                "id": "demo-brest-002",
                "geometry": {"type": "Point", "coordinates": [-4.4837, 48.3948]},
                "properties": {
                    "kind": "place",
                    "id": "demo-brest-002",
                    "nom": "Médiathèque Saint-Martin",
                    "typologie": "BIB",
                    "open_now": false
                }
            }
        ],
        "numberMatched": 45,
        "clustered": false
    })
}

/// The `clusters` example of the documentation (abridged): `bbox=-5.5,41.2,9.8,51.2&zoom=6`
/// over `aiguillage generate --rows 100000 --seed 42 --spread population`; Paris straddles
/// a row of cells, hence its two largest clusters.
fn clusters_example() -> Value {
    json!({
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [2.347555, 48.812314]},
                "properties": {"kind": "cluster", "count": 21132, "bbox": [1.40679, 47.99005, 2.80976, 48.92249]}
            },
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [2.342149, 48.99804]},
                "properties": {"kind": "cluster", "count": 6794, "bbox": [1.40965, 48.9225, 2.81141, 49.83757]}
            }
        ],
        "numberMatched": 100000,
        "clustered": true
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_zoom_is_lowered_until_the_box_fits() {
        let france = BoundingBox {
            min_lon: -5.5,
            min_lat: 41.2,
            max_lon: 9.8,
            max_lat: 51.2,
        };
        // ~700 px square at zoom 6: 121 cells.
        assert_eq!(fitting_zoom(france, 6), 6);
        // At zoom 9 it would be ~5,600 px: 7,400 cells; zoom 8 ~1,900; zoom 7 ~480.
        assert_eq!(fitting_zoom(france, 9), 7);
        let world = BoundingBox {
            min_lon: -180.0,
            min_lat: -90.0,
            max_lon: 180.0,
            max_lat: 90.0,
        };
        assert_eq!(fitting_zoom(world, 20), 2);
        assert!(grid_cells_spanned(world, 2, CELL_PX) <= MAX_CELLS);
    }

    #[test]
    fn clusters_are_written_with_six_decimals_and_a_box_that_holds_them() {
        let cluster = Cluster {
            center: LatLon::new(48.390_412_345_678, -4.486_123_456_789),
            count: 12,
            bbox: BoundingBox {
                min_lon: -4.500_000_4,
                min_lat: 48.380_000_6,
                max_lon: -4.470_000_4,
                max_lat: 48.400_000_6,
            },
        };
        let mut out = String::new();
        write_cluster(&mut out, &cluster);
        assert_eq!(
            out,
            r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[-4.486123,48.390412]},"properties":{"kind":"cluster","count":12,"bbox":[-4.500001,48.38,-4.47,48.400001]}}"#
        );
        // The heaviest cluster there can be stays under the size budget of MAX_CELLS.
        let heaviest = Cluster {
            center: LatLon::new(-85.123_456_7, -179.123_456_7),
            count: 100_000_000,
            bbox: BoundingBox {
                min_lon: -179.123_456_7,
                min_lat: -85.123_456_7,
                max_lon: -179.123_456_7,
                max_lat: -85.123_456_7,
            },
        };
        let mut out = String::new();
        write_cluster(&mut out, &heaviest);
        assert!(out.len() <= 195, "{} bytes: {out}", out.len());
    }
}

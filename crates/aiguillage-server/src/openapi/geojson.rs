//! Schemas of the GeoJSON that the place routes answer, built from the standard's fields.
//!
//! The features themselves are rendered by [`aiguillage_export`], as JSON values: these
//! schemas describe that output (a test checks real responses against them).

use aiguillage_model::Field;
use utoipa::openapi::schema::{
    AllOfBuilder, ArrayBuilder, KnownFormat, ObjectBuilder, OneOfBuilder, Schema, SchemaFormat, SchemaType,
    Type,
};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{PartialSchema, ToSchema};

/// Named schemas a schema refers to, as [`ToSchema::schemas`] collects them.
type Schemas = Vec<(String, RefOr<Schema>)>;

/// Adds `T` and everything it refers to.
fn collect<T: ToSchema>(schemas: &mut Schemas) {
    schemas.push((T::name().into_owned(), T::schema()));
    T::schemas(schemas);
}

/// A reference to the named schema of `T`.
fn reference<T: ToSchema>() -> Ref {
    Ref::from_schema_name(T::name())
}

/// `type` (or `type` or null, when `nullable`).
fn typed(ty: Type, nullable: bool) -> ObjectBuilder {
    let schema_type = if nullable {
        SchemaType::from_iter([ty, Type::Null])
    } else {
        SchemaType::new(ty)
    };
    ObjectBuilder::new().schema_type(schema_type)
}

/// A string that must be `value`, as GeoJSON's `type` members.
fn constant(value: &str) -> ObjectBuilder {
    typed(Type::String, false).enum_values(Some([value]))
}

/// The 32 fields of the standard « Lieux de médiation numérique », in schema order.
pub(crate) struct PlaceProperties;

impl PartialSchema for PlaceProperties {
    fn schema() -> RefOr<Schema> {
        let object = ObjectBuilder::new().description(Some(
            "The 32 fields of the standard « Lieux de médiation numérique » v1.0.2, in schema order, \
             named as in its schema (French snake_case). `latitude` and `longitude` are numbers, every \
             other field is text; multi-valued fields are one string with the values joined by `|`. \
             Blank fields are null, and every key is always present.",
        ));
        Field::ALL
            .into_iter()
            .fold(object, |object, field| {
                let ty = match field {
                    Field::Latitude | Field::Longitude => Type::Number,
                    _ => Type::String,
                };
                object
                    .property(field.name(), typed(ty, !field.is_required()))
                    .required(field.name())
            })
            .into()
    }
}

impl ToSchema for PlaceProperties {}

/// `open_now` and `next_change` at the query's instant.
pub(crate) struct OpeningStatus;

impl PartialSchema for OpeningStatus {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .description(Some(
                "Opening status at `open_at` when given, else now, evaluated in the place's time zone \
                 with French public holidays.",
            ))
            .property(
                "open_now",
                typed(Type::Boolean, true).description(Some(
                    "Whether the place is open; null when its hours are unknown (absent or not in OSM \
                     opening_hours syntax).",
                )),
            )
            .required("open_now")
            .property(
                "next_change",
                typed(Type::String, true)
                    .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
                    .description(Some(
                        "The next opening or closing, as an RFC 3339 date-time in the place's zone; null \
                         when unknown or never.",
                    )),
            )
            .required("next_change")
            .into()
    }
}

impl ToSchema for OpeningStatus {}

/// A GeoJSON Point.
pub(crate) struct Point;

impl PartialSchema for Point {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .description(Some("A GeoJSON Point."))
            .property("type", constant("Point"))
            .required("type")
            .property(
                "coordinates",
                ArrayBuilder::new()
                    .items(typed(Type::Number, false))
                    .min_items(Some(2))
                    .max_items(Some(2))
                    .description(Some("`[longitude, latitude]`, WGS84 degrees.")),
            )
            .required("coordinates")
            .into()
    }
}

impl ToSchema for Point {}

/// A GeoJSON Feature of a place whose `properties` follow `properties`.
fn feature(description: &str, properties: impl Into<RefOr<Schema>>) -> RefOr<Schema> {
    let no_geometry = typed(Type::Null, false);
    ObjectBuilder::new()
        .description(Some(description))
        .property("type", constant("Feature"))
        .required("type")
        .property(
            "id",
            typed(Type::String, false).description(Some("The place's `id`.")),
        )
        .required("id")
        .property(
            "geometry",
            OneOfBuilder::new()
                .item(reference::<Point>())
                .item(no_geometry)
                .description(Some("The place's Point, or null when it has no coordinates.")),
        )
        .required("geometry")
        .property("properties", properties)
        .required("properties")
        .into()
}

/// A place as a GeoJSON Feature: `GET /api/v1/places/{id}`.
pub(crate) struct Place;

impl PartialSchema for Place {
    fn schema() -> RefOr<Schema> {
        feature("A place as a GeoJSON Feature.", reference::<PlaceProperties>())
    }
}

impl ToSchema for Place {
    fn schemas(schemas: &mut Schemas) {
        collect::<Point>(schemas);
        collect::<PlaceProperties>(schemas);
    }
}

/// A place of a listing, with its opening status.
pub(crate) struct ListedPlace;

impl PartialSchema for ListedPlace {
    fn schema() -> RefOr<Schema> {
        feature(
            "A place as a GeoJSON Feature, with its opening status after the standard's fields.",
            AllOfBuilder::new()
                .item(reference::<PlaceProperties>())
                .item(reference::<OpeningStatus>()),
        )
    }
}

impl ToSchema for ListedPlace {
    fn schemas(schemas: &mut Schemas) {
        Place::schemas(schemas);
        collect::<OpeningStatus>(schemas);
    }
}

/// A place near the query point, with its distance and opening status.
pub(crate) struct NearbyPlace;

impl PartialSchema for NearbyPlace {
    fn schema() -> RefOr<Schema> {
        let distance = ObjectBuilder::new()
            .property(
                "distance_m",
                typed(Type::Integer, false).minimum(Some(0)).description(Some(
                    "Great-circle distance from the query point, in whole metres (haversine, mean Earth \
                     radius 6,371,008.8 m).",
                )),
            )
            .required("distance_m");
        feature(
            "A place near the query point as a GeoJSON Feature: after the standard's fields come \
             `distance_m`, `open_now` and `next_change`.",
            AllOfBuilder::new()
                .item(reference::<PlaceProperties>())
                .item(distance)
                .item(reference::<OpeningStatus>()),
        )
    }
}

impl ToSchema for NearbyPlace {
    fn schemas(schemas: &mut Schemas) {
        ListedPlace::schemas(schemas);
    }
}

/// A GeoJSON FeatureCollection of `F`.
fn collection<F: ToSchema>(description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .description(Some(description))
        .property("type", constant("FeatureCollection"))
        .required("type")
        .property("features", ArrayBuilder::new().items(reference::<F>()))
        .required("features")
}

/// One page of `GET /api/v1/places`.
pub(crate) struct PlacePage;

impl PartialSchema for PlacePage {
    fn schema() -> RefOr<Schema> {
        let count = |description: &str| {
            typed(Type::Integer, false)
                .minimum(Some(0))
                .description(Some(description))
        };
        collection::<ListedPlace>(
            "One page of places, ordered by `id`, as a GeoJSON FeatureCollection with the paging members \
             of OGC API – Features.",
        )
        .property(
            "numberMatched",
            count("Number of places matching the bounding box and filters."),
        )
        .required("numberMatched")
        .property("numberReturned", count("Number of features in this page."))
        .required("numberReturned")
        .property("limit", count("The page size used."))
        .required("limit")
        .property("offset", count("The offset used."))
        .required("offset")
        .into()
    }
}

impl ToSchema for PlacePage {
    fn schemas(schemas: &mut Schemas) {
        collect::<ListedPlace>(schemas);
    }
}

/// The answer of `GET /api/v1/places/nearest`.
pub(crate) struct NearbyPlaces;

impl PartialSchema for NearbyPlaces {
    fn schema() -> RefOr<Schema> {
        collection::<NearbyPlace>(
            "The places nearest to the query point, ordered by distance then `id`, as a GeoJSON \
             FeatureCollection.",
        )
        .into()
    }
}

impl ToSchema for NearbyPlaces {
    fn schemas(schemas: &mut Schemas) {
        collect::<NearbyPlace>(schemas);
    }
}

/// A GeoJSON Point Feature of the map view, whose `properties` follow `properties`.
fn map_feature(description: &str, properties: ObjectBuilder) -> ObjectBuilder {
    ObjectBuilder::new()
        .description(Some(description))
        .property("type", constant("Feature"))
        .required("type")
        .property("geometry", reference::<Point>())
        .required("geometry")
        .property("properties", properties)
        .required("properties")
}

/// A place of `GET /api/v1/places/map`, with what a marker and its popup need.
pub(crate) struct MapPlace;

impl PartialSchema for MapPlace {
    fn schema() -> RefOr<Schema> {
        let properties = ObjectBuilder::new()
            .property("kind", constant("place"))
            .required("kind")
            .property(
                "id",
                typed(Type::String, false).description(Some("The place's `id`.")),
            )
            .required("id")
            .property(
                "nom",
                typed(Type::String, false).description(Some("The place's `nom`.")),
            )
            .required("nom")
            .property(
                "typologie",
                typed(Type::String, true).description(Some(
                    "The place's `typologie` codes joined by `|`, or null when it has none.",
                )),
            )
            .required("typologie")
            .property(
                "open_now",
                typed(Type::Boolean, true).description(Some(
                    "Whether the place is open at `open_at` when given, else now; null when its hours \
                     are unknown.",
                )),
            )
            .required("open_now");
        map_feature(
            "A place as a GeoJSON Point Feature with light properties; `GET /api/v1/places/{id}` gives \
             all its fields.",
            properties,
        )
        .property(
            "id",
            typed(Type::String, false).description(Some("The place's `id`.")),
        )
        .required("id")
        .into()
    }
}

impl ToSchema for MapPlace {
    fn schemas(schemas: &mut Schemas) {
        collect::<Point>(schemas);
    }
}

/// A cluster of places of `GET /api/v1/places/map`.
pub(crate) struct MapCluster;

impl PartialSchema for MapCluster {
    fn schema() -> RefOr<Schema> {
        let degrees = typed(Type::Number, false);
        let properties = ObjectBuilder::new()
            .property("kind", constant("cluster"))
            .required("kind")
            .property(
                "count",
                typed(Type::Integer, false)
                    .minimum(Some(1))
                    .description(Some("Number of places in the cluster.")),
            )
            .required("count")
            .property(
                "bbox",
                ArrayBuilder::new()
                    .items(degrees)
                    .min_items(Some(4))
                    .max_items(Some(4))
                    .description(Some(
                        "`[minLon, minLat, maxLon, maxLat]` of the cluster's places, rounded outwards to \
                         6 decimals: a map zoomed to it shows them all.",
                    )),
            )
            .required("bbox");
        map_feature(
            "The places of one square cell of 64 screen pixels, as a GeoJSON Point Feature at their \
             mean position (6 decimals).",
            properties,
        )
        .into()
    }
}

impl ToSchema for MapCluster {
    fn schemas(schemas: &mut Schemas) {
        collect::<Point>(schemas);
    }
}

/// A feature of the map view: a place or a cluster, told apart by `properties.kind`.
pub(crate) struct MapFeature;

impl PartialSchema for MapFeature {
    fn schema() -> RefOr<Schema> {
        OneOfBuilder::new()
            .item(reference::<MapPlace>())
            .item(reference::<MapCluster>())
            .description(Some(
                "A place (`properties.kind` is `place`) or a cluster of places (`cluster`).",
            ))
            .into()
    }
}

impl ToSchema for MapFeature {
    fn schemas(schemas: &mut Schemas) {
        collect::<MapPlace>(schemas);
        collect::<MapCluster>(schemas);
    }
}

/// The answer of `GET /api/v1/places/map`.
pub(crate) struct MapView;

impl PartialSchema for MapView {
    fn schema() -> RefOr<Schema> {
        collection::<MapFeature>(
            "What a map draws in its viewport, as a GeoJSON FeatureCollection: every place of the \
             bounding box passing the filters, or clusters of them when there are more than 500.",
        )
        .property(
            "numberMatched",
            typed(Type::Integer, false)
                .minimum(Some(0))
                .description(Some("Number of places in the bounding box passing the filters.")),
        )
        .required("numberMatched")
        .property(
            "clustered",
            typed(Type::Boolean, false).description(Some(
                "Whether the features are clusters (`true`) or the places themselves (`false`).",
            )),
        )
        .required("clustered")
        .into()
    }
}

impl ToSchema for MapView {
    fn schemas(schemas: &mut Schemas) {
        collect::<MapFeature>(schemas);
    }
}

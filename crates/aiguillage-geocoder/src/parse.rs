//! Reading a BAN / addok answer. Walks a `serde_json::Value` by hand rather than deriving
//! `Deserialize`, so that one odd feature is skipped instead of failing the whole answer.

use serde_json::Value;

use crate::{Address, GeocoderError};

/// The readable features of a GeoJSON `FeatureCollection`, in the order given.
pub(crate) fn addresses(answer: &Value) -> Result<Vec<Address>, GeocoderError> {
    let Some(object) = answer.as_object() else {
        return Err(GeocoderError::Malformed(format!(
            "expected a JSON object, got {}",
            kind_of(answer)
        )));
    };
    match object.get("features") {
        Some(Value::Array(features)) => Ok(features.iter().filter_map(address).collect()),
        Some(other) => Err(GeocoderError::Malformed(format!(
            "\"features\" should be an array, got {}",
            kind_of(other)
        ))),
        None => Err(GeocoderError::Malformed("no \"features\" member".to_owned())),
    }
}

/// Whether the point lies on Earth: finite, latitude within ±90°, longitude within ±180°.
pub(crate) fn valid_lat_lon(lat: f64, lon: f64) -> bool {
    // `contains` is false for NaN, and infinities are outside the ranges.
    (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)
}

/// One feature, or `None` when it has no usable point or label.
fn address(feature: &Value) -> Option<Address> {
    let geometry = feature.get("geometry")?;
    if geometry.get("type")?.as_str()? != "Point" {
        return None;
    }
    // GeoJSON order is [lon, lat]; a third member (altitude) may follow and is ignored.
    let coordinates = geometry.get("coordinates")?.as_array()?;
    let lon = coordinates.first()?.as_f64()?;
    let lat = coordinates.get(1)?.as_f64()?;
    if !valid_lat_lon(lat, lon) {
        return None;
    }
    let properties = feature.get("properties")?;
    Some(Address {
        label: text(properties, "label")?,
        lat,
        lon,
        score: properties
            .get("score")
            .and_then(Value::as_f64)
            .filter(|score| score.is_finite()),
        kind: text(properties, "type"),
        postcode: text(properties, "postcode"),
        citycode: text(properties, "citycode"),
        city: text(properties, "city"),
    })
}

/// A non-blank string property, trimmed. Numbers are not converted: a postcode or INSEE code
/// given as a number may have lost its leading zero.
fn text(properties: &Value, key: &str) -> Option<String> {
    let value = properties.get(key)?.as_str()?.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn point(lon: Value, lat: Value) -> Value {
        json!({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
               "properties": {"label": "Place de la Liberté 29200 Brest"}})
    }

    #[test]
    fn odd_features_are_skipped() {
        let good = point(json!(-4.486), json!(48.39));
        let answer = json!({"type": "FeatureCollection", "features": [
            null, 1, "x", [], {},
            {"geometry": null, "properties": {"label": "a"}},
            {"geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}, "properties": {"label": "a"}},
            {"geometry": {"type": "Point", "coordinates": "0,0"}, "properties": {"label": "a"}},
            {"geometry": {"type": "Point", "coordinates": [1]}, "properties": {"label": "a"}},
            {"geometry": {"type": "Point"}, "properties": {"label": "a"}},
            {"geometry": {"type": "Point", "coordinates": [0, 0]}},
            {"geometry": {"type": "Point", "coordinates": [0, 0]}, "properties": {"label": 3}},
            {"geometry": {"type": "Point", "coordinates": [0, 0]}, "properties": {"label": "  "}},
            point(json!("1"), json!(2)),
            point(json!(null), json!(2)),
            point(json!(181.0), json!(2)),
            point(json!(2), json!(-90.5)),
            point(json!(1e300), json!(2)),
            good,
        ]});
        let found = addresses(&answer).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].label, "Place de la Liberté 29200 Brest");
        assert_eq!((found[0].lat, found[0].lon), (48.39, -4.486));
        assert_eq!(found[0].score, None);
        assert_eq!(found[0].city, None);
    }

    #[test]
    fn three_coordinates_and_odd_properties() {
        let answer = json!({"features": [{"geometry": {"type": "Point", "coordinates": [2.29, 49.89, 30.0]},
            "properties": {"label": " 8 Boulevard du Port 80000 Amiens ", "score": "high", "type": 7,
                           "postcode": 80000, "citycode": "80021", "city": ["Amiens"]}}]});
        let found = addresses(&answer).unwrap();
        assert_eq!(
            found,
            vec![Address {
                label: "8 Boulevard du Port 80000 Amiens".to_owned(),
                lat: 49.89,
                lon: 2.29,
                score: None,
                kind: None,
                postcode: None,
                citycode: Some("80021".to_owned()),
                city: None,
            }]
        );
    }

    #[test]
    fn answers_without_features_are_malformed() {
        for answer in [
            json!(null),
            json!([]),
            json!("x"),
            json!({}),
            json!({"features": {}}),
            json!({"features": null}),
        ] {
            let error = addresses(&answer).unwrap_err();
            assert!(matches!(error, GeocoderError::Malformed(_)), "{answer}: {error}");
        }
        assert_eq!(addresses(&json!({"features": []})).unwrap(), vec![]);
    }

    #[test]
    fn points_on_earth() {
        assert!(valid_lat_lon(48.39, -4.48));
        assert!(valid_lat_lon(-90.0, 180.0));
        for (lat, lon) in [(f64::NAN, 0.0), (0.0, f64::INFINITY), (90.1, 0.0), (0.0, -180.1)] {
            assert!(!valid_lat_lon(lat, lon), "{lat} {lon}");
        }
    }
}

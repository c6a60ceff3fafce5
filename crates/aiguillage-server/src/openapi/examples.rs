//! The example of `GET /api/v1/places/nearest`, on the demo data of Brest métropole.
//!
//! The response example is the server's real answer to the example request (a test of the
//! `aiguillage` binary checks that they still agree).

use serde_json::{json, Value};
use utoipa::openapi::path::{Parameter, ParameterBuilder};

/// The example value of the nearest query's parameter `name`, if the example sets it: two
/// places helping with administrative procedures near Place de la Liberté, Brest, on a
/// Tuesday morning.
fn nearest_example(name: &str) -> Option<Value> {
    let value = match name {
        "lat" => json!(48.3904),
        "lon" => json!(-4.4861),
        "limit" => json!(2),
        "services" => json!(["Aide aux démarches administratives"]),
        "open_at" => json!("2026-12-01T10:00:00+01:00"),
        _ => return None,
    };
    Some(value)
}

/// The parameters of the nearest query, with the example's values.
pub(crate) fn nearest_request(parameters: impl IntoIterator<Item = ParameterBuilder>) -> Vec<Parameter> {
    parameters
        .into_iter()
        .map(|builder| {
            let parameter = builder.build();
            match nearest_example(&parameter.name) {
                Some(example) => ParameterBuilder::from(parameter).example(Some(example)).build(),
                None => parameter,
            }
        })
        .collect()
}

/// The answer to the example request.
pub(crate) fn nearest_response() -> Value {
    serde_json::from_str(include_str!("examples/nearest-brest.json")).expect("the example is JSON")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_response_example_is_a_feature_collection() {
        let example = super::nearest_response();
        assert_eq!(example["type"], "FeatureCollection");
        assert_eq!(example["features"].as_array().map(Vec::len), Some(2));
    }
}

//! Rendering of schemas and texts of the OpenAPI document.

use maud::{html, Markup};
use serde_json::Value;

/// `value`, or what its `$ref` points to in `doc`.
pub(super) fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    value["$ref"]
        .as_str()
        .and_then(|reference| doc.pointer(reference.trim_start_matches('#')))
        .unwrap_or(value)
}

/// The name of the schema a `$ref` points to.
fn schema_name(reference: &str) -> &str {
    reference.rsplit('/').next().unwrap_or(reference)
}

/// The page's anchor of a named schema.
fn schema_anchor(name: &str) -> String {
    format!("schema-{name}")
}

/// A short description of a schema's type, with its constraints; named schemas link to
/// their description.
pub(super) fn type_label(schema: &Value) -> Markup {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = schema_name(reference);
        return html! { a href={ "#" (schema_anchor(name)) } { (name) } };
    }
    for (key, joiner) in [("oneOf", " ou "), ("anyOf", " ou "), ("allOf", " et ")] {
        if let Some(items) = schema[key].as_array() {
            return html! {
                @for (i, item) in items.iter().enumerate() {
                    @if i > 0 { (joiner) }
                    (type_label(item))
                }
            };
        }
    }
    if let Some([constant]) = schema["enum"].as_array().map(Vec::as_slice) {
        return html! { code { (constant) } };
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    html! {
        @for (i, ty) in types.iter().enumerate() {
            @if i > 0 { " ou " }
            @if *ty == "array" {
                "liste de " (type_label(&schema["items"]))
            } @else if let Some(properties) = schema["properties"].as_object() {
                (ty) " { "
                @for (i, name) in properties.keys().enumerate() {
                    @if i > 0 { ", " }
                    code { (name) }
                }
                " }"
            } @else {
                (ty)
            }
        }
        @if let Some(format) = schema["format"].as_str() { " (" (format) ")" }
        @match (&schema["minimum"], &schema["maximum"]) {
            (Value::Number(min), Value::Number(max)) => { ", de " (min) " à " (max) }
            (Value::Number(min), _) => { ", au moins " (min) }
            (_, Value::Number(max)) => { ", au plus " (max) }
            _ => {}
        }
    }
}

/// A text of the document (in English): paragraphs separated by blank lines, with `code` spans.
pub(super) fn paragraphs(text: &str) -> Markup {
    html! {
        @for paragraph in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
            p lang="en" { (inline(paragraph)) }
        }
    }
}

/// One line of text, whose parts between backquotes are code.
pub(super) fn inline(text: &str) -> Markup {
    html! {
        @for (i, part) in text.split('`').enumerate() {
            @if i % 2 == 1 { code { (part) } } @else { (part) }
        }
    }
}

/// A JSON value, indented.
pub(super) fn json_block(value: &Value) -> Markup {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    html! { pre { code { (text) } } }
}

/// The named schemas, with their properties.
pub(super) fn schemas(doc: &Value) -> Markup {
    html! {
        section id="schemas" {
            h2 { "Schémas" }
            @for (name, schema) in doc["components"]["schemas"].as_object().into_iter().flatten() {
                article.schema id=(schema_anchor(name)) {
                    h3 { (name) }
                    (paragraphs(schema["description"].as_str().unwrap_or_default()))
                    (properties(schema))
                }
            }
        }
    }
}

/// The properties of an object schema, or of each part of a composition.
fn properties(schema: &Value) -> Markup {
    let required: Vec<&str> = schema["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    html! {
        @if let Some(parts) = schema["allOf"].as_array() {
            p { "Toutes les propriétés de : " }
            ul {
                @for part in parts {
                    li {
                        @if part.get("$ref").is_some() { (type_label(part)) } @else { (properties(part)) }
                    }
                }
            }
        }
        @if let Some(values) = schema["enum"].as_array() {
            p { "Valeurs : " @for (i, v) in values.iter().enumerate() { @if i > 0 { ", " } code { (v) } } }
        }
        @if let Some(properties) = schema["properties"].as_object() {
            table {
                thead { tr { th { "Propriété" } th { "Type" } th { "Toujours présente" } th { "Description" } } }
                tbody {
                    @for (name, property) in properties {
                        tr {
                            td { code { (name) } }
                            td { (type_label(property)) }
                            td { @if required.contains(&name.as_str()) { "oui" } @else { "non" } }
                            td { (paragraphs(property["description"].as_str().unwrap_or_default())) }
                        }
                    }
                }
            }
        }
    }
}

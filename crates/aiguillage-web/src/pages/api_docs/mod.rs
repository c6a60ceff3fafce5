//! `/api/docs`: the API's OpenAPI document rendered as HTML, in French.
//!
//! The page is rendered from the document's JSON, so it shows exactly what
//! `/api/openapi.json` says. Every text is escaped by `maud`; the page has no script and loads
//! only its own stylesheet (`api-docs.css`).

mod schema;

use maud::{html, Markup};
use serde_json::Value;

use super::layout::{document, Frame, Styles};
use crate::assets::{self, Asset};
use schema::{inline, json_block, paragraphs, resolve, schemas, type_label};

/// The page's embedded stylesheet.
const STYLESHEET: &str = "api-docs.css";

/// The Content-Security-Policy of the page: it loads its stylesheet and nothing else (no
/// script, no third-party resource).
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The HTTP methods an operation may have, in display order.
const METHODS: [&str; 8] = [
    "get", "head", "post", "put", "patch", "delete", "options", "trace",
];

/// The documentation page of an OpenAPI 3.1 document, given as JSON.
pub fn render(openapi: &Value) -> String {
    page(openapi).into_string()
}

/// The page's stylesheet. The page links it under `/assets/`; the server also serves it at
/// `/api/docs/style.css`, the address its OpenAPI document gives.
///
/// # Panics
///
/// Never: `build.rs` embeds every stylesheet of `web/src`, and a test checks this one.
pub fn stylesheet() -> &'static Asset {
    assets::get(STYLESHEET).expect("web/src/api-docs.css is embedded")
}

/// An operation of the document: a method on a path.
#[derive(Clone, Copy)]
struct Operation<'a> {
    method: &'a str,
    path: &'a str,
    spec: &'a Value,
}

impl Operation<'_> {
    /// The page's anchor of the operation.
    fn anchor(&self) -> &str {
        self.spec["operationId"].as_str().unwrap_or(self.path)
    }

    fn summary(&self) -> &str {
        self.spec["summary"].as_str().unwrap_or_default()
    }

    fn tag(&self) -> Option<&str> {
        self.spec["tags"][0].as_str()
    }
}

/// A tag (`None` for untagged operations) and its operations.
type Section<'a> = (Option<&'a Value>, Vec<Operation<'a>>);

/// Every operation, in the document's order, grouped by their first tag in the order of the
/// document's tags (untagged operations last).
fn sections(doc: &Value) -> Vec<Section<'_>> {
    let mut operations = Vec::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for method in METHODS {
            if let Some(spec) = item.get(method) {
                operations.push(Operation { method, path, spec });
            }
        }
    }
    let tags: Vec<&Value> = doc["tags"].as_array().into_iter().flatten().collect();
    let tagged = |tag: Option<&str>| -> Vec<Operation<'_>> {
        operations.iter().filter(|op| op.tag() == tag).copied().collect()
    };
    let mut sections: Vec<Section<'_>> = tags
        .iter()
        .map(|tag| (Some(*tag), tagged(tag["name"].as_str())))
        .collect();
    let untagged = operations
        .iter()
        .filter(|op| !tags.iter().any(|tag| tag["name"].as_str() == op.tag()))
        .copied()
        .collect();
    sections.push((None, untagged));
    sections.retain(|(_, ops)| !ops.is_empty());
    sections
}

fn page(doc: &Value) -> Markup {
    let info = &doc["info"];
    let title = info["title"].as_str().unwrap_or("API");
    let sections = sections(doc);
    let body = html! {
        header {
            h1 { "API " (title) }
            p.meta {
                "Version " (info["version"].as_str().unwrap_or_default())
                " · OpenAPI " (doc["openapi"].as_str().unwrap_or_default())
                " · " a href="/api/openapi.json" { "document OpenAPI (JSON)" }
            }
            (paragraphs(info["description"].as_str().unwrap_or_default()))
            p.note {
                "Les descriptions sont celles du document OpenAPI, en anglais. Les noms des champs \
                 et les valeurs des énumérations sont ceux du standard « Lieux de médiation numérique »."
            }
        }
        nav aria-label="Sommaire" {
            h2 { "Sommaire" }
            ul {
                @for (_, ops) in &sections {
                    @for op in ops {
                        li {
                            a href={ "#" (op.anchor()) } {
                                code { (op.method.to_uppercase()) " " (op.path) }
                            }
                            " — " span lang="en" { (inline(op.summary())) }
                        }
                    }
                }
                li { a href="#erreurs" { "Erreurs" } }
                li { a href="#schemas" { "Schémas" } }
            }
        }
        main {
            @for (tag, ops) in &sections {
                section {
                    @if let Some(tag) = tag {
                        h2 { (tag["name"].as_str().unwrap_or_default()) }
                        (paragraphs(tag["description"].as_str().unwrap_or_default()))
                    } @else {
                        h2 { "Autres routes" }
                    }
                    @for op in ops { (operation(doc, op)) }
                }
            }
            (errors(doc))
            (schemas(doc))
        }
    };
    document(
        &Frame {
            title: &format!("API {title} — documentation"),
            stylesheets: &[STYLESHEET],
            styles: Styles::Linked,
            scripts: &[],
            body_class: None,
        },
        body,
    )
}

fn operation(doc: &Value, op: &Operation<'_>) -> Markup {
    let parameters: Vec<&Value> = op.spec["parameters"].as_array().into_iter().flatten().collect();
    let responses = op.spec["responses"].as_object();
    let example = example_request(op, &parameters);
    html! {
        article.operation id=(op.anchor()) {
            h3 {
                span.method { (op.method.to_uppercase()) } " " code { (op.path) }
            }
            p.summary lang="en" { (inline(op.summary())) }
            (paragraphs(op.spec["description"].as_str().unwrap_or_default()))
            @if !parameters.is_empty() {
                h4 { "Paramètres" }
                table {
                    thead {
                        tr { th { "Nom" } th { "Où" } th { "Type" } th { "Obligatoire" } th { "Par défaut" } th { "Description" } }
                    }
                    tbody {
                        @for p in &parameters { (parameter(doc, p)) }
                    }
                }
            }
            @if let Some(example) = example {
                h4 { "Exemple de requête" }
                pre.request { code { (op.method.to_uppercase()) " " (example) } }
            }
            h4 { "Réponses" }
            table {
                thead { tr { th { "Code" } th { "Description" } th { "Contenu" } } }
                tbody {
                    @for (status, response) in responses.into_iter().flatten() {
                        @let shared = response["$ref"].as_str().map(error_anchor);
                        @let response = resolve(doc, response);
                        tr {
                            td { code { (status) } }
                            td lang="en" {
                                (inline(response["description"].as_str().unwrap_or_default()))
                                @if let Some(anchor) = shared {
                                    " " a lang="fr" href={ "#" (anchor) } { "Exemple" }
                                }
                            }
                            td { (content(response)) }
                        }
                    }
                }
            }
            // The examples of shared responses are in the errors' section.
            @for (status, response) in responses.into_iter().flatten() {
                @if response.get("$ref").is_none() { (examples(Some(status), response)) }
            }
        }
    }
}

fn parameter(doc: &Value, p: &Value) -> Markup {
    let schema = resolve(doc, &p["schema"]);
    let accepted = schema["enum"].as_array().or(schema["items"]["enum"].as_array());
    let place = match p["in"].as_str() {
        Some("query") => "requête",
        Some("path") => "chemin",
        Some("header") => "en-tête",
        other => other.unwrap_or_default(),
    };
    let separated = p["style"] == "pipeDelimited";
    html! {
        tr {
            td { code { (p["name"].as_str().unwrap_or_default()) } }
            td { (place) }
            td {
                (type_label(&p["schema"]))
                @if separated { ", séparateur " code { "|" } }
            }
            td { @if p["required"] == true { "oui" } @else { "non" } }
            td {
                @match &schema["default"] {
                    Value::Null => "—",
                    default => code { (compact(default)) },
                }
            }
            td {
                (paragraphs(p["description"].as_str().unwrap_or_default()))
                @if let Some(values) = accepted {
                    details {
                        summary { "Valeurs acceptées (" (values.len()) ")" }
                        ul.values { @for v in values { li { code { (compact(v)) } } } }
                    }
                }
                @if let Some(example) = p.get("example") {
                    p.example { "Exemple : " code { (compact(example)) } }
                }
            }
        }
    }
}

/// A value as written in a URL or a table: strings without quotes, lists joined by `|`.
fn compact(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(compact).collect::<Vec<_>>().join("|"),
        other => other.to_string(),
    }
}

/// The operation's path and query with the parameters' examples, when it has any.
fn example_request(op: &Operation<'_>, parameters: &[&Value]) -> Option<String> {
    let examples: Vec<(&str, &str, String)> = parameters
        .iter()
        .filter_map(|p| {
            let example = p.get("example")?;
            Some((p["name"].as_str()?, p["in"].as_str()?, compact(example)))
        })
        .collect();
    if examples.is_empty() {
        return None;
    }
    let mut url = url::Url::parse("http://localhost/").expect("a valid base");
    let segments = op.path.trim_start_matches('/').split('/').map(|segment| {
        examples
            .iter()
            .find(|(name, place, _)| *place == "path" && segment == format!("{{{name}}}"))
            .map_or(segment, |(_, _, value)| value.as_str())
    });
    url.path_segments_mut()
        .expect("a base URL")
        .clear()
        .extend(segments);
    for (name, place, value) in &examples {
        if *place == "query" {
            url.query_pairs_mut().append_pair(name, value);
        }
    }
    Some(match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    })
}

/// The content types of a response, with their schemas.
fn content(response: &Value) -> Markup {
    html! {
        @for (media_type, media) in response["content"].as_object().into_iter().flatten() {
            p.content {
                code { (media_type) }
                @if media.get("schema").is_some() { " : " (type_label(&media["schema"])) }
            }
        }
    }
}

/// The examples of a response.
fn examples(status: Option<&str>, response: &Value) -> Markup {
    let caption = |summary: Option<&str>| {
        html! {
            figcaption {
                "Exemple"
                @if let Some(status) = status { " de réponse " code { (status) } }
                @if let Some(summary) = summary { " : " span lang="en" { (inline(summary)) } }
            }
        }
    };
    html! {
        @for media in response["content"].as_object().into_iter().flatten().map(|(_, m)| m) {
            @for (name, example) in media["examples"].as_object().into_iter().flatten() {
                figure.example {
                    (caption(example["summary"].as_str().or(Some(name))))
                    (json_block(&example["value"]))
                }
            }
            @if let Some(example) = media.get("example") {
                figure.example {
                    (caption(None))
                    (json_block(example))
                }
            }
        }
    }
}

/// The page's anchor of a shared response, from its name or a `$ref` to it.
fn error_anchor(reference: &str) -> String {
    format!("erreur-{}", reference.rsplit('/').next().unwrap_or(reference))
}

/// The reusable error responses.
fn errors(doc: &Value) -> Markup {
    html! {
        section id="erreurs" {
            h2 { "Erreurs" }
            p {
                "Toute erreur est un objet JSON " code { "{\"error\": {\"code\", \"message\"}}" }
                " : " code { "code" } " est stable et destiné aux programmes, " code { "message" }
                " aux personnes."
            }
            @for (name, response) in doc["components"]["responses"].as_object().into_iter().flatten() {
                article.operation id=(error_anchor(name)) {
                    h3 { (name) }
                    (paragraphs(response["description"].as_str().unwrap_or_default()))
                    @for (header, spec) in response["headers"].as_object().into_iter().flatten() {
                        p { "En-tête " code { (header) } " : " (inline(spec["description"].as_str().unwrap_or_default())) }
                    }
                    (examples(None, response))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_of_the_document_are_escaped() {
        let document = serde_json::json!({
            "openapi": "3.1.0",
            "info": {
                "title": "<script>alert(1)</script>",
                "description": "a `<b>` & \"c\"",
                "version": "0.1.0",
            },
            "paths": {},
        });
        let page = render(&document);
        assert!(!page.contains("<script>"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(page.contains("<p lang=\"en\">a <code>&lt;b&gt;</code> &amp; &quot;c&quot;</p>"));
    }

    #[test]
    fn example_requests_encode_their_values() {
        let spec = serde_json::json!({});
        let op = Operation {
            method: "get",
            path: "/api/v1/places/{id}",
            spec: &spec,
        };
        let id = serde_json::json!({"name": "id", "in": "path", "example": "a b"});
        let at =
            serde_json::json!({"name": "open_at", "in": "query", "example": "2026-12-01T10:00:00+01:00"});
        let labels = serde_json::json!({"name": "publics", "in": "query", "example": ["Seniors", "Jeunes"]});
        assert_eq!(
            example_request(&op, &[&id, &at, &labels]).as_deref(),
            Some("/api/v1/places/a%20b?open_at=2026-12-01T10%3A00%3A00%2B01%3A00&publics=Seniors%7CJeunes")
        );
        assert_eq!(example_request(&op, &[]), None);
    }

    #[test]
    fn the_stylesheet_is_embedded() {
        let css = std::str::from_utf8(stylesheet().bytes).expect("UTF-8");
        assert!(css.contains(".operation, .schema"));
        assert_eq!(stylesheet().content_type, "text/css; charset=utf-8");
    }
}

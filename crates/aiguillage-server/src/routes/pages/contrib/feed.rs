//! `GET /territoires/{code}/modifications.atom`: a territory's latest changes, for
//! coordinators following it in a feed reader.

use aiguillage_contrib::{area, public_author, FieldChange as Changed};
use aiguillage_model::Field;
use aiguillage_store::{ChangeSource, HistoryEntry};
use aiguillage_territory::Admin;
use aiguillage_web::atom::{changes_feed, ChangesFeed, FeedEntry, CONTENT_TYPE};
use aiguillage_web::pages::contrib::history::{Change, ChangeSource as Source};
use aiguillage_web::pages::contrib::{FieldChange, PlaceLink};
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE as CONTENT_TYPE_HEADER};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use chrono::{DateTime, Utc};

use crate::extract::PagePath;
use crate::page_error::PageError;
use crate::serve::LocalAddr;
use crate::site;
use crate::AppState;

/// Entries in the feed.
const ENTRIES: usize = 50;
/// History entries read at most to find them: a feed request costs a bounded amount of
/// work, whatever the size of the history.
const SCANNED: u32 = 5_000;
/// History entries read per query.
const PAGE: u32 = 500;

/// The source of a change as pages word it.
pub(crate) fn source(source: ChangeSource) -> Source {
    match source {
        ChangeSource::Import => Source::Import,
        ChangeSource::Edit => Source::Edit,
        ChangeSource::Suggestion => Source::Suggestion,
        ChangeSource::Revert => Source::Revert,
        ChangeSource::Close => Source::Close,
        ChangeSource::Confirm => Source::Confirm,
        ChangeSource::Exception => Source::Exception,
    }
}

/// A change as pages show it.
pub(crate) fn change(entry: &HistoryEntry, changes: &[Changed]) -> Change {
    Change {
        id: u64::try_from(entry.id).unwrap_or_default(),
        at: DateTime::parse_from_rfc3339(&entry.at).map_or_else(|_| Utc::now(), |d| d.with_timezone(&Utc)),
        author: public_author(&entry.author),
        source: source(entry.source),
        fields: changes
            .iter()
            .filter_map(|c| {
                Some(FieldChange {
                    field: Field::from_name(&c.field)?,
                    before: c.before.clone().unwrap_or_default(),
                    after: c.after.clone().unwrap_or_default(),
                })
            })
            .collect(),
    }
}

/// The feed.
pub(super) async fn get(
    State(state): State<AppState>,
    PagePath(code): PagePath<String>,
    headers: HeaderMap,
    local: Option<Extension<LocalAddr>>,
) -> Result<Response, PageError> {
    let Some(area) = area(&state.store, &code).await.map_err(PageError::internal)? else {
        return Err(PageError::not_found(
            "Territoire introuvable",
            "Aucun territoire n'a ce code.",
        ));
    };
    let admin = Admin::embedded();
    let mut entries = Vec::new();
    let mut before = None;
    let mut scanned = 0;
    while entries.len() < ENTRIES && scanned < SCANNED {
        let page = state
            .store
            .recent_history(before, PAGE)
            .await
            .map_err(PageError::internal)?;
        let Some(last) = page.last() else { break };
        before = Some(last.id);
        scanned += PAGE;
        for entry in page {
            let Ok(place) = entry.place() else { continue };
            if !area.attaches(&place, admin) {
                continue;
            }
            let previous = state
                .store
                .entry_before(&entry.place_id, entry.id)
                .await
                .map_err(PageError::internal)?;
            let changes = aiguillage_contrib::changes_between(previous.as_ref(), &entry);
            entries.push(FeedEntry {
                place: PlaceLink {
                    id: place.id.clone(),
                    nom: place.nom.clone(),
                },
                change: change(&entry, &changes),
            });
            if entries.len() == ENTRIES {
                break;
            }
        }
    }
    let base_url = match &state.web.public_url {
        Some(url) => url.as_str().trim_end_matches('/').to_owned(),
        None => site::authority(&headers, local.map(|Extension(l)| l))
            .map_or_else(String::new, |host| format!("http://{host}")),
    };
    let feed = changes_feed(&ChangesFeed {
        base_url,
        territory_code: area.territory.code.clone(),
        territory_name: area.territory.nom.clone(),
        updated: entries.first().map_or_else(Utc::now, |e| e.change.at),
        entries,
    });
    let mut response = (StatusCode::OK, feed).into_response();
    let h = response.headers_mut();
    h.insert(CONTENT_TYPE_HEADER, HeaderValue::from_static(CONTENT_TYPE));
    h.insert(CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    Ok(response)
}

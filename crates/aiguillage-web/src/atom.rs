//! The Atom feed of a territory's changes (`/territoires/{code}/modifications.atom`, see
//! [`crate::paths::changes_feed`]): coordinators and re-users follow in a feed reader what
//! imports, edits and accepted suggestions change in the places of a territory.
//!
//! The feed is written with `maud`, which escapes `&`, `<`, `>` and `"` in text and
//! attributes as XML needs; empty elements are written with an end tag (`<link …></link>`),
//! which XML reads like `<link …/>`. Characters XML 1.0 cannot hold at all (control
//! characters) are dropped from the data.

use std::borrow::Cow;

use chrono::{DateTime, SecondsFormat, Utc};
use maud::{html, Markup};

use crate::pages::contrib::history::{cut, Change, ChangeSource};
use crate::pages::contrib::{field_label, PlaceLink};
use crate::paths;

/// The XML declaration every feed starts with.
const PROLOG: &str = r#"<?xml version="1.0" encoding="utf-8"?>"#;

/// The `Content-Type` to serve the feed with.
pub const CONTENT_TYPE: &str = "application/atom+xml; charset=utf-8";

/// One change of a place of the territory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEntry {
    /// The place changed.
    pub place: PlaceLink,
    /// The change.
    pub change: Change,
}

/// Everything the feed holds.
#[derive(Debug, Clone)]
pub struct ChangesFeed {
    /// The site's public URL, without the path: `https://aiguillage.example.fr` (a trailing
    /// `/` is ignored). The feed's links and ids are absolute.
    pub base_url: String,
    /// The territory's code, in its paths.
    pub territory_code: String,
    /// The territory's name, in the feed's title.
    pub territory_name: String,
    /// When the feed last changed: the newest change's time, or, when there is none, that of
    /// the territory's data.
    pub updated: DateTime<Utc>,
    /// The changes, newest first.
    pub entries: Vec<FeedEntry>,
}

/// The feed, as XML.
pub fn changes_feed(feed: &ChangesFeed) -> String {
    let base = feed.base_url.trim_end_matches('/');
    let code = &feed.territory_code;
    let self_url = format!("{base}{}", paths::changes_feed(code));
    let report_url = format!(
        "{base}/territoires/{}",
        aiguillage_model::encode_path_segment(code)
    );
    let xml: Markup = html! {
        feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr" {
            title { "Modifications — " (text(&feed.territory_name)) }
            subtitle { "Les changements des lieux de médiation numérique de " (text(&feed.territory_name)) }
            id { (self_url) }
            updated { (timestamp(feed.updated)) }
            link rel="self" type="application/atom+xml" href=(self_url) {}
            link rel="alternate" type="text/html" href=(report_url) {}
            generator { "Aiguillage" }
            @for entry in &feed.entries {
                @let page = format!("{base}{}", paths::place_page(&entry.place.id));
                entry {
                    title { (text(&entry.place.nom)) " : " (entry.change.source.label()) }
                    id { (page) "#modification-" (entry.change.id) }
                    link rel="alternate" type="text/html" href=(page) {}
                    updated { (timestamp(entry.change.at)) }
                    author { name { (text(&entry.change.author)) } }
                    content type="text" { (text(&summary(&entry.change))) }
                }
            }
        }
    };
    let mut out = String::from(PROLOG);
    out.push('\n');
    out.push_str(&xml.into_string());
    out
}

/// An instant as Atom writes it (RFC 3339): `2026-03-03T13:05:00Z`.
fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Whether XML 1.0 can hold `c`: not the control characters below the space other than tab
/// and line breaks, nor U+FFFE and U+FFFF.
fn allowed_in_xml(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// `value` without the characters XML cannot hold: one would make the whole feed unreadable.
fn text(value: &str) -> Cow<'_, str> {
    if value.chars().all(allowed_in_xml) {
        Cow::Borrowed(value)
    } else {
        Cow::Owned(value.chars().filter(|c| allowed_in_xml(*c)).collect())
    }
}

/// What a change did, one line per field: « Téléphone : +33298000001 → +33298000002 ».
fn summary(change: &Change) -> String {
    if change.fields.is_empty() {
        return match change.source {
            ChangeSource::Confirm => "Informations confirmées exactes, sans changement.".to_owned(),
            _ => "Aucun champ modifié.".to_owned(),
        };
    }
    change
        .fields
        .iter()
        .map(|f| {
            format!(
                "{} : {} → {}",
                field_label(f.field),
                cut(&f.before),
                cut(&f.after)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use aiguillage_model::Field;
    use chrono::TimeZone;

    use super::*;
    use crate::pages::contrib::FieldChange;

    const ATOM: &str = "http://www.w3.org/2005/Atom";

    /// The first child of `node` named `name` in Atom's namespace.
    fn child<'a, 'input>(node: roxmltree::Node<'a, 'input>, name: &str) -> roxmltree::Node<'a, 'input> {
        node.children()
            .find(|n| n.has_tag_name((ATOM, name)))
            .unwrap_or_else(|| panic!("no {name}"))
    }

    const NASTY: &str = "<script>&\"Médiathèque\"\u{1}";

    fn feed() -> ChangesFeed {
        ChangesFeed {
            base_url: "https://aiguillage.example.fr/".to_owned(),
            territory_code: "29019".to_owned(),
            territory_name: "Brest".to_owned(),
            updated: Utc.with_ymd_and_hms(2026, 3, 3, 13, 5, 0).unwrap(),
            entries: vec![
                FeedEntry {
                    place: PlaceLink {
                        id: "lieu 1".to_owned(),
                        nom: NASTY.to_owned(),
                    },
                    change: Change {
                        id: 42,
                        at: Utc.with_ymd_and_hms(2026, 3, 3, 13, 5, 0).unwrap(),
                        author: "contributeur@exemple.fr".to_owned(),
                        source: ChangeSource::Edit,
                        fields: vec![
                            FieldChange {
                                field: Field::Nom,
                                before: "Ancien".to_owned(),
                                after: NASTY.to_owned(),
                            },
                            FieldChange {
                                field: Field::Telephone,
                                before: String::new(),
                                after: "+33298000002".to_owned(),
                            },
                        ],
                    },
                },
                FeedEntry {
                    place: PlaceLink {
                        id: "lieu-2".to_owned(),
                        nom: "Mairie".to_owned(),
                    },
                    change: Change {
                        id: 41,
                        at: Utc.with_ymd_and_hms(2026, 3, 1, 8, 0, 0).unwrap(),
                        author: "Import : fichier.csv".to_owned(),
                        source: ChangeSource::Confirm,
                        fields: Vec::new(),
                    },
                },
            ],
        }
    }

    #[test]
    fn special_characters_are_escaped() {
        let xml = changes_feed(&feed());
        assert!(xml.starts_with(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""
        ));
        assert!(!xml.contains("<script>"), "{xml}");
        assert!(
            xml.contains("<title>&lt;script&gt;&amp;&quot;Médiathèque&quot; : Modification</title>"),
            "{xml}"
        );
        assert!(!xml.contains('\u{1}'));
    }

    #[test]
    fn the_feed_is_well_formed_atom() {
        let xml = changes_feed(&feed());
        let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "feed");
        assert_eq!(root.tag_name().namespace(), Some(ATOM));
        assert_eq!(child(root, "title").text(), Some("Modifications — Brest"));
        assert_eq!(
            child(root, "id").text(),
            Some("https://aiguillage.example.fr/territoires/29019/modifications.atom")
        );
        assert_eq!(child(root, "updated").text(), Some("2026-03-03T13:05:00Z"));
        let links: Vec<_> = root
            .children()
            .filter(|n| n.has_tag_name((ATOM, "link")))
            .collect();
        assert_eq!(links[0].attribute("rel"), Some("self"));
        assert_eq!(links[0].attribute("href"), child(root, "id").text());

        let entries: Vec<_> = root
            .children()
            .filter(|n| n.has_tag_name((ATOM, "entry")))
            .collect();
        assert_eq!(entries.len(), 2);
        let first = entries[0];
        assert_eq!(
            child(first, "title").text(),
            Some("<script>&\"Médiathèque\" : Modification")
        );
        assert_eq!(
            child(first, "link").attribute("href"),
            Some("https://aiguillage.example.fr/lieux/lieu%201")
        );
        assert_eq!(
            child(first, "id").text(),
            Some("https://aiguillage.example.fr/lieux/lieu%201#modification-42")
        );
        assert_eq!(
            child(child(first, "author"), "name").text(),
            Some("contributeur@exemple.fr")
        );
        let content = child(first, "content");
        assert_eq!(content.attribute("type"), Some("text"));
        assert_eq!(
            content.text(),
            Some("Nom du lieu : Ancien → <script>&\"Médiathèque\"\nTéléphone : (vide) → +33298000002")
        );
        assert_eq!(
            child(entries[1], "content").text(),
            Some("Informations confirmées exactes, sans changement.")
        );
        assert_eq!(child(entries[1], "title").text(), Some("Mairie : Confirmation"));
    }

    #[test]
    fn an_empty_feed_is_still_a_feed() {
        let xml = changes_feed(&ChangesFeed {
            entries: Vec::new(),
            ..feed()
        });
        let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
        assert_eq!(
            doc.root_element()
                .children()
                .filter(|n| n.has_tag_name("entry"))
                .count(),
            0
        );
    }
}

//! `/lieux/{id}`: everything the standard holds about a place, in plain French; with
//! contributive editing, also whether it has closed or keeps other hours for a while, who
//! updated it, and links to report an error or edit it.

use aiguillage_model::{ApproximatePosition, Label, Place, PositionMethod};
use aiguillage_quality::is_stale;
use chrono::NaiveDate;
use maud::{html, Markup};

use super::contrib::history::{self, Change};
use super::contrib::notices::{self, Notices};
use super::format::{typologie, MapSettings};
use super::Layout;
use crate::french::{HoursText, StatusText};
use crate::paths;

/// Everything a place page shows.
#[derive(Debug)]
pub struct PlaceView<'a> {
    /// The place.
    pub place: &'a Place,
    /// Open or closed now; `None` when the hours are unknown.
    pub status: Option<StatusText>,
    /// Its hours in French; `None` when they are missing or not in OSM syntax (the raw text,
    /// if any, is shown as given).
    pub hours: Option<HoursText>,
    /// Today, in the place's time zone: information older than a year is flagged.
    pub today: NaiveDate,
    /// The background map.
    pub map: &'a MapSettings,
    /// How the position was found when the source gave none, if so: it is only approximate.
    pub approximate: Option<&'a ApproximatePosition>,
    /// What contributive editing adds; `None` shows the page without it (no notices, no
    /// history, no link to report an error or edit).
    pub editing: Option<Editing>,
}

/// What contributive editing adds to a place page.
#[derive(Debug, Clone, Default)]
pub struct Editing {
    /// Whether it has closed, or closes or keeps other hours for a while: said at the top,
    /// and a place closed today shows « Fermé » whatever its regular hours say.
    pub notices: Notices,
    /// Its changes, newest first: the last one names who updated it, all are listed folded.
    pub history: Vec<Change>,
    /// Whether the viewer may edit it: a link « Modifier ce lieu ».
    pub can_edit: bool,
}

/// The place page.
pub fn render(view: &PlaceView<'_>) -> String {
    let place = view.place;
    let editing = view.editing.as_ref();
    let tz = aiguillage_model::time_zone(place.code_insee.as_deref(), &place.code_postal);
    // A place closed today is closed, whatever its regular hours say.
    let closed = StatusText {
        open: false,
        badge: "Fermé",
        detail: None,
    };
    let status_now = match editing {
        Some(editing) if editing.notices.closed_on(view.today) => Some(&closed),
        _ => view.status.as_ref(),
    };
    let main = html! {
        article.lieu-page {
            p.fil { a href=(search_href(place)) { "← Autres lieux à " (place.commune) } }
            h1 { (place.nom) }
            @if !place.typologie.is_empty() {
                p.typologie { (typologies(&place.typologie)) }
            }
            (status(status_now))
            @if let Some(editing) = editing {
                (notices::render(&editing.notices, view.today))
            }
            @if is_stale(place.date_maj, view.today) {
                p.ancien role="note" {
                    "Ces informations datent de plus d'un an (" (aiguillage_model::french_date(place.date_maj)) ") : "
                    "vérifiez-les avant de vous déplacer."
                }
            }
            p.actions {
                a #lien-fiche.bouton href=(paths::fiche(&place.id)) {
                    "Fiche d'orientation à imprimer"
                }
                @if let Some(editing) = editing {
                    " " a href=(paths::report_place(&place.id)) { "Signaler une erreur / proposer une modification" }
                    @if editing.can_edit {
                        " " a href=(paths::edit_place(&place.id)) { "Modifier ce lieu" }
                    }
                }
            }
            div.lieu-colonnes {
                div {
                    section aria-labelledby="adresse" {
                        h2 #adresse { "Adresse" }
                        (address(place))
                    }
                    section aria-labelledby="horaires" {
                        h2 #horaires { "Horaires" }
                        (hours(place, view.hours.as_ref()))
                    }
                    section aria-labelledby="acces" {
                        h2 #acces { "Comment être aidé" }
                        (access(place))
                    }
                    section aria-labelledby="contact" {
                        h2 #contact { "Contact" }
                        (contact(place))
                    }
                }
                div {
                    @if let Some((lat, lon)) = place.coordinates() {
                        div #carte-lieu data-lat=(lat) data-lon=(lon) data-nom=(place.nom)
                            data-tile-url=(view.map.tile_url) data-attribution=(view.map.attribution)
                            role="region" aria-label=(format!("Carte : {} est au point de latitude {lat}, longitude {lon}", place.nom)) {}
                        @if let Some(position) = view.approximate {
                            p.note.approximative { "Position approximative : " (found_by(position)) "." }
                        }
                    }
                    (offer(place))
                }
            }
            @if place.presentation_resume.is_some() || place.presentation_detail.is_some() {
                section aria-labelledby="presentation" {
                    h2 #presentation { "Présentation" }
                    @for text in [&place.presentation_resume, &place.presentation_detail].into_iter().flatten() {
                        @for paragraph in text.split('\n').filter(|p| !p.trim().is_empty()) {
                            p { (paragraph) }
                        }
                    }
                }
            }
            footer.provenance {
                p {
                    (history::last_update(place.date_maj, editing.map_or(&[], |e| &e.history), tz))
                    @if let Some(source) = &place.source { " · source : " (source) }
                    @if let Some(parent) = &place.structure_parente { " · structure : " (parent) }
                    @if !place.pivot.is_empty() { " · SIRET : " (place.pivot) }
                }
                p { a href=(paths::place_data(&place.id)) { "Données ouvertes de ce lieu (GeoJSON)" } }
                @if let Some(editing) = editing { (history::render(&editing.history, tz)) }
            }
        }
    };
    Layout {
        title: &place.nom,
        styles: &["leaflet.css"],
        scripts: &["leaflet.js", "place.js"],
        body_class: "lieu",
    }
    .render(main)
    .into_string()
}

/// How an approximate position was found, in French.
fn found_by(position: &ApproximatePosition) -> String {
    match position.method {
        PositionMethod::Geocoder => format!("adresse géocodée (« {} »)", position.detail),
        PositionMethod::CommuneCentre => format!("centre de la commune de {}", position.detail),
    }
}

/// The search around the place's commune.
fn search_href(place: &Place) -> String {
    format!(
        "/?{}",
        url::form_urlencoded::Serializer::new(String::new())
            .append_pair("q", &place.commune)
            .finish()
    )
}

pub(crate) fn typologies(codes: &[String]) -> String {
    codes.iter().map(|t| typologie(t)).collect::<Vec<_>>().join(", ")
}

pub(crate) fn status(status: Option<&StatusText>) -> Markup {
    html! {
        p.lieu-etat {
            @match status {
                Some(s) => {
                    span class=(if s.open { "statut ouvert" } else { "statut ferme" }) { (s.badge) }
                    @if let Some(detail) = &s.detail { " · " span.statut-detail { (detail) } }
                }
                None => span class="statut inconnu" { "Horaires non renseignés" },
            }
        }
    }
}

pub(crate) fn address(place: &Place) -> Markup {
    html! {
        p.adresse-bloc {
            (place.adresse) br;
            @if let Some(more) = &place.complement_adresse { (more) br; }
            (place.code_postal) " " (place.commune)
        }
        @if place.itinerance.iter().any(|i| i.label() == "Itinérant") {
            p { "Ce lieu est itinérant : il se déplace, renseignez-vous avant de venir." }
        }
    }
}

/// The hours as lines of days and times, with notes; the raw text when it is not OSM syntax.
pub(crate) fn hours(place: &Place, text: Option<&HoursText>) -> Markup {
    html! {
        @match (text, &place.horaires) {
            (Some(text), _) => {
                @if !text.lines.is_empty() {
                    ul.horaires {
                        @for line in &text.lines {
                            li { span.jours { (line.days) } " : " (line.times) }
                        }
                    }
                }
                @for note in &text.notes { p.note { (note) } }
            }
            (None, Some(raw)) => {
                p { "Horaires communiqués par le lieu : « " (raw.raw()) " »." }
            }
            (None, None) => p { "Horaires non renseignés : contactez le lieu avant de vous déplacer." },
        }
    }
}

pub(crate) fn access(place: &Place) -> Markup {
    html! {
        @if !place.modalites_acces.is_empty() {
            p { "Pour être reçu : " (labels(&place.modalites_acces)) "." }
        }
        @if !place.modalites_accompagnement.is_empty() {
            p { "Accompagnement : " (labels(&place.modalites_accompagnement)) "." }
        }
        @if !place.frais_a_charge.is_empty() {
            p { "Coût : " (labels(&place.frais_a_charge)) "." }
        }
        @if let Some(href) = place.prise_rdv.as_deref().and_then(web_link) {
            p { a href=(href) { "Prendre rendez-vous en ligne" } }
        }
        @if let Some(href) = place.fiche_acces_libre.as_deref().and_then(web_link) {
            p { a href=(href) { "Accessibilité du lieu (fiche Acceslibre)" } }
        }
    }
}

pub(crate) fn contact(place: &Place) -> Markup {
    html! {
        ul.contact {
            @if let Some(phone) = &place.telephone {
                li { "Téléphone : " a href=(format!("tel:{phone}")) { (aiguillage_model::written_as_in_france(phone)) } }
            }
            @for mail in &place.courriels {
                li { "Courriel : " a href=(format!("mailto:{mail}")) { (mail) } }
            }
            @for site in place.site_web.iter().filter_map(|s| web_link(s)) {
                li { "Site : " a href=(site) { (site) } }
            }
        }
        @if place.telephone.is_none() && place.courriels.is_empty() && place.site_web.is_empty() {
            p { "Aucun contact renseigné." }
        }
    }
}

fn offer(place: &Place) -> Markup {
    let lists: [(&str, Vec<&str>); 5] = [
        ("Services", place.services.iter().map(|l| l.label()).collect()),
        (
            "Publics accueillis en particulier",
            place
                .publics_specifiquement_adresses
                .iter()
                .map(|l| l.label())
                .collect(),
        ),
        (
            "Besoins particuliers pris en charge",
            place
                .prise_en_charge_specifique
                .iter()
                .map(|l| l.label())
                .collect(),
        ),
        (
            "Dispositifs",
            place
                .dispositif_programmes_nationaux
                .iter()
                .map(|l| l.label())
                .collect(),
        ),
        (
            "Formations et labels",
            place
                .formations_labels
                .iter()
                .map(|l| l.label())
                .chain(place.autres_formations_labels.as_deref())
                .collect(),
        ),
    ];
    html! {
        @for (title, items) in lists.iter().filter(|(_, items)| !items.is_empty()) {
            section.offre {
                h2 { (title) }
                ul { @for item in items { li { (item) } } }
            }
        }
    }
}

fn labels<L: Label>(values: &[L]) -> String {
    values
        .iter()
        .map(|l| l.label().to_lowercase())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A link only when it is an http(s) URL: a `javascript:` URL in the data must never become
/// a clickable link.
pub(crate) fn web_link(url: &str) -> Option<&str> {
    let lower = url.trim_start().get(..8).unwrap_or_default().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then_some(url.trim())
}

#[cfg(test)]
mod tests {
    use aiguillage_model::Field;
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::pages::contrib::history::ChangeSource;
    use crate::pages::contrib::notices::{Closure, Exception};
    use crate::pages::contrib::FieldChange;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn page(place: &Place, editing: Option<Editing>) -> String {
        render(&PlaceView {
            place,
            status: Some(StatusText {
                open: true,
                badge: "Ouvert",
                detail: Some("ferme à 17h".to_owned()),
            }),
            hours: None,
            today: date(2026, 12, 24),
            map: &MapSettings::default(),
            approximate: None,
            editing,
        })
    }

    fn editing() -> Editing {
        Editing {
            notices: Notices {
                closed: None,
                exceptions: vec![Exception {
                    id: 1,
                    du: date(2026, 12, 24),
                    au: date(2027, 1, 2),
                    horaires: None,
                    motif: Some("<script>alert(1)</script>".to_owned()),
                }],
            },
            history: vec![Change {
                id: 9,
                at: Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap(),
                author: "contributeur@exemple.fr".to_owned(),
                source: ChangeSource::Edit,
                fields: vec![FieldChange {
                    field: Field::Nom,
                    before: "Ancien nom".to_owned(),
                    after: "<b>Nouveau</b>".to_owned(),
                }],
            }],
            can_edit: false,
        }
    }

    #[test]
    fn without_editing_the_page_is_as_before() {
        let place = aiguillage_synthetic::places(1, 7).remove(0);
        let html = page(&place, None);
        assert!(!html.contains("/signaler") && !html.contains("Historique"));
        assert!(html.contains(&format!(
            "Mis à jour le {}",
            aiguillage_model::french_date(place.date_maj)
        )));
        assert!(html.contains(r#"<span class="statut ouvert">Ouvert</span>"#));
    }

    #[test]
    fn notices_history_and_links() {
        let place = aiguillage_synthetic::places(1, 7).remove(0);
        let html = page(&place, Some(editing()));
        // Closed for the holidays: not « Ouvert », whatever the hours say.
        assert!(
            html.contains(r#"<span class="statut ferme">Fermé</span>"#),
            "{html}"
        );
        assert!(!html.contains("ferme à 17h"));
        assert!(
            html.contains("Fermé du 24 décembre au 2 janvier 2027 : &lt;script&gt;alert(1)&lt;/script&gt;.")
        );
        assert!(
            html.contains(&format!(
                "Mis à jour le {} · dernière modification le 1er décembre 2026 par contributeur@exemple.fr",
                aiguillage_model::french_date(place.date_maj)
            )),
            "{html}"
        );
        assert!(html.contains("<summary>Historique des modifications</summary>"));
        assert!(html.contains("Nom du lieu : Ancien nom"));
        assert!(html.contains(&format!(
            r#"href="{}">Signaler une erreur / proposer une modification</a>"#,
            paths::report_place(&place.id)
        )));
        assert!(!html.contains("Modifier ce lieu"));
        assert!(!html.contains("<script>alert") && !html.contains("<b>Nouveau"));

        let html = page(
            &place,
            Some(Editing {
                can_edit: true,
                ..editing()
            }),
        );
        assert!(html.contains(&format!(
            r#"href="{}">Modifier ce lieu</a>"#,
            paths::edit_place(&place.id)
        )));
    }

    #[test]
    fn a_closed_place_says_so() {
        let place = aiguillage_synthetic::places(1, 7).remove(0);
        let editing = Editing {
            notices: Notices {
                closed: Some(Closure {
                    date: date(2026, 3, 3),
                    motif: Some("fin du projet".to_owned()),
                }),
                exceptions: Vec::new(),
            },
            ..Editing::default()
        };
        let html = page(&place, Some(editing));
        assert!(
            html.contains("<strong>Ce lieu a fermé le 3 mars 2026</strong> : fin du projet."),
            "{html}"
        );
        assert!(html.contains(r#"<span class="statut ferme">Fermé</span>"#));
    }

    #[test]
    fn only_web_links_are_links() {
        assert_eq!(web_link("https://a.fr/x"), Some("https://a.fr/x"));
        assert_eq!(web_link(" HTTP://a.fr"), Some("HTTP://a.fr"));
        assert_eq!(web_link("javascript:alert(1)"), None);
        assert_eq!(web_link("data:text/html,x"), None);
        assert_eq!(web_link("é"), None);
    }

    #[test]
    fn staleness_and_dates() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert!(is_stale(NaiveDate::from_ymd_opt(2025, 11, 22).unwrap(), today));
        assert!(!is_stale(NaiveDate::from_ymd_opt(2025, 11, 23).unwrap(), today));
        assert_eq!(
            aiguillage_model::french_date(NaiveDate::from_ymd_opt(2026, 9, 1).unwrap()),
            "1er septembre 2026"
        );
        assert_eq!(aiguillage_model::french_date(today), "23 novembre 2026");
    }
}

//! `/`: the map and search page.
//!
//! The form and the result list are plain HTML: without JavaScript the form is submitted to
//! the server, which renders the results. With JavaScript, `app.js` adds the map, submits the
//! form in the background (the server renders the same result list, see [`results`]) and keeps
//! the URL in step, so links can be shared and the back button works.

use aiguillage_model::{Label, PriseEnCharge, Public, Service};
use aiguillage_search::{ResultPlace, Results, SearchForm, Suggestion};
use chrono::{DateTime, Utc};
use maud::{html, Markup};

use super::format::{distance, typologie, MapSettings};
use super::Layout;
use crate::french::status_text;

/// Everything the home page shows.
#[derive(Debug)]
pub struct HomeView<'a> {
    /// The search, as the URL gives it.
    pub form: &'a SearchForm,
    /// Results, when the form asked for something.
    pub results: Option<Results>,
    /// The background map.
    pub map: &'a MapSettings,
    /// Whether street addresses can be searched (a geocoder is configured).
    pub addresses: bool,
    /// A problem with the request, in French (shown in the result section).
    pub error: Option<String>,
}

/// The home page.
pub fn render(view: &HomeView<'_>) -> String {
    let main = html! {
        h1 { "Trouver de l'aide pour le numérique" }
        div.recherche-carte {
            (search_form(view.form, view.addresses))
            div.carte-liste {
                div #carte data-tile-url=(view.map.tile_url) data-attribution=(view.map.attribution)
                    role="region" aria-label="Carte des lieux (la liste des résultats donne les mêmes lieux)" {}
                (results(view.form, view.results.as_ref(), view.error.as_deref()))
            }
        }
    };
    Layout {
        title: "Trouver de l'aide pour le numérique",
        styles: &["leaflet.css", "MarkerCluster.css", "MarkerCluster.Default.css"],
        scripts: &["leaflet.js", "leaflet.markercluster.js", "app.js"],
        body_class: "accueil",
    }
    .render(main)
    .into_string()
}

fn search_form(form: &SearchForm, addresses: bool) -> Markup {
    let hint = if addresses {
        "Commune, code postal, adresse ou nom d'un lieu"
    } else {
        "Commune, code postal ou nom d'un lieu"
    };
    html! {
        form #recherche role="search" action="/" method="get" {
            label for="q" { (hint) }
            div.champ-recherche {
                input #q type="search" name="q" value=(form.q) autocomplete="off" spellcheck="false";
                button type="submit" { "Rechercher" }
            }
            // Shown by app.js: geolocation needs JavaScript.
            button #me-localiser type="button" hidden { "Me localiser" }
            @if let Some((lat, lon)) = form.point {
                input type="hidden" name="lat" value=(format!("{lat:.5}"));
                input type="hidden" name="lon" value=(format!("{lon:.5}"));
            }
            fieldset.filtres {
                legend { "Filtres" }
                div.bascules {
                    (checkbox("f-ouvert", "ouvert", "maintenant", "Ouvert maintenant", form.ouvert))
                    (checkbox("f-samedi", "samedi", "1", "Ouvert le samedi", form.samedi))
                    (checkbox("f-gratuit", "gratuit", "1", "Gratuit", form.gratuit))
                }
                (choices::<Service>("services", "Services", "f-service", &form.services))
                (choices::<Public>("publics", "Publics", "f-public", &form.publics))
                (choices::<PriseEnCharge>(
                    "prise_en_charge",
                    "Besoins particuliers",
                    "f-besoin",
                    &form.prise_en_charge,
                ))
                button.appliquer type="submit" { "Appliquer les filtres" }
            }
        }
    }
}

fn checkbox(id: &str, name: &str, value: &str, text: &str, checked: bool) -> Markup {
    html! {
        div.case {
            input type="checkbox" id=(id) name=(name) value=(value) checked[checked];
            label for=(id) { (text) }
        }
    }
}

/// One folding group of checkboxes, one per label of the enumeration; open when any is ticked.
fn choices<L: Label>(name: &str, legend: &str, id_prefix: &str, chosen: &[L]) -> Markup {
    html! {
        details open[!chosen.is_empty()] {
            summary { (legend) @if !chosen.is_empty() { " (" (chosen.len()) ")" } }
            div.choix {
                @for (i, label) in L::ALL.iter().enumerate() {
                    (checkbox(&format!("{id_prefix}-{i}"), name, label.label(), label.label(), chosen.contains(label)))
                }
            }
        }
    }
}

/// The result section, alone: what `app.js` asks for (`/?…&partiel=resultats`) and swaps in.
/// A problem with the request (`error`, in French) is said there, so that the script shows
/// it as the page without script does.
pub fn results(form: &SearchForm, results: Option<&Results>, error: Option<&str>) -> Markup {
    let origin = results.and_then(|r| r.origin);
    let bbox = results
        .and_then(|r| r.bbox)
        .map(|b| format!("{},{},{},{}", b[0], b[1], b[2], b[3]));
    let territory = results
        .and_then(|r| r.territory.as_ref())
        .map(|t| t.code.as_str());
    html! {
        section #resultats aria-live="polite" aria-labelledby="resultats-titre"
            data-query=(form.query_string())
            data-lat=[origin.map(|o| o.lat)] data-lon=[origin.map(|o| o.lon)] data-bbox=[bbox]
            data-territoire=[territory] {
            @match (error, results) {
                (Some(error), _) => {
                    h2 #resultats-titre { "Recherche impossible" }
                    p.erreur role="alert" { (error) }
                }
                (None, None) => {
                    h2 #resultats-titre { "Où chercher ?" }
                    p { "Indiquez une commune, un code postal ou le nom d'un lieu, ou choisissez un point sur la carte. \
                         Les lieux les plus proches s'affichent ici, avec leurs horaires." }
                }
                (None, Some(results)) => {
                    h2 #resultats-titre { (results.heading) }
                    @if let Some(message) = &results.message {
                        p.message { (message) }
                    }
                    @if results.places.is_empty() {
                        @if form.has_filters() {
                            p.aucun { "Aucun lieu ne correspond à ces filtres. Essayez d'en enlever." }
                        } @else if results.message.is_none() {
                            p.aucun { "Aucun lieu n'est recensé ici pour le moment." }
                        }
                    } @else {
                        ol.lieux {
                            @for (i, place) in results.places.iter().enumerate() { (result_place(place, i + 1, results.at)) }
                        }
                    }
                    @if let Some(territory) = &results.territory {
                        p.territoire {
                            a href=(format!("/territoires/{}", territory.code)) {
                                "État des lieux de " (territory.nom) " (couverture, zones blanches)"
                            }
                        }
                    }
                    @if !results.others.is_empty() {
                        h3 { "Autres résultats" }
                        ul.autres {
                            @for other in &results.others {
                                li { a href=(suggestion_href(other)) { (other.label()) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Where another answer leads: a commune's search, a place's page.
fn suggestion_href(suggestion: &Suggestion) -> String {
    match suggestion {
        Suggestion::Commune { code, .. } => format!("/?q={code}"),
        Suggestion::Place { id, .. } => crate::paths::place_page(id),
    }
}

/// One listed place; `number` is its rank, also drawn on its map marker; its status is
/// worded as of `at`.
fn result_place(place: &ResultPlace, number: usize, at: DateTime<Utc>) -> Markup {
    let status = place.status().map(|s| status_text(s, at, place.time_zone));
    let (class, badge) = match &status {
        Some(status) if status.open => ("statut ouvert", status.badge),
        Some(status) => ("statut ferme", status.badge),
        None => ("statut inconnu", "Horaires non renseignés"),
    };
    html! {
        li.lieu data-id=(place.id) data-lat=[place.position.map(|p| p.lat)] data-lon=[place.position.map(|p| p.lon)] {
            div.lieu-tete {
                // The list is an `ol`: screen readers announce the rank already.
                span.numero aria-hidden="true" { (number) }
                a.lieu-nom href=(crate::paths::place_page(&place.id)) { (place.nom) }
                span.distance {
                    @if let Some(d) = place.distance_m { (distance(d)) }
                }
            }
            p.lieu-etat {
                span class=(class) { (badge) }
                @if let Some(detail) = status.as_ref().and_then(|s| s.detail.as_deref()) {
                    " · " span.statut-detail { (detail) }
                }
                @if !place.typologie.is_empty() {
                    " · " span.typologie {
                        (place.typologie.iter().map(|t| typologie(t)).collect::<Vec<_>>().join(", "))
                    }
                }
            }
            p.adresse { (place.adresse) }
            @if !place.services.is_empty() {
                p.services { (place.services.join(" · ")) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use aiguillage_search::{Position, TerritoryLink};
    use chrono::{FixedOffset, TimeZone};

    use super::*;

    /// Monday 2026-11-23 at 10:30 in Paris.
    fn monday_morning() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 9, 30, 0).unwrap()
    }

    /// A place open on [`monday_morning`] until 17h.
    fn place(nom: &str) -> ResultPlace {
        let paris = FixedOffset::east_opt(3600).unwrap();
        ResultPlace {
            id: "a b/é".into(),
            nom: nom.into(),
            adresse: "1 rue <b>, 29200 Brest".into(),
            typologie: vec!["BIB".into()],
            position: Some(Position {
                lat: 48.39,
                lon: -4.48,
            }),
            distance_m: Some(340.0),
            open_now: Some(true),
            next_change: paris.with_ymd_and_hms(2026, 11, 23, 17, 0, 0).single(),
            time_zone: chrono_tz::Europe::Paris,
            services: vec!["Aide aux démarches administratives".into()],
        }
    }

    #[test]
    fn everything_is_escaped() {
        let form = SearchForm {
            q: "\"><script>alert(1)</script>".into(),
            ..SearchForm::default()
        };
        let view = HomeView {
            form: &form,
            results: Some(Results {
                heading: "Lieux près de <i>".into(),
                places: vec![place("<script>alert(1)</script>")],
                ..Results::default()
            }),
            map: &MapSettings::default(),
            addresses: false,
            error: None,
        };
        let page = render(&view);
        assert!(!page.contains("<script>alert"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(page.contains(r#"href="/lieux/a%20b%2F%C3%A9""#), "{page}");
        // Scripts come from /assets/ only.
        assert_eq!(page.matches("<script").count(), 3);
        assert_eq!(page.matches("<script src=\"/assets/").count(), 3);
    }

    #[test]
    fn results_carry_what_the_map_needs() {
        let form = SearchForm {
            q: "Brest".into(),
            ouvert: true,
            ..SearchForm::default()
        };
        let html = results(
            &form,
            Some(&Results {
                heading: "Lieux près de Brest".into(),
                origin: Some(Position {
                    lat: 48.39,
                    lon: -4.486,
                }),
                bbox: Some([-4.57, 48.35, -4.42, 48.46]),
                territory: Some(TerritoryLink {
                    code: "29019".into(),
                    nom: "Brest".into(),
                }),
                places: vec![place("Médiathèque")],
                at: monday_morning(),
                ..Results::default()
            }),
            None,
        )
        .into_string();
        assert!(
            html.contains(r#"data-query="q=Brest&amp;ouvert=maintenant""#),
            "{html}"
        );
        assert!(html.contains(r#"data-lat="48.39""#));
        assert!(html.contains(r#"data-bbox="-4.57,48.35,-4.42,48.46""#));
        assert!(html.contains(r#"<span class="statut ouvert">Ouvert</span>"#));
        assert!(html.contains("ferme à 17h"));
        assert!(html.contains("340 m"));
        assert!(html.contains(r#"href="/territoires/29019""#));
    }

    /// The script swaps the section in: a problem must be said inside it.
    #[test]
    fn the_section_says_why_a_search_is_impossible() {
        let html = results(
            &SearchForm::default(),
            None,
            Some("Recherche impossible : <oups>."),
        )
        .into_string();
        assert!(html.starts_with("<section id=\"resultats\""), "{html}");
        assert!(
            html.contains(r#"<p class="erreur" role="alert">Recherche impossible : &lt;oups&gt;.</p>"#),
            "{html}"
        );
        assert!(!html.contains("Où chercher"), "{html}");
    }

    #[test]
    fn an_empty_list_says_so() {
        let html = results(
            &SearchForm::default(),
            Some(&Results {
                heading: "Lieux près de Brest".into(),
                ..Results::default()
            }),
            None,
        )
        .into_string();
        assert!(html.contains("Aucun lieu n'est recensé ici"), "{html}");

        let filtered = SearchForm::from_pairs([("q", "Brest"), ("gratuit", "1")]).unwrap();
        let html = results(
            &filtered,
            Some(&Results {
                heading: "Lieux près de Brest".into(),
                ..Results::default()
            }),
            None,
        )
        .into_string();
        assert!(html.contains("Aucun lieu ne correspond à ces filtres"), "{html}");
    }

    /// A message that already explains the empty list is not contradicted by a second one.
    #[test]
    fn a_message_replaces_the_empty_list_text() {
        let html = results(
            &SearchForm::default(),
            Some(&Results {
                heading: "Lieux près de Paris".into(),
                message: Some("Aucun lieu n'est encore recensé à Paris.".into()),
                ..Results::default()
            }),
            None,
        )
        .into_string();
        assert!(html.contains("Aucun lieu n'est encore recensé à Paris."));
        assert!(!html.contains(r#"class="aucun""#), "{html}");
    }
}

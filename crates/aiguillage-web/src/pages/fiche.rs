//! `/lieux/{id}/fiche`: the fiche d'orientation, one A4 page a social worker prints and hands
//! to the person they refer: where to go, when, how to be received, whom to call, a QR code to
//! the up-to-date place page, and a blank box for the reason of the referral.

use aiguillage_model::Place;
use aiguillage_quality::is_stale;
use chrono::NaiveDate;
use maud::html;

use super::contrib::notices::{self, Notices};
use super::place::{access, address, contact, hours, typologies};
use super::{qr, Layout};
use crate::french::HoursText;

/// Everything the fiche shows.
#[derive(Debug)]
pub struct FicheView<'a> {
    /// The place.
    pub place: &'a Place,
    /// Its hours in French (see [`crate::pages::place::PlaceView::hours`]).
    pub hours: Option<HoursText>,
    /// Absolute URL of the place page, encoded in the QR code.
    pub page_url: &'a str,
    /// The day the fiche is printed.
    pub today: NaiveDate,
    /// Whether the place has closed, or closes or keeps other hours for a while; `None`
    /// when not known.
    pub notices: Option<Notices>,
}

/// The fiche page.
pub fn render(view: &FicheView<'_>) -> String {
    let place = view.place;
    let main = html! {
        article.fiche {
            header.fiche-tete {
                p.fiche-titre { "Fiche d'orientation" }
                p.fiche-date { "Remise le " (aiguillage_model::french_date(view.today)) }
            }
            h1 { (place.nom) }
            @if !place.typologie.is_empty() { p.typologie { (typologies(&place.typologie)) } }
            @if let Some(notices) = &view.notices { (notices::render(notices, view.today)) }
            div.fiche-corps {
                div {
                    section {
                        h2 { "Adresse" }
                        (address(place))
                    }
                    section {
                        h2 { "Horaires" }
                        (hours(place, view.hours.as_ref()))
                    }
                    section {
                        h2 { "Pour être reçu" }
                        (access(place))
                    }
                    section {
                        h2 { "Contact" }
                        (contact(place))
                    }
                }
                figure.fiche-qr {
                    @if let Some(code) = qr::svg(view.page_url, &format!("QR code vers la page de {}", place.nom)) {
                        (code)
                    }
                    figcaption { "Informations à jour : " span.url { (view.page_url) } }
                }
            }
            section.motif aria-labelledby="motif-titre" {
                h2 #motif-titre { "Motif de l'orientation" }
                div.motif-cadre {}
            }
            p.oriente-par { "Orienté(e) par : " span.ligne {} " Structure : " span.ligne {} }
            p.fiche-maj {
                "Informations du lieu mises à jour le " (aiguillage_model::french_date(place.date_maj))
                @if is_stale(place.date_maj, view.today) {
                    strong { " : plus d'un an, à vérifier avant de se déplacer" }
                }
                "."
            }
        }
        p.imprimer {
            button #imprimer type="button" hidden { "Imprimer la fiche" }
            span.sans-script { "Pour imprimer : Ctrl + P (ou ⌘ + P)." }
        }
    };
    Layout {
        title: &format!("Fiche d'orientation : {}", place.nom),
        styles: &[],
        scripts: &["place.js"],
        body_class: "fiche-page",
    }
    .render(main)
    .into_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::contrib::notices::Exception;

    #[test]
    fn the_fiche_says_when_hours_do_not_hold() {
        let place = aiguillage_synthetic::places(1, 7).remove(0);
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let fiche = |notices| {
            render(&FicheView {
                place: &place,
                hours: None,
                page_url: "http://localhost/lieux/x",
                today,
                notices,
            })
        };
        let html = fiche(Some(Notices {
            closed: None,
            exceptions: vec![Exception {
                id: 1,
                du: NaiveDate::from_ymd_opt(2026, 12, 24).unwrap(),
                au: NaiveDate::from_ymd_opt(2026, 12, 24).unwrap(),
                horaires: Some("09:00-12:00".to_owned()),
                motif: Some("veille de Noël".to_owned()),
            }],
        }));
        assert!(
            html.contains("Horaires exceptionnels le 24 décembre : 9h–12h (veille de Noël)."),
            "{html}"
        );
        assert!(!fiche(None).contains("Horaires exceptionnels"));
    }
}

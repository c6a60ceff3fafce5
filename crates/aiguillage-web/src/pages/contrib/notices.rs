//! What a resident must know before going to a place whose regular hours do not hold: it has
//! closed for good, or closes for a while, or opens at other hours on some days. The place
//! page and the fiche say it at the top; the edit form lists the exceptions.

use chrono::NaiveDate;
use maud::{html, Markup};

use crate::french::{day_span, time_ranges};

/// A place closed for good.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closure {
    /// The day it closed (or will close).
    pub date: NaiveDate,
    /// Why, if said.
    pub motif: Option<String>,
}

/// A temporary closure or exceptional hours, from `du` to `au` inclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exception {
    /// Its number, in the path deleting it.
    pub id: u64,
    /// The first day.
    pub du: NaiveDate,
    /// The last day (the same as `du` for one day).
    pub au: NaiveDate,
    /// The hours of these days as typed (`09:00-12:00`); `None` when the place is closed.
    pub horaires: Option<String>,
    /// Why, if said.
    pub motif: Option<String>,
}

impl Exception {
    /// In French, as of `today`: « Fermé du 24 décembre au 2 janvier : congés »,
    /// « Horaires exceptionnels le 24 décembre : 9h–12h (inventaire) ».
    pub(crate) fn text(&self, today: NaiveDate) -> String {
        let days = day_span(self.du, self.au, today);
        let motif = self.motif.as_deref().filter(|m| !m.trim().is_empty());
        match &self.horaires {
            None => match motif {
                Some(motif) => format!("Fermé {days} : {motif}"),
                None => format!("Fermé {days}"),
            },
            Some(hours) => {
                let hours = time_ranges(hours).unwrap_or_else(|| hours.clone());
                match motif {
                    Some(motif) => format!("Horaires exceptionnels {days} : {hours} ({motif})"),
                    None => format!("Horaires exceptionnels {days} : {hours}"),
                }
            }
        }
    }
}

/// A place's closing and exceptions, shown on its page and fiche.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notices {
    /// Its closing for good, if it is closed or about to be.
    pub closed: Option<Closure>,
    /// Its temporary closures and exceptional hours; those ended before today are not shown.
    pub exceptions: Vec<Exception>,
}

impl Notices {
    /// Whether the place is closed all day `today`, for good or for a while: its regular
    /// hours do not hold, so no « Ouvert » badge may be shown.
    pub(crate) fn closed_on(&self, today: NaiveDate) -> bool {
        self.closed.as_ref().is_some_and(|c| c.date <= today)
            || self
                .exceptions
                .iter()
                .any(|e| e.horaires.is_none() && e.du <= today && today <= e.au)
    }
}

/// The notices of a place as of `today`, nothing when there is none.
pub(crate) fn render(notices: &Notices, today: NaiveDate) -> Markup {
    let current: Vec<&Exception> = notices.exceptions.iter().filter(|e| e.au >= today).collect();
    html! {
        @if let Some(closure) = &notices.closed {
            p.avis.avis-fermeture role="note" {
                strong {
                    @if closure.date <= today { "Ce lieu a fermé le " } @else { "Ce lieu fermera définitivement le " }
                    (aiguillage_model::french_date(closure.date))
                }
                @if let Some(motif) = closure.motif.as_deref().filter(|m| !m.trim().is_empty()) { " : " (motif) }
                "."
            }
        }
        @if !current.is_empty() {
            div.avis.avis-exceptions role="note" aria-label="Fermetures et horaires exceptionnels" {
                ul { @for exception in current { li { (exception.text(today)) "." } } }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    fn exception(du: NaiveDate, au: NaiveDate, horaires: Option<&str>, motif: Option<&str>) -> Exception {
        Exception {
            id: 1,
            du,
            au,
            horaires: horaires.map(str::to_owned),
            motif: motif.map(str::to_owned),
        }
    }

    #[test]
    fn exceptions_in_french() {
        let today = date(12, 1);
        let holidays = exception(
            date(12, 24),
            NaiveDate::from_ymd_opt(2027, 1, 2).unwrap(),
            None,
            Some("congés"),
        );
        assert_eq!(
            holidays.text(today),
            "Fermé du 24 décembre au 2 janvier 2027 : congés"
        );
        let morning = exception(date(12, 24), date(12, 24), Some("09:00-12:00"), None);
        assert_eq!(
            morning.text(today),
            "Horaires exceptionnels le 24 décembre : 9h–12h"
        );
        let odd = exception(date(12, 24), date(12, 24), Some("le matin"), Some("inventaire"));
        assert_eq!(
            odd.text(today),
            "Horaires exceptionnels le 24 décembre : le matin (inventaire)"
        );
        let blank = exception(date(12, 1), date(12, 1), None, Some(" "));
        assert_eq!(blank.text(today), "Fermé le 1er décembre");
    }

    #[test]
    fn past_exceptions_are_not_shown() {
        let notices = Notices {
            closed: None,
            exceptions: vec![
                exception(date(11, 1), date(11, 30), None, Some("passé")),
                exception(date(11, 30), date(12, 2), None, Some("<script>alert(1)</script>")),
            ],
        };
        let html = render(&notices, date(12, 1)).into_string();
        assert!(!html.contains("passé"), "{html}");
        assert!(
            html.contains("Fermé du 30 novembre au 2 décembre : &lt;script&gt;alert(1)&lt;/script&gt;."),
            "{html}"
        );
        assert!(notices.closed_on(date(12, 1)));
        assert!(!notices.closed_on(date(12, 3)));
        assert_eq!(render(&Notices::default(), date(12, 1)).into_string(), "");
    }

    #[test]
    fn closing_for_good() {
        let notices = Notices {
            closed: Some(Closure {
                date: date(3, 3),
                motif: Some("fin du projet".to_owned()),
            }),
            exceptions: Vec::new(),
        };
        let html = render(&notices, date(3, 3)).into_string();
        assert!(
            html.contains("<strong>Ce lieu a fermé le 3 mars 2026</strong> : fin du projet."),
            "{html}"
        );
        assert!(notices.closed_on(date(3, 3)));
        let html = render(&notices, date(3, 2)).into_string();
        assert!(
            html.contains("Ce lieu fermera définitivement le 3 mars 2026"),
            "{html}"
        );
        assert!(!notices.closed_on(date(3, 2)));
    }
}

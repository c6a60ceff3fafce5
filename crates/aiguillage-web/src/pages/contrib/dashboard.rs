//! `/espace`: the dashboard of a signed-in user. Who they are, their places (those not
//! updated for more than 12 months first, each with a link to its edit form and a one-click
//! confirmation that it is still right), and, for coordinators and administrators, the
//! public's suggestions to accept or refuse.

use aiguillage_model::french_date;
use aiguillage_quality::is_stale;
use chrono::{DateTime, NaiveDate, Utc};
use maud::{html, Markup};

use super::super::Layout;
use super::form::csrf;
use super::{field_label, shown, FieldChange, PlaceLink};
use crate::french::local_date;
use crate::paths;

/// What a user may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// Everything, everywhere.
    Admin,
    /// The places of some territories, and their suggestions.
    Coordinator {
        /// The territories' names: « Brest », « Finistère ».
        territories: Vec<String>,
    },
    /// The places of one structure, named one by one.
    Editor {
        /// How many places they may edit.
        places: usize,
    },
}

impl Role {
    /// The role in French: « Administrateur », « Coordinateur de : Brest, Finistère »,
    /// « Structure : 3 lieux ».
    fn text(&self) -> String {
        match self {
            Role::Admin => "Administrateur".to_owned(),
            Role::Coordinator { territories } => format!("Coordinateur de : {}", territories.join(", ")),
            Role::Editor { places: 1 } => "Structure : 1 lieu".to_owned(),
            Role::Editor { places } => format!("Structure : {places} lieux"),
        }
    }
}

/// One of the user's places.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceRow {
    /// The place's id.
    pub id: String,
    /// Its name.
    pub nom: String,
    /// Its commune.
    pub commune: String,
    /// When its information was last updated or confirmed.
    pub date_maj: NaiveDate,
}

/// A suggestion of the public waiting for a decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuggestionRow {
    /// Its number, in the paths accepting and refusing it.
    pub id: u64,
    /// The place it is about; `None` for a proposed new place.
    pub place: Option<PlaceLink>,
    /// The fields it changes, with their current and proposed values.
    pub changes: Vec<FieldChange>,
    /// What its author wrote.
    pub comment: String,
    /// When it was sent.
    pub at: DateTime<Utc>,
}

/// Everything the dashboard shows.
#[derive(Debug, Clone)]
pub struct DashboardView {
    /// The CSRF token of the forms.
    pub csrf: String,
    /// The user's e-mail address.
    pub email: String,
    /// What they may do.
    pub role: Role,
    /// The search over their places, as typed (empty when none).
    pub q: String,
    /// Their places matching the search, in the order to show them: the server lists those
    /// to check (not updated for 12 months) first.
    pub places: Vec<PlaceRow>,
    /// Today: places older than 12 months are « à vérifier ».
    pub today: NaiveDate,
    /// The suggestions to moderate: `None` when the user moderates none (an editor), an empty
    /// list when there is none waiting.
    pub suggestions: Option<Vec<SuggestionRow>>,
}

/// The dashboard page.
pub fn render(view: &DashboardView) -> String {
    let (stale, fresh): (Vec<&PlaceRow>, Vec<&PlaceRow>) =
        view.places.iter().partition(|p| is_stale(p.date_maj, view.today));
    let main = html! {
        header.espace-tete {
            h1 { "Mon espace" }
            p.qui { "Connecté en tant que " strong { (view.email) } " · " (view.role.text()) }
            // The moderation queue is below the places, which may be many: say it up here.
            @if let Some(waiting) = view.suggestions.as_ref().filter(|s| !s.is_empty()) {
                p.a-moderer {
                    a href="#suggestions" {
                        @if waiting.len() == 1 { "1 suggestion à modérer" }
                        @else { (waiting.len()) " suggestions à modérer" }
                    }
                }
            }
            p { a href=(paths::PASSWORD) { "Changer de mot de passe" } }
            form method="post" action=(paths::LOGOUT) {
                (csrf(&view.csrf))
                button.secondaire type="submit" { "Se déconnecter" }
            }
        }
        section aria-labelledby="mes-lieux" {
            h2 #mes-lieux { "Mes lieux" }
            p { a.bouton href=(paths::NEW_PLACE) { "Ajouter un lieu" } }
            form.recherche-lieux role="search" method="get" action=(paths::DASHBOARD) {
                label for="q" { "Rechercher parmi mes lieux (nom ou commune)" }
                div.champ-recherche {
                    input #q type="search" name="q" value=(view.q);
                    button type="submit" { "Rechercher" }
                }
            }
            @if view.places.is_empty() {
                p.aucun {
                    @if view.q.is_empty() { "Aucun lieu pour le moment." }
                    @else { "Aucun de vos lieux ne correspond à « " (view.q) " »." }
                }
            }
            @if !stale.is_empty() {
                h3 { "À vérifier (plus de 12 mois)" }
                (place_list(&stale, true, &view.csrf))
            }
            @if !fresh.is_empty() {
                h3 { "À jour" }
                (place_list(&fresh, false, &view.csrf))
            }
        }
        @if let Some(suggestions) = &view.suggestions {
            section aria-labelledby="suggestions" {
                h2 #suggestions { "Suggestions à modérer" }
                @if suggestions.is_empty() {
                    p.aucun { "Aucune suggestion n'attend de réponse." }
                } @else {
                    ul.suggestions {
                        @for suggestion in suggestions { (suggestion_item(suggestion, &view.csrf)) }
                    }
                }
            }
        }
    };
    Layout {
        title: "Mon espace",
        styles: &["contrib.css"],
        scripts: &[],
        body_class: "contrib espace",
    }
    .render(main)
    .into_string()
}

/// Places, each with its date, links and confirmation form; `stale` ones carry a badge.
fn place_list(places: &[&PlaceRow], stale: bool, token: &str) -> Markup {
    html! {
        ul.mes-lieux {
            @for place in places {
                li.mon-lieu {
                    div {
                        a.lieu-nom href=(paths::place_page(&place.id)) { (place.nom) }
                        " · " (place.commune)
                        @if stale { " " span.badge-a-verifier { "à vérifier" } }
                        br;
                        span.date-maj { "mis à jour le " (french_date(place.date_maj)) }
                    }
                    div.actions-lieu {
                        a href=(paths::edit_place(&place.id)) {
                            "Modifier" span.visuellement-cache { " " (place.nom) }
                        }
                        form method="post" action=(paths::confirm_place(&place.id)) {
                            (csrf(token))
                            button.secondaire type="submit" {
                                "Ces informations sont toujours exactes"
                                span.visuellement-cache { " (" (place.nom) ")" }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// One suggestion with its decision forms.
fn suggestion_item(suggestion: &SuggestionRow, token: &str) -> Markup {
    let n = suggestion.id;
    let heading_id = format!("suggestion-{n}");
    let motif_id = format!("motif-{n}");
    html! {
        li.suggestion {
            h3 id=(heading_id) {
                @match &suggestion.place {
                    Some(place) => a href=(paths::place_page(&place.id)) { (place.nom) },
                    None => "Nouveau lieu",
                }
            }
            p.date { "Reçue le " (french_date(local_date(suggestion.at, chrono_tz::Europe::Paris))) }
            @if !suggestion.changes.is_empty() {
                table.changements {
                    caption.visuellement-cache { "Modifications proposées" }
                    thead { tr { th scope="col" { "Champ" } th scope="col" { "Actuellement" } th scope="col" { "Proposé" } } }
                    tbody {
                        @for change in &suggestion.changes {
                            tr {
                                th scope="row" { (field_label(change.field)) }
                                td { (shown(&change.before)) }
                                td { (shown(&change.after)) }
                            }
                        }
                    }
                }
            }
            @if !suggestion.comment.is_empty() {
                blockquote.commentaire { p { (suggestion.comment) } }
            }
            div.decision {
                form method="post" action=(paths::accept_suggestion(n)) {
                    (csrf(token))
                    button type="submit" { "Accepter" }
                }
                form.refus method="post" action=(paths::refuse_suggestion(n)) {
                    (csrf(token))
                    label for=(motif_id) { "Motif du refus" }
                    input id=(motif_id) type="text" name="motif";
                    button.secondaire type="submit" { "Refuser" }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use aiguillage_model::Field;
    use chrono::TimeZone;

    use super::*;
    use crate::pages::contrib::test_support::every_post_form_has_csrf;

    const XSS: &str = "<script>alert(1)</script>";

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn view() -> DashboardView {
        DashboardView {
            csrf: "jeton-123".to_owned(),
            email: format!("{XSS}@exemple.fr"),
            role: Role::Coordinator {
                territories: vec!["Brest".to_owned(), "Finistère".to_owned()],
            },
            q: String::new(),
            places: vec![
                PlaceRow {
                    id: "ancien".to_owned(),
                    nom: XSS.to_owned(),
                    commune: "Brest".to_owned(),
                    date_maj: date(2025, 3, 3),
                },
                PlaceRow {
                    id: "récent".to_owned(),
                    nom: "Médiathèque".to_owned(),
                    commune: "Quimper".to_owned(),
                    date_maj: date(2026, 11, 1),
                },
            ],
            today: date(2026, 11, 23),
            suggestions: Some(vec![
                SuggestionRow {
                    id: 7,
                    place: Some(PlaceLink {
                        id: "ancien".to_owned(),
                        nom: "Ancien".to_owned(),
                    }),
                    changes: vec![FieldChange {
                        field: Field::Telephone,
                        before: String::new(),
                        after: XSS.to_owned(),
                    }],
                    comment: XSS.to_owned(),
                    at: Utc.with_ymd_and_hms(2026, 11, 20, 23, 30, 0).unwrap(),
                },
                SuggestionRow {
                    id: 8,
                    place: None,
                    changes: Vec::new(),
                    comment: String::new(),
                    at: Utc.with_ymd_and_hms(2026, 11, 21, 8, 0, 0).unwrap(),
                },
            ]),
        }
    }

    #[test]
    fn places_to_check_come_first() {
        let page = render(&view());
        let check = page
            .find("À vérifier (plus de 12 mois)")
            .expect("the stale section");
        let fresh = page.find("<h3>À jour</h3>").expect("the fresh section");
        assert!(check < fresh);
        let old = page
            .find("mis à jour le 3 mars 2025")
            .expect("the old place's date");
        assert!(check < old && old < fresh, "{page}");
        assert_eq!(
            page.matches(r#"<span class="badge-a-verifier">à vérifier</span>"#)
                .count(),
            1
        );
        assert!(page.contains(r#"href="/lieux/r%C3%A9cent/modifier""#));
        assert!(page.contains(r#"action="/lieux/ancien/confirmer""#));
        assert!(page.contains(r#"href="/lieux/nouveau""#));
        assert!(page.contains("Coordinateur de : Brest, Finistère"));
    }

    #[test]
    fn every_form_carries_the_token() {
        // Logout, two confirmations, accept and refuse twice.
        assert_eq!(every_post_form_has_csrf(&render(&view()), "jeton-123"), 7);
        assert!(render(&view()).contains(r#"<form method="post" action="/deconnexion">"#));
    }

    #[test]
    fn suggestions_show_what_they_change() {
        let page = render(&view());
        assert!(page.contains(r#"action="/espace/suggestions/7/accepter""#));
        assert!(page.contains(r#"action="/espace/suggestions/8/refuser""#));
        assert!(
            page.contains(r#"<label for="motif-7">"#)
                && page.contains(r#"id="motif-7" type="text" name="motif""#)
        );
        assert!(page.contains("<th scope=\"row\">Téléphone</th><td><span class=\"vide\">(vide)</span></td>"));
        assert!(
            page.contains(r#"<h3 id="suggestion-8">Nouveau lieu</h3>"#),
            "{page}"
        );
        // 23:30 UTC is the next day in Paris.
        assert!(page.contains("Reçue le 21 novembre 2026"));
    }

    #[test]
    fn user_text_is_escaped() {
        let page = render(&view());
        assert!(!page.contains("<script>alert"), "{page}");
        assert_eq!(page.matches("&lt;script&gt;alert(1)&lt;/script&gt;").count(), 6);
    }

    #[test]
    fn roles_and_empty_lists() {
        assert_eq!(Role::Admin.text(), "Administrateur");
        assert_eq!(Role::Editor { places: 3 }.text(), "Structure : 3 lieux");
        assert_eq!(Role::Editor { places: 1 }.text(), "Structure : 1 lieu");
        let page = render(&DashboardView {
            role: Role::Editor { places: 0 },
            q: "<i>".to_owned(),
            places: Vec::new(),
            suggestions: None,
            ..view()
        });
        assert!(
            page.contains("Aucun de vos lieux ne correspond à « &lt;i&gt; »."),
            "{page}"
        );
        assert!(page.contains(r#"value="&lt;i&gt;""#));
        assert!(!page.contains("Suggestions à modérer"));
        let page = render(&DashboardView {
            suggestions: Some(Vec::new()),
            ..view()
        });
        assert!(page.contains("Aucune suggestion n'attend de réponse."));
    }
}

//! The page answering an edit saved over a version that is no longer the current one
//! (the server sends it with status 412): someone else changed the place after the form was
//! loaded. Nothing is lost: the page shows, field by field, the value when the editor
//! started, the other person's value now and the editor's own, and offers either to start
//! again from the current values or to save the editor's values over them.

use aiguillage_model::{time_zone, Field, RawRecord};
use chrono::{DateTime, Utc};
use maud::html;

use super::super::Layout;
use super::fields::hidden;
use super::form::csrf;
use super::{field_label, shown, PlaceLink};
use crate::french::local_time;
use crate::paths;

/// One field changed on either side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictRow {
    /// The field.
    pub field: Field,
    /// Its value in the version the editor's form was loaded from.
    pub original: String,
    /// Its value now, after the other change.
    pub theirs: String,
    /// The editor's value.
    pub yours: String,
}

/// Everything the conflict page shows.
#[derive(Debug, Clone)]
pub struct ConflictView<'a> {
    /// The CSRF token of the form saving the editor's values.
    pub csrf: String,
    /// The place.
    pub place: PlaceLink,
    /// Who made the other change, as shown (« contributeur@exemple.fr »).
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
    /// The current version, which the editor's values are saved over if they choose to.
    pub version: String,
    /// The fields changed on either side.
    pub rows: Vec<ConflictRow>,
    /// Everything the editor submitted, sent again as hidden inputs.
    pub yours: &'a RawRecord,
}

/// The conflict page.
pub fn render(view: &ConflictView<'_>) -> String {
    let tz = time_zone(
        view.yours.get(Field::CodeInsee),
        view.yours.get(Field::CodePostal).unwrap_or_default(),
    );
    let id = &view.place.id;
    let main = html! {
        p.fil { a href=(paths::place_page(id)) { "← " (view.place.nom) } }
        h1 { "Ce lieu a été modifié entre-temps" }
        p {
            "« " (view.place.nom) " » a été modifié par " strong { (view.by) } " le " (local_time(view.at, tz))
            ", après l'ouverture de votre formulaire. Vos modifications ne sont pas encore enregistrées."
        }
        table.conflit {
            caption { "Les champs modifiés" }
            thead {
                tr {
                    th scope="col" { "Champ" }
                    th scope="col" { "Quand vous avez commencé" }
                    th scope="col" { "Maintenant (par " (view.by) ")" }
                    th scope="col" { "Votre version" }
                }
            }
            tbody {
                @for row in &view.rows {
                    tr {
                        th scope="row" { (field_label(row.field)) }
                        td { (shown(&row.original)) }
                        td { (shown(&row.theirs)) }
                        td { (shown(&row.yours)) }
                    }
                }
            }
        }
        h2 { "Que faire ?" }
        div.choix-conflit {
            div {
                p { a.bouton href=(paths::edit_place(id)) { "Reprendre avec les valeurs actuelles" } }
                p.note { "Le formulaire s'ouvre avec la version actuelle : refaites-y vos modifications." }
            }
            form method="post" action=(paths::edit_place(id)) {
                (csrf(&view.csrf))
                input type="hidden" name="version" value=(view.version);
                @for field in Field::ALL { (hidden(field, view.yours)) }
                p { button.danger type="submit" { "Enregistrer ma version à la place" } }
                p.note { "Vos valeurs remplacent toutes celles de la version actuelle, y compris celles de " (view.by) "." }
            }
        }
    };
    Layout {
        title: "Ce lieu a été modifié entre-temps",
        styles: &["contrib.css"],
        scripts: &[],
        body_class: "contrib conflit-page",
    }
    .render(main)
    .into_string()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::pages::contrib::fields::vocabulary;
    use crate::pages::contrib::test_support::every_post_form_has_csrf;

    const XSS: &str = "<script>alert(1)</script>";

    #[test]
    fn the_three_values_and_both_ways_out() {
        let mut yours = RawRecord::default();
        yours.set(Field::Id, "lieu-1");
        yours.set(Field::Nom, XSS);
        yours.set(Field::CodePostal, "97110");
        yours.set(
            Field::Services,
            "Aide aux démarches administratives|Loisirs et créations numériques",
        );
        let page = render(&ConflictView {
            csrf: "jeton-123".to_owned(),
            place: PlaceLink {
                id: "lieu-1".to_owned(),
                nom: XSS.to_owned(),
            },
            by: "autre@exemple.fr".to_owned(),
            at: Utc.with_ymd_and_hms(2026, 3, 3, 18, 5, 0).unwrap(),
            version: "r43".to_owned(),
            rows: vec![ConflictRow {
                field: Field::Telephone,
                original: "+33298000001".to_owned(),
                theirs: "+33298000002".to_owned(),
                yours: "+33298000003".to_owned(),
            }],
            yours: &yours,
        });
        assert!(
            page.contains(
                "<th scope=\"row\">Téléphone</th><td>+33298000001</td><td>+33298000002</td><td>+33298000003</td>"
            ),
            "{page}"
        );
        // In Guadeloupe's time (UTC-4), where the place is.
        assert!(
            page.contains("autre@exemple.fr</strong> le 3 mars 2026 à 14h05"),
            "{page}"
        );
        assert!(page.contains(r#"href="/lieux/lieu-1/modifier""#));
        assert_eq!(every_post_form_has_csrf(&page, "jeton-123"), 1);
        assert!(page.contains(r#"<input type="hidden" name="version" value="r43">"#));
        // Every field goes back, boxes as one input per ticked label.
        for field in Field::ALL.into_iter().filter(|f| vocabulary(*f).is_none()) {
            assert!(
                page.contains(&format!(r#"type="hidden" name="{}""#, field.name())),
                "{field}"
            );
        }
        assert_eq!(page.matches(r#"type="hidden" name="services""#).count(), 2);
        assert!(page.contains(r#"name="nom" value="&lt;script&gt;alert(1)&lt;/script&gt;""#));
        assert!(!page.contains("<script>alert"), "{page}");
    }
}

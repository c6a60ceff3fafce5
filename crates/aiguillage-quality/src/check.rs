//! The problems of one place, from its own values: what validation lets through (its
//! warnings) and what is valid on its own but implausible against the INSEE tables and the
//! imported boundaries: a point outside its commune, a postcode that is not the commune's,
//! a number that no French numbering plan allows.

use std::collections::HashMap;

use aiguillage_geo::{haversine_m, LatLon};
use aiguillage_model::{is_email, numbering_fault, plausible_region, NumberingFault, Place};
use aiguillage_territory::{commune_key, Admin, Boundary, Commune};
use chrono::{Months, NaiveDate};
use geo::Centroid;

use crate::{PlaceProblem, ProblemKind};

/// A `date_maj` older than this many months is stale.
pub const STALE_AFTER_MONTHS: u32 = 12;

/// Whether information updated on `date_maj` is stale on the day `today`: more than
/// [`STALE_AFTER_MONTHS`] months old.
///
/// ```
/// use aiguillage_quality::is_stale;
/// use chrono::NaiveDate;
/// let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
/// assert!(is_stale(NaiveDate::from_ymd_opt(2025, 11, 22).unwrap(), today));
/// assert!(!is_stale(NaiveDate::from_ymd_opt(2025, 11, 23).unwrap(), today));
/// ```
pub fn is_stale(date_maj: NaiveDate, today: NaiveDate) -> bool {
    today
        .checked_sub_months(Months::new(STALE_AFTER_MONTHS))
        .is_some_and(|limit| date_maj < limit)
}

/// A point outside its commune and farther than this from the commune's centre is not a
/// border case but a wrong point (or a wrong commune).
pub const FAR_FROM_COMMUNE_M: f64 = 20_000.0;

/// Finds the problems of places against the INSEE tables and the commune boundaries it is
/// given (current codes, as imported).
#[derive(Debug)]
pub struct QualityChecker<'a> {
    admin: &'a Admin,
    boundaries: HashMap<&'a str, &'a Boundary>,
    today: NaiveDate,
}

/// A place's commune, as its fields name it.
enum Located<'a> {
    /// Found (by `code_insee`, or by `commune` and `code_postal`).
    Commune(&'a Commune),
    /// Not found; the problems say why.
    Unknown,
}

impl<'a> QualityChecker<'a> {
    /// A checker for the day `today` (staleness of `date_maj`). Communes are found through
    /// the tables' own indexes by postcode and name ([`Admin::communes_named`]).
    pub fn new(
        admin: &'a Admin,
        boundaries: impl IntoIterator<Item = &'a Boundary>,
        today: NaiveDate,
    ) -> Self {
        QualityChecker {
            admin,
            boundaries: boundaries.into_iter().map(|b| (b.code.as_str(), b)).collect(),
            today,
        }
    }

    /// Every problem of `place`, in [`ProblemKind`] order.
    pub fn check(&self, place: &Place) -> Vec<PlaceProblem> {
        let mut problems = Vec::new();
        let mut push = |kind, detail: String| problems.push(PlaceProblem { kind, detail });
        let located = self.locate(place, &mut push);
        match place.coordinates() {
            None => push(
                ProblemKind::SansCoordonnees,
                "sans coordonnées : absent de la carte et de la couverture ; renseigner latitude et longitude"
                    .to_owned(),
            ),
            Some((lat, lon)) if plausible_region(lat, lon).is_none() => {
                let swapped = if plausible_region(lon, lat).is_some() {
                    " : latitude et longitude semblent inversées"
                } else {
                    ""
                };
                push(
                    ProblemKind::CoordonneesHorsFrance,
                    format!("le point ({lat:.5}, {lon:.5}) est hors de France{swapped}"),
                );
            }
            Some((lat, lon)) => {
                if let Located::Commune(commune) = located {
                    self.check_position(commune, LatLon::new(lat, lon), &mut push);
                }
            }
        }
        if let Some(telephone) = &place.telephone {
            if let Some(why) = implausible_telephone(telephone) {
                push(ProblemKind::TelephoneInvalide, format!("« {telephone} » : {why}"));
            }
        }
        for courriel in &place.courriels {
            if !is_email(courriel) {
                push(ProblemKind::CourrielInvalide, courriel_detail(courriel));
            }
        }
        if let Some(horaires) = &place.horaires {
            // The parser's own message is English and technical: the text and an example
            // say more to a coordinator.
            if horaires.error().is_some() {
                push(
                    ProblemKind::HorairesIllisibles,
                    format!(
                        "« {} » n'est pas au format OpenStreetMap opening_hours, comme « Mo-Fr \
                         09:00-12:00,14:00-17:00; Sa 09:00-12:00 » : gardé comme texte, horaires inconnus",
                        horaires.raw()
                    ),
                );
            }
        }
        if place.services.is_empty() {
            push(ProblemKind::SansServices, "aucun service renseigné".to_owned());
        }
        if is_stale(place.date_maj, self.today) {
            push(
                ProblemKind::DateMajAncienne,
                format!(
                    "mis à jour le {}, il y a plus de {STALE_AFTER_MONTHS} mois",
                    place.date_maj.format("%d/%m/%Y")
                ),
            );
        }
        problems.sort_by_key(|p| p.kind);
        problems
    }

    /// The place's commune: by `code_insee` (former codes reconciled), else by `commune`
    /// among the communes having `code_postal`. Reports what does not fit on the way.
    fn locate(&self, place: &Place, push: &mut impl FnMut(ProblemKind, String)) -> Located<'a> {
        let postcode = place.code_postal.as_str();
        let postcodes = |c: &Commune| c.codes_postaux.join(", ");
        if let Some(code) = &place.code_insee {
            let Some(commune) = self.admin.current_commune(code) else {
                push(
                    ProblemKind::CommuneIntrouvable,
                    format!("le code_insee {code} n'est celui d'aucune commune, actuelle ou ancienne"),
                );
                return Located::Unknown;
            };
            if !commune.codes_postaux.is_empty() && !commune.codes_postaux.iter().any(|c| c == postcode) {
                push(
                    ProblemKind::CodePostalInvalide,
                    format!(
                        "{postcode} n'est pas un code postal de la commune {} ({}), qui a : {}",
                        commune.nom,
                        commune.code,
                        postcodes(commune)
                    ),
                );
            }
            return Located::Commune(commune);
        }
        let key = commune_key(&place.commune);
        let with_postcode = self.admin.communes_with_postcode(postcode);
        if let Some(commune) = with_postcode.iter().find(|c| commune_key(&c.nom) == key) {
            return Located::Commune(commune);
        }
        // The name alone, when it designates one commune (in the postcode's département
        // if the name is shared): then it is the postcode that is wrong.
        let named = self.admin.communes_named(&place.commune);
        let in_departement: Vec<&Commune> = named
            .iter()
            .copied()
            .filter(|c| same_departement(postcode, &c.departement))
            .collect();
        let by_name = match (in_departement.as_slice(), named.as_slice()) {
            ([one], _) | ([], [one]) => Some(*one),
            _ => None,
        };
        if let Some(commune) = by_name {
            let whose = if with_postcode.is_empty() {
                format!("{postcode} n'est le code postal d'aucune commune (code CEDEX ou code INSEE ?)")
            } else {
                format!("{postcode} est le code postal de {}", names(&with_postcode))
            };
            push(
                ProblemKind::CodePostalInvalide,
                format!(
                    "{whose} ; la commune {} ({}) a : {}",
                    commune.nom,
                    commune.code,
                    postcodes(commune)
                ),
            );
            return Located::Commune(commune);
        }
        let nom = &place.commune;
        // Several communes bear the name (none in the postcode's département): the code_insee
        // is the only way to say which.
        let homonyms = if named.is_empty() {
            String::new()
        } else {
            format!(", et « {nom} » désigne plusieurs communes : {}", names(&named))
        };
        let detail = match (with_postcode.is_empty(), named.is_empty()) {
            (true, true) => format!(
                "ni le code postal {postcode} ni le nom « {nom} » ne désignent une commune : indiquer \
                 le code_insee"
            ),
            (true, false) => {
                format!("{postcode} n'est le code postal d'aucune commune{homonyms} : indiquer le code_insee")
            }
            (false, true) => format!(
                "« {nom} » n'est le nom d'aucune commune de code postal {postcode} ({}) : indiquer le \
                 nom officiel de la commune ou le code_insee",
                names(&with_postcode)
            ),
            (false, false) => format!(
                "« {nom} » n'est pas une commune de code postal {postcode} ({}){homonyms} : indiquer \
                 le code_insee",
                names(&with_postcode)
            ),
        };
        push(ProblemKind::CommuneIntrouvable, detail);
        Located::Unknown
    }

    /// Whether the point is inside the commune's boundary (when imported), and how far it
    /// is otherwise.
    fn check_position(&self, commune: &Commune, point: LatLon, push: &mut impl FnMut(ProblemKind, String)) {
        let Some(boundary) = self.boundaries.get(commune.code.as_str()) else {
            return;
        };
        if boundary.contains(point) {
            return;
        }
        let LatLon { lat, lon } = point;
        let Some(centre) = boundary.geometry.centroid() else {
            return;
        };
        let distance = haversine_m(point, LatLon::new(centre.y(), centre.x()));
        let km = format!("{:.1}", distance / 1000.0).replace('.', ",");
        if distance > FAR_FROM_COMMUNE_M {
            push(
                ProblemKind::LoinDeLaCommune,
                format!(
                    "le point ({lat:.5}, {lon:.5}) est à {km} km du centre de {} ({}) : mauvais point ou \
                     mauvaise commune",
                    commune.nom, commune.code
                ),
            );
        } else {
            push(
                ProblemKind::HorsCommune,
                format!(
                    "le point ({lat:.5}, {lon:.5}) est hors des limites de {} ({}), à {km} km de son centre",
                    commune.nom, commune.code
                ),
            );
        }
    }
}

/// Why a number the standard's pattern accepts is still not a number
/// ([`numbering_fault`]), in French.
fn implausible_telephone(telephone: &str) -> Option<String> {
    Some(match numbering_fault(telephone)? {
        NumberingFault::NationalZero { code, corrected } => {
            format!("le 0 initial doit disparaître après +{code} ({corrected})")
        }
        NumberingFault::Length {
            code,
            digits,
            expected,
        } => {
            format!("{digits} chiffres après +{code}, il en faut {expected}")
        }
    })
}

/// What to do about a value of `courriels` that is not an e-mail address.
fn courriel_detail(value: &str) -> String {
    let fix = if value.starts_with("http://") || value.starts_with("https://") {
        "c'est une adresse web : la mettre dans site_web (ou prise_rdv)"
    } else if value.matches('@').count() > 1 {
        "plusieurs adresses : les séparer par |"
    } else {
        "indiquer une adresse de la forme nom@domaine.fr"
    };
    format!("« {value} » n'est pas une adresse e-mail : {fix}")
}

/// Whether a postcode belongs to the département: its first two digits, `20` for Corsica,
/// three digits overseas.
fn same_departement(postcode: &str, departement: &str) -> bool {
    match postcode.get(..2) {
        Some("20") => matches!(departement, "2A" | "2B"),
        Some("97" | "98") => postcode.get(..3) == Some(departement),
        Some(two) => two == departement,
        None => false,
    }
}

/// The communes' names, for a detail (at most five, then how many more), with their
/// département when two share a name.
fn names(communes: &[&Commune]) -> String {
    const SHOWN: usize = 5;
    let shared = |c: &Commune| communes.iter().filter(|o| o.nom == c.nom).count() > 1;
    let mut text = communes
        .iter()
        .take(SHOWN)
        .map(|c| {
            if shared(c) {
                format!("{} ({})", c.nom, c.departement)
            } else {
                c.nom.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    match communes.len().saturating_sub(SHOWN) {
        0 => {}
        1 => text.push_str(" et 1 autre"),
        more => text.push_str(&format!(" et {more} autres")),
    }
    text
}

#[cfg(test)]
mod tests {
    use aiguillage_model::{Field, Horaires};
    use aiguillage_territory::Level;
    use aiguillage_testkit::PlaceBuilder;
    use geo::{polygon, MultiPolygon};

    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 15).unwrap()
    }

    /// A valid place of Brest (29019, 29200), inside the square of [`brest`].
    fn place() -> Place {
        PlaceBuilder::new("p1")
            .nom("Médiathèque")
            .at(48.39, -4.49)
            .fields(&[
                (Field::CodeInsee, "29019"),
                (Field::Adresse, "1 rue de Siam"),
                (Field::DateMaj, "2025-06-01"),
                (Field::Services, "Aide aux démarches administratives"),
                (Field::Telephone, "+33298001122"),
                (Field::Courriels, "contact@brest.fr"),
            ])
            .build()
    }

    /// A square around Brest's centre (about 7 km across), standing for its boundary.
    fn brest() -> Boundary {
        Boundary {
            code: "29019".into(),
            nom: "Brest".into(),
            level: Level::Commune,
            geometry: MultiPolygon::new(vec![polygon![
                (x: -4.54, y: 48.36), (x: -4.44, y: 48.36), (x: -4.44, y: 48.42), (x: -4.54, y: 48.42),
            ]]),
        }
    }

    fn kinds(place: &Place) -> Vec<(ProblemKind, String)> {
        let boundary = brest();
        QualityChecker::new(Admin::embedded(), [&boundary], today())
            .check(place)
            .into_iter()
            .map(|p| (p.kind, p.detail))
            .collect()
    }

    #[test]
    fn a_good_place_has_no_problem() {
        assert_eq!(kinds(&place()), vec![]);
    }

    #[test]
    fn twelve_months_is_the_limit() {
        let limit = today()
            .checked_sub_months(Months::new(STALE_AFTER_MONTHS))
            .unwrap();
        assert_eq!(limit, NaiveDate::from_ymd_opt(2025, 1, 15).unwrap());
        let mut p = place();
        p.date_maj = limit;
        assert_eq!(kinds(&p), vec![]);
        p.date_maj = limit.pred_opt().unwrap();
        assert_eq!(
            kinds(&p),
            vec![(
                ProblemKind::DateMajAncienne,
                "mis à jour le 14/01/2025, il y a plus de 12 mois".into()
            )]
        );
    }

    #[test]
    fn a_point_just_outside_is_hors_commune_a_far_one_loin() {
        let mut p = place();
        p.latitude = Some(48.45);
        let found = kinds(&p);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, ProblemKind::HorsCommune);
        assert!(
            found[0].1.contains("hors des limites de Brest (29019), à 6,7 km"),
            "{}",
            found[0].1
        );
        // Quimper, some 50 km south-east.
        p.latitude = Some(47.996);
        p.longitude = Some(-4.102);
        let found = kinds(&p);
        assert_eq!(found[0].0, ProblemKind::LoinDeLaCommune);
        assert!(
            found[0].1.contains("à 52,4 km du centre de Brest"),
            "{}",
            found[0].1
        );
    }

    #[test]
    fn a_point_outside_france_says_when_swapped() {
        let mut p = place();
        p.latitude = Some(-4.49);
        p.longitude = Some(48.39);
        let found = kinds(&p);
        assert_eq!(found[0].0, ProblemKind::CoordonneesHorsFrance);
        assert!(found[0].1.ends_with("semblent inversées"), "{}", found[0].1);
    }

    #[test]
    fn no_coordinates_and_no_services() {
        let mut p = place();
        p.latitude = None;
        p.longitude = None;
        p.services.clear();
        let found: Vec<_> = kinds(&p).into_iter().map(|k| k.0).collect();
        assert_eq!(found, [ProblemKind::SansCoordonnees, ProblemKind::SansServices]);
    }

    #[test]
    fn postcode_must_be_the_communes() {
        let mut p = place();
        p.code_postal = "29000".into();
        assert_eq!(
            kinds(&p),
            vec![(
                ProblemKind::CodePostalInvalide,
                "29000 n'est pas un code postal de la commune Brest (29019), qui a : 29200".into()
            )]
        );
    }

    #[test]
    fn without_code_insee_the_commune_is_found_by_name_and_postcode() {
        let mut p = place();
        p.code_insee = None;
        p.commune = "BREST CEDEX 2".into();
        assert_eq!(kinds(&p), vec![]);
        // The name alone designates Brest: the CEDEX postcode is the mistake.
        p.code_postal = "29279".into();
        let found = kinds(&p);
        assert_eq!(
            found,
            vec![(
                ProblemKind::CodePostalInvalide,
                "29279 n'est le code postal d'aucune commune (code CEDEX ou code INSEE ?) ; la commune \
                 Brest (29019) a : 29200"
                    .into()
            )]
        );
        // A commune found by name is checked against its boundary too.
        p.latitude = Some(48.45);
        assert_eq!(kinds(&p)[0].0, ProblemKind::HorsCommune);
    }

    #[test]
    fn an_unknown_commune_lists_the_postcodes_communes() {
        let mut p = place();
        p.code_insee = None;
        p.commune = "Lambézellec-Village".into();
        let found = kinds(&p);
        assert_eq!(found[0].0, ProblemKind::CommuneIntrouvable);
        assert!(
            found[0].1.contains("de code postal 29200 (Brest)"),
            "{}",
            found[0].1
        );
        p.code_insee = Some("29999".into());
        assert_eq!(
            kinds(&p),
            vec![(
                ProblemKind::CommuneIntrouvable,
                "le code_insee 29999 n'est celui d'aucune commune, actuelle ou ancienne".into()
            )]
        );
    }

    #[test]
    fn a_shared_name_with_a_wrong_postcode_asks_for_the_code_insee() {
        let mut p = place();
        p.code_insee = None;
        p.commune = "Mérignac".into();
        p.code_postal = "40273".into();
        let found = kinds(&p);
        assert_eq!(found[0].0, ProblemKind::CommuneIntrouvable);
        assert_eq!(
            found[0].1,
            "40273 n'est le code postal d'aucune commune, et « Mérignac » désigne plusieurs \
             communes : Mérignac (16), Mérignac (17), Mérignac (33) : indiquer le code_insee"
        );
    }

    #[test]
    fn a_commune_named_without_its_article_is_found() {
        let mut p = place();
        p.code_insee = None;
        p.commune = "PLAINE DES PALMISTES".into();
        p.code_postal = "97431".into();
        p.latitude = None;
        p.longitude = None;
        let found: Vec<_> = kinds(&p).into_iter().map(|k| k.0).collect();
        assert_eq!(found, [ProblemKind::SansCoordonnees]);
    }

    #[test]
    fn a_former_code_insee_is_its_current_commune() {
        // Saint-Pierre-Quilbignon, merged into Brest in 1945.
        let mut p = place();
        p.code_insee = Some("29096".into());
        assert_eq!(kinds(&p), vec![]);
    }

    #[test]
    fn telephones_need_nine_digits_without_the_leading_zero() {
        assert_eq!(implausible_telephone("+33298001122"), None);
        assert_eq!(implausible_telephone("+262262001122"), None);
        assert_eq!(implausible_telephone("+687123456"), None);
        assert_eq!(
            implausible_telephone("+33029800112").as_deref(),
            Some("le 0 initial doit disparaître après +33 (+3329800112)")
        );
        assert_eq!(
            implausible_telephone("+3329800112").as_deref(),
            Some("8 chiffres après +33, il en faut 9")
        );
        let mut p = place();
        p.telephone = Some("+33298001".into());
        assert_eq!(kinds(&p)[0].0, ProblemKind::TelephoneInvalide);
    }

    #[test]
    fn courriels_follow_validation() {
        let mut p = place();
        p.courriels = vec![
            "a@b.fr".into(),
            "a@b.fr ou c@d.fr".into(),
            "https://b.fr/contact".into(),
            "twitter@cpam49".into(),
        ];
        let found: Vec<String> = kinds(&p).into_iter().map(|(_, detail)| detail).collect();
        assert_eq!(
            found,
            [
                "« a@b.fr ou c@d.fr » n'est pas une adresse e-mail : plusieurs adresses : les séparer par |",
                "« https://b.fr/contact » n'est pas une adresse e-mail : c'est une adresse web : la mettre \
                 dans site_web (ou prise_rdv)",
                "« twitter@cpam49 » n'est pas une adresse e-mail : indiquer une adresse de la forme \
                 nom@domaine.fr",
            ]
        );
    }

    #[test]
    fn unreadable_hours_quote_the_text() {
        let mut p = place();
        p.horaires = Some(Horaires::parse("lundi matin"));
        let found = kinds(&p);
        assert_eq!(found[0].0, ProblemKind::HorairesIllisibles);
        assert!(found[0]
            .1
            .starts_with("« lundi matin » n'est pas au format OpenStreetMap"));
    }

    #[test]
    fn names_fold_like_addresses() {
        assert_eq!(
            commune_key("St-Barthélemy-d'Anjou"),
            commune_key("SAINT BARTHELEMY D ANJOU")
        );
        assert_eq!(commune_key("20221 CERVIONE"), commune_key("Cervione"));
        assert_eq!(commune_key("AJACCIO CEDEX 01"), "ajaccio");
    }

    #[test]
    fn postcodes_of_corsica_and_overseas() {
        assert!(same_departement("20000", "2A") && same_departement("20200", "2B"));
        assert!(same_departement("97400", "974") && !same_departement("97400", "971"));
        assert!(same_departement("49000", "49") && !same_departement("49000", "44"));
    }
}

//! What the text of a search means, and the places it finds.
//!
//! The text is read, in this order, as: a commune (its name or a postcode, offline from the
//! INSEE tables), then an address (when a BAN-compatible geocoder is configured), then the
//! name of a place (among the places passing the filters), then an address's commune (its
//! postcode or last words), then a commune whose name contains the text, then a misspelt
//! commune name. A commune has no coordinates in the INSEE tables: it is centred on its
//! imported boundary, else on its places, else on the geocoder's answer for it.

use aiguillage_catalog::ServedPlace;
use aiguillage_geo::{BoundingBox, Filter, Indexable, LabelSet, LatLon, PlaceIndex};
use aiguillage_geocoder::{Address, Geocoder};
use aiguillage_model::{
    fold, reference_monday, split_multi, time_zone, Field, Frais, Horaires, Label, PriseEnCharge, Public,
    Service,
};
use aiguillage_store::Store;
use aiguillage_territory::{compact_postcode, Admin, Boundary, Commune, Level};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::{Position, ResultPlace, Results, SearchForm, Suggestion, TerritoryLink};

/// Places listed, nearest first.
const LISTED: usize = 20;
/// Places examined when a filter is applied after the index's (open on Saturdays): the
/// nearest this many are kept if they pass.
const EXAMINED: usize = 400;
/// Other answers listed under the results.
const OTHERS: usize = 5;
/// Index of Saturday in a week profile (Monday = 0).
const SATURDAY: usize = 5;

/// What a search looks in: the places, the communes' boundaries and, when there is one, a
/// geocoder.
#[derive(Debug, Clone, Copy)]
pub struct Search<'a> {
    /// The places, indexed: those listed, and those that centre a commune without boundary.
    pub places: &'a PlaceIndex<ServedPlace>,
    /// The store, for the communes' imported boundaries.
    pub store: &'a Store,
    /// A BAN-compatible geocoder for street addresses (and communes that have neither a
    /// boundary nor places); without it, the text is read offline.
    pub geocoder: Option<&'a Geocoder>,
}

impl Search<'_> {
    /// The results of `form` at `now`.
    ///
    /// Never fails: a boundary that cannot be read, or a geocoder that fails, leaves the
    /// answers that need it out (the geocoder's failures are logged).
    pub async fn run(&self, form: &SearchForm, now: DateTime<Utc>) -> Results {
        let mut results = match form.point {
            // The point wins over the text: the heading says where distances are from.
            Some((lat, lon)) => Results {
                heading: "Lieux près du point choisi".to_owned(),
                origin: Some(Position { lat, lon }),
                ..Results::default()
            },
            None => self.understand(form, now).await,
        };
        if let Some(origin) = results.origin {
            results.places = self.nearest(form, LatLon::new(origin.lat, origin.lon), now);
        }
        results.at = now;
        results
    }

    /// The origin and heading of the form's free text, with the other answers.
    async fn understand(&self, form: &SearchForm, now: DateTime<Utc>) -> Results {
        let q = form.q.as_str();
        let lookup = compact_postcode(q);
        let admin = Admin::embedded();
        let communes: Vec<&Commune> = admin
            .search(&lookup, OTHERS + 1)
            .into_iter()
            .filter(|t| t.level == Level::Commune)
            .filter_map(|t| admin.commune(&t.code))
            .collect();
        let exact = communes
            .iter()
            .copied()
            .find(|c| is_exactly(c, &lookup))
            .or_else(|| commune_in_text(admin, q).filter(|c| names_only(c, q)));
        let named = places_named(self.places, form, now);
        let mut others: Vec<Suggestion> = communes
            .iter()
            .filter(|c| exact.is_none_or(|e| e.code != c.code))
            .map(|c| commune_suggestion(c))
            .chain(named.iter().map(|p| Suggestion::Place {
                id: p.id().to_owned(),
                label: p.text(Field::Nom).unwrap_or_default(),
            }))
            .collect();
        others.truncate(OTHERS * 2);

        if let Some(commune) = exact {
            return Results {
                others,
                ..self.commune_results(commune).await
            };
        }
        if let Some(results) = self.address(q).await {
            return Results { others, ..results };
        }
        if !named.is_empty() {
            // The text names places: list them (by name, no distance to measure).
            return Results {
                heading: format!("Lieux dont le nom contient « {q} »"),
                places: named.iter().map(|p| result_place(p, None, now)).collect(),
                others: communes.iter().map(|c| commune_suggestion(c)).collect(),
                ..Results::default()
            };
        }
        if let Some(commune) = commune_in_text(admin, q) {
            // An address the server cannot locate: at least its commune.
            let why = if self.geocoder.is_some() {
                "Adresse introuvable"
            } else {
                "Les adresses ne sont pas localisées sur ce site"
            };
            return self
                .around_commune(
                    commune,
                    format!("{why} : voici les lieux près de {}.", commune.nom),
                    others,
                )
                .await;
        }
        if let Some(commune) = communes.first() {
            return Results {
                others: others.into_iter().skip(1).collect(),
                ..self.commune_results(commune).await
            };
        }
        let closest = admin.closest_communes(q, OTHERS + 1);
        if let Some(commune) = closest.first() {
            let others = closest[1..].iter().map(|c| commune_suggestion(c)).collect();
            let message = format!(
                "Aucune commune ne s'appelle « {q} » : voici les lieux près de {}.",
                commune.nom
            );
            return self.around_commune(commune, message, others).await;
        }
        Results {
            heading: format!("Rien trouvé pour « {q} »"),
            message: Some(
                "Vérifiez l'orthographe, essayez un code postal, ou cliquez sur la carte à l'endroit voulu."
                    .to_owned(),
            ),
            ..Results::default()
        }
    }

    /// The results around `commune`, saying why with `message` unless they have a message of
    /// their own (the commune cannot be located).
    async fn around_commune(&self, commune: &Commune, message: String, others: Vec<Suggestion>) -> Results {
        let results = self.commune_results(commune).await;
        Results {
            message: results.message.or(Some(message)),
            others,
            ..results
        }
    }

    /// Results around a commune: its boundary, else its places, else the geocoder's centre.
    async fn commune_results(&self, commune: &Commune) -> Results {
        let heading = format!("Lieux près de {}", commune.nom);
        let territory = Some(TerritoryLink {
            code: commune.code.clone(),
            nom: commune.nom.clone(),
        });
        let area = match self.boundary_box(commune).await {
            Some(bbox) => Some(bbox),
            None => self.places_box(commune),
        };
        if let Some(bbox) = area {
            return Results {
                heading,
                territory,
                origin: Some(Position {
                    lat: (bbox.min_lat + bbox.max_lat) / 2.0,
                    lon: (bbox.min_lon + bbox.max_lon) / 2.0,
                }),
                bbox: Some([bbox.min_lon, bbox.min_lat, bbox.max_lon, bbox.max_lat]),
                ..Results::default()
            };
        }
        if let Some(found) = self
            .geocode(&format!("{} {}", commune.nom, commune.departement))
            .await
        {
            return Results {
                heading,
                territory,
                origin: Some(Position {
                    lat: found.lat,
                    lon: found.lon,
                }),
                ..Results::default()
            };
        }
        Results {
            heading,
            territory,
            message: Some(format!(
                "Aucun lieu n'est encore recensé à {} : cliquez sur la carte près de chez vous pour voir les lieux les plus proches.",
                commune.nom
            )),
            ..Results::default()
        }
    }

    async fn boundary_box(&self, commune: &Commune) -> Option<BoundingBox> {
        let stored = self
            .store
            .boundary(Level::Commune.as_str(), &commune.code)
            .await
            .ok()??;
        Boundary::from_geometry_text(&stored.code, &stored.nom, Level::Commune, &stored.geometry)
            .ok()?
            .bbox()
    }

    /// The box of the commune's located places (by `code_insee`, former codes included).
    fn places_box(&self, commune: &Commune) -> Option<BoundingBox> {
        let admin = Admin::embedded();
        self.places
            .places()
            .filter(|p| {
                p.text(Field::CodeInsee)
                    .and_then(|code| admin.current_commune(&code).map(|c| c.code == commune.code))
                    .unwrap_or(false)
            })
            .filter_map(Indexable::position)
            .map(|p| BoundingBox {
                min_lon: p.lon,
                min_lat: p.lat,
                max_lon: p.lon,
                max_lat: p.lat,
            })
            .reduce(|a, b| a.union(&b))
    }

    /// The first address the geocoder finds for `q`, as results around it.
    async fn address(&self, q: &str) -> Option<Results> {
        let found = self.geocode(q).await?;
        Some(Results {
            heading: format!("Lieux près de {}", found.label),
            origin: Some(Position {
                lat: found.lat,
                lon: found.lon,
            }),
            message: Some(format!("Adresse trouvée : {}.", found.label)),
            ..Results::default()
        })
    }

    async fn geocode(&self, q: &str) -> Option<Address> {
        let geocoder = self.geocoder?;
        match geocoder.search(q, 1).await {
            Ok(found) => found.into_iter().next(),
            Err(e) => {
                // The search still answers from the offline tables; the operator needs to know.
                tracing::warn!("geocoder {}: {e}", geocoder.base());
                None
            }
        }
    }

    fn nearest(&self, form: &SearchForm, from: LatLon, now: DateTime<Utc>) -> Vec<ResultPlace> {
        let examined = if form.samedi { EXAMINED } else { LISTED };
        self.places
            .nearest(from, examined, None, &filter(form, now))
            .into_iter()
            .filter(|hit| !form.samedi || opens_on_saturday(hit.place, now))
            .take(LISTED)
            .map(|hit| result_place(hit.place, Some(hit.distance_m), now))
            .collect()
    }
}

/// The commune an address names: a postcode in it (with the commune's name, when several
/// communes share the postcode), else its last words (`8 rue de Siam Brest`, `12 place de la
/// Mairie, Le Relecq-Kerhuon`). `None` for a text of one word, which is not an address.
fn commune_in_text<'a>(admin: &'a Admin, q: &str) -> Option<&'a Commune> {
    let words: Vec<&str> = q
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() < 2 {
        return None;
    }
    let exactly = |text: &str| -> Vec<&'a Commune> {
        admin
            .search(text, OTHERS * 4)
            .into_iter()
            .filter(|t| t.level == Level::Commune)
            .filter_map(|t| admin.commune(&t.code))
            .filter(|c| is_exactly(c, text))
            .collect()
    };
    let folded = fold(q);
    for word in words
        .iter()
        .filter(|w| w.len() == 5 && w.bytes().all(|b| b.is_ascii_digit()))
    {
        let sharing = exactly(word);
        // The most populated first (search order): the commune named in the text if any.
        if let Some(commune) = sharing
            .iter()
            .find(|c| folded.contains(&fold(&c.nom)))
            .or(sharing.first())
        {
            return Some(commune);
        }
    }
    // Longest tail first: « Le Relecq-Kerhuon » before « Kerhuon ».
    (1..words.len().min(6))
        .rev()
        .find_map(|n| exactly(&words[words.len() - n..].join(" ")).into_iter().next())
}

/// Whether `q` only names `commune`, maybe more than once or with its postcode or INSEE code
/// (« Brest 29200 », « Brest Brest »): the commune itself, not an address in it.
fn names_only(commune: &Commune, q: &str) -> bool {
    let name = format!(" {} ", fold(&commune.nom));
    let mut rest = format!(" {} ", fold(q));
    while let Some(at) = rest.find(&name) {
        // A space stays, so that the next occurrence still starts with one.
        rest.replace_range(at..at + name.len(), " ");
    }
    rest.split_whitespace()
        .all(|word| word == commune.code || commune.codes_postaux.iter().any(|p| p == word))
}

/// Whether `q` is the commune's name (accents, case and hyphens aside), its INSEE code or
/// one of its postcodes.
fn is_exactly(commune: &Commune, q: &str) -> bool {
    let q = q.trim();
    fold(&commune.nom) == fold(q) || commune.code == q || commune.codes_postaux.iter().any(|p| p == q)
}

fn commune_suggestion(commune: &Commune) -> Suggestion {
    let postcode = commune
        .codes_postaux
        .first()
        .map_or(commune.departement.as_str(), String::as_str);
    Suggestion::Commune {
        code: commune.code.clone(),
        label: format!("{} ({postcode})", commune.nom),
    }
}

/// Places passing the form's filters whose folded name contains the folded text, by name.
fn places_named<'a>(
    index: &'a PlaceIndex<ServedPlace>,
    form: &SearchForm,
    now: DateTime<Utc>,
) -> Vec<&'a ServedPlace> {
    let wanted = fold(&form.q);
    if wanted.chars().count() < 3 {
        return Vec::new();
    }
    let named_so = |p: &ServedPlace| p.text(Field::Nom).is_some_and(|nom| fold(&nom).contains(&wanted));
    // Sorted as people read names: case and accents aside (« de Bellevue » before « Europe »),
    // then exactly, then by id for a stable order.
    let mut named: Vec<(String, String, &ServedPlace)> = index
        .matching_where(&filter(form, now), named_so)
        .into_iter()
        .filter(|p| !form.samedi || opens_on_saturday(p, now))
        .map(|p| {
            let nom = p.text(Field::Nom).unwrap_or_default();
            (fold(&nom), nom, p)
        })
        .collect();
    named.sort_by(|a, b| {
        (&a.0, &a.1)
            .cmp(&(&b.0, &b.1))
            .then_with(|| a.2.id().cmp(b.2.id()))
    });
    named.into_iter().take(LISTED).map(|(_, _, p)| p).collect()
}

/// The filter of the index for the form (open on Saturdays is checked afterwards).
fn filter(form: &SearchForm, now: DateTime<Utc>) -> Filter {
    Filter {
        services: LabelSet::of(&form.services),
        publics: LabelSet::of::<Public>(&form.publics),
        prise_en_charge: LabelSet::of::<PriseEnCharge>(&form.prise_en_charge),
        frais: if form.gratuit {
            LabelSet::of(&[Frais::Gratuit])
        } else {
            LabelSet::default()
        },
        open_at: form.ouvert.then_some(now),
        ..Filter::default()
    }
}

fn zone(place: &ServedPlace) -> Tz {
    time_zone(
        place.text(Field::CodeInsee).as_deref(),
        &place.text(Field::CodePostal).unwrap_or_default(),
    )
}

/// Whether the place opens on Saturdays in a week without public holidays.
fn opens_on_saturday(place: &ServedPlace, now: DateTime<Utc>) -> bool {
    let tz = zone(place);
    let Some(raw) = place.text(Field::Horaires) else {
        return false;
    };
    let today = now.with_timezone(&tz).date_naive();
    Horaires::parse(&raw)
        .week_profile(reference_monday(today), tz)
        .is_some_and(|week| week.open_on(SATURDAY))
}

fn result_place(place: &ServedPlace, distance_m: Option<f64>, now: DateTime<Utc>) -> ResultPlace {
    let commune = [place.text(Field::CodePostal), place.text(Field::Commune)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let adresse = [
        place.text(Field::Adresse),
        Some(commune).filter(|c| !c.is_empty()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    let status = place.status_at(now);
    ResultPlace {
        id: place.id().to_owned(),
        nom: place.text(Field::Nom).unwrap_or_default(),
        adresse,
        typologie: place.typologie().to_vec(),
        position: place.position().map(|p| Position {
            lat: p.lat,
            lon: p.lon,
        }),
        distance_m,
        open_now: status.map(|s| s.open),
        next_change: status.and_then(|s| s.next_change),
        time_zone: zone(place),
        services: place
            .text(Field::Services)
            .map(|s| {
                split_multi(&s)
                    .into_iter()
                    .filter_map(|v| Service::parse(v).ok())
                    .map(|s| s.label().to_owned())
                    .collect()
            })
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_commune_named_with_its_postcode_is_the_commune() {
        let admin = Admin::embedded();
        let brest = admin.commune("29019").expect("Brest");
        for q in [
            "Brest 29200",
            "29200 Brest",
            "Brest Brest",
            "brest, 29019",
            "Brest",
        ] {
            assert!(names_only(brest, q), "{q}");
        }
        for q in ["8 rue de Siam Brest", "Brest 29490", "Brestoise 29200"] {
            assert!(!names_only(brest, q), "{q}");
        }
        let relecq = admin.commune("29235").expect("Le Relecq-Kerhuon");
        assert!(names_only(relecq, "Le Relecq-Kerhuon 29480"));
    }
}

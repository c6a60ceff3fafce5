//! Property: writing places in any format and reading the file back gives the same places
//! (so an export re-imported is `unchanged` for every row).

use std::cell::Cell;
use std::rc::Rc;

use aiguillage_export::{feature, feature_collection, write, Format};
use aiguillage_ingest_read::read;
use aiguillage_model::{
    Dispositif, FormationLabel, Frais, Horaires, Itinerance, Label, ModaliteAcces, ModaliteAccompagnement,
    Place, PriseEnCharge, Public, Service, ValidationContext, Validator,
};
use chrono::NaiveDate;
use proptest::prelude::*;

/// Free text as producers write it: accents, quotes, separators of CSV.
fn text() -> impl Strategy<Value = String> {
    "[A-Za-zÀ-ÿ0-9 ,;\"'«»()/-]{1,40}"
        .prop_map(|s| s.trim().to_owned())
        .prop_filter("non-blank", |s| !s.is_empty())
}

/// Free text of the fields that may hold several lines (presentations, hours as written).
fn paragraphs() -> impl Strategy<Value = String> {
    "[A-Za-zÀ-ÿ0-9 ,;\"'«»()/\n-]{1,40}"
        .prop_map(|s| s.trim().to_owned())
        .prop_filter("non-blank", |s| !s.is_empty())
}

/// Text that cannot hold a multi-value separator.
fn item() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_]{1,12}"
}

/// Up to three different values: validation keeps each value of a multi-valued field once,
/// so a list with a repeated value would not come back as generated.
fn distinct(s: impl Strategy<Value = String>) -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(s, 0..3).prop_map(|values| {
        let mut unique: Vec<String> = Vec::new();
        for v in values {
            if !unique.contains(&v) {
                unique.push(v);
            }
        }
        unique
    })
}

fn optional(s: impl Strategy<Value = String>) -> impl Strategy<Value = Option<String>> {
    proptest::option::of(s)
}

fn labels<L: Label + std::fmt::Debug>() -> impl Strategy<Value = Vec<L>> {
    proptest::sample::subsequence(L::ALL.to_vec(), 0..=L::ALL.len()).prop_shuffle()
}

fn coordinates() -> impl Strategy<Value = Option<(f64, f64)>> {
    proptest::option::of((-90.0f64..=90.0, -180.0f64..=180.0))
}

fn place() -> impl Strategy<Value = Place> {
    let identity = (
        item(),
        "[A-Za-z0-9]{9,14}",
        text(),
        text(),
        "[0-9]{5}",
        optional("(2[AB1-9]|[013-9][0-9])[0-9]{3}".prop_map(String::from)),
    );
    let address = (text(), optional(text()), coordinates(), distinct(item()));
    let contact = (
        optional("\\+33[0-9]{9}".prop_map(String::from)),
        distinct("[a-z]{1,8}@[a-z]{1,8}\\.fr"),
        distinct("https://[a-z]{1,10}\\.fr/[a-z0-9]{0,8}"),
        optional(prop_oneof![
            Just("Mo-Fr 09:00-12:00,14:00-17:00; PH off".to_owned()),
            Just("Sa 09:00-12:00".to_owned()),
            paragraphs(),
        ]),
    );
    let description = (
        optional(paragraphs()),
        optional(paragraphs()),
        optional(text()),
        labels::<Itinerance>(),
        optional(text()),
        0u32..3000,
    );
    let offer = (
        labels::<Service>(),
        labels::<Public>(),
        labels::<PriseEnCharge>(),
        labels::<Frais>(),
        labels::<Dispositif>(),
        labels::<FormationLabel>(),
    );
    let access = (
        optional(text()),
        labels::<ModaliteAcces>(),
        labels::<ModaliteAccompagnement>(),
        optional("https://acceslibre\\.beta\\.gouv\\.fr/[a-z0-9]{1,10}".prop_map(String::from)),
        optional("https://[a-z]{1,10}\\.fr/rdv".prop_map(String::from)),
    );
    (identity, address, contact, description, offer, access).prop_map(
        |(
            (id, pivot, nom, commune, code_postal, code_insee),
            (adresse, complement_adresse, coordinates, typologie),
            (telephone, courriels, site_web, horaires),
            (presentation_resume, presentation_detail, source, itinerance, structure_parente, days),
            (services, publics, prise_en_charge, frais, dispositifs, formations),
            (
                autres_formations_labels,
                modalites_acces,
                modalites_accompagnement,
                fiche_acces_libre,
                prise_rdv,
            ),
        )| Place {
            id,
            pivot,
            nom,
            commune,
            code_postal,
            code_insee,
            adresse,
            complement_adresse,
            latitude: coordinates.map(|c| c.0),
            longitude: coordinates.map(|c| c.1),
            typologie,
            telephone,
            courriels,
            site_web,
            horaires: horaires.as_deref().map(Horaires::parse),
            presentation_resume,
            presentation_detail,
            source,
            itinerance,
            structure_parente,
            date_maj: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Days::new(u64::from(days)),
            services,
            publics_specifiquement_adresses: publics,
            prise_en_charge_specifique: prise_en_charge,
            frais_a_charge: frais,
            dispositif_programmes_nationaux: dispositifs,
            formations_labels: formations,
            autres_formations_labels,
            modalites_acces,
            modalites_accompagnement,
            fiche_acces_libre,
            prise_rdv,
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_format_round_trips(places in proptest::collection::vec(place(), 1..6)) {
        // Ids are the key: make them unique as the importer requires.
        let places: Vec<Place> = places
            .into_iter()
            .enumerate()
            .map(|(i, mut p)| { p.id = format!("{i}-{}", p.id); p })
            .collect();
        let validator = Validator::new(ValidationContext::at(NaiveDate::from_ymd_opt(2030, 1, 1).unwrap()));
        for format in Format::ALL {
            let mut file = Vec::new();
            write(format, &places, &mut file).unwrap();
            let rows = read(&file, format).unwrap();
            prop_assert!(rows.problems.is_empty(), "{format}: {:?}", rows.problems);
            let mut back = Vec::new();
            for row in &rows.rows {
                let validation = validator.validate(row.record.as_ref().expect("aligned row"));
                // Warnings (free-text hours, coordinates outside France) keep the row.
                let is_warning = |p: &aiguillage_model::Problem| p.severity == aiguillage_model::Severity::Warning;
                prop_assert!(validation.problems.iter().all(is_warning), "{format}: {:?}", validation.problems);
                back.extend(validation.place);
            }
            prop_assert_eq!(&back, &places, "{}", format);
            let hashes = |ps: &[Place]| ps.iter().map(Place::content_hash).collect::<Vec<_>>();
            prop_assert_eq!(hashes(&back), hashes(&places));
        }
    }

    #[test]
    fn json_is_the_pretty_document_written_one_place_at_a_time(places in proptest::collection::vec(place(), 0..4)) {
        let mut json = Vec::new();
        let array: Vec<serde_json::Value> = places.iter().map(|p| serde_json::Value::Object(p.to_json())).collect();
        serde_json::to_writer_pretty(&mut json, &array).unwrap();
        json.push(b'\n');
        let mut geojson = Vec::new();
        serde_json::to_writer_pretty(&mut geojson, &feature_collection(places.iter().map(feature).collect())).unwrap();
        geojson.push(b'\n');
        for (format, expected) in [(Format::Json, json), (Format::GeoJson, geojson)] {
            let mut file = Vec::new();
            write(format, &places, &mut file).unwrap();
            prop_assert_eq!(String::from_utf8(file).unwrap(), String::from_utf8(expected).unwrap());
        }
    }
}

/// A writer that records how many places had been produced when its first bytes came.
struct FirstWrite {
    produced: Rc<Cell<usize>>,
    at: Option<usize>,
}

impl std::io::Write for FirstWrite {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.at.get_or_insert(self.produced.get());
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn places_are_written_as_they_are_produced() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let one = place().new_tree(&mut runner).unwrap().current();
    for format in Format::ALL {
        let produced = Rc::new(Cell::new(0));
        let places = (0..20_000).map(|_| {
            produced.set(produced.get() + 1);
            one.clone()
        });
        let mut out = FirstWrite {
            produced: Rc::clone(&produced),
            at: None,
        };
        write(format, places, &mut out).unwrap();
        assert_eq!(produced.get(), 20_000);
        let first = out.at.unwrap();
        assert!(
            first < 1_000,
            "{format}: nothing written before {first} places were produced"
        );
    }
}

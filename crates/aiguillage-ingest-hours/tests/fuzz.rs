//! Fuzz target of the French hours parser: real hour texts, mutated
//! (`aiguillage_testkit::fuzz`), never make it panic; each is converted into valid OSM
//! `opening_hours` or refused with a reason.

use aiguillage_ingest_hours::{from_day_texts, from_french_text, from_half_days, Unconverted, Weekday};
use aiguillage_testkit::{fuzz, shared_data};
use proptest::prelude::*;
use serde_json::Value;

/// Texts as hubs write them, when the reference files are absent.
const SEEDS: &[&str] = &[
    "du lundi au vendredi de 9h à 12h et de 14h à 17h",
    "Les lundi, mardi et jeudi de 09h00 à 17h00",
    "mercredi 14h-18h",
    "Lundi : 9h-12h / 14h-17h30\nMardi : fermé\nSamedi matin 9h30 - 12h",
    "du lundi au samedi de 8h30 à 12h30, sauf jours fériés",
    "sur rendez-vous",
    "Mo-Fr 09:00-12:00",
    "lun. 9h-12h, mer. 14h-17h, ven. 10h-midi",
];

/// The seeds, plus every hours text of the reference source files (their keys name hours:
/// `Horaires`, `horaires_ouverture`...).
fn corpus() -> Vec<Vec<u8>> {
    let mut corpus: Vec<Vec<u8>> = SEEDS.iter().map(|s| s.as_bytes().to_vec()).collect();
    for file in ["la-creuse.json", "aix-en-provence.json", "angers.json"] {
        let Some(path) = shared_data(&format!("sources/{file}")) else {
            continue;
        };
        let rows: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        for row in rows.as_array().into_iter().flatten() {
            for (key, value) in row.as_object().into_iter().flatten() {
                if key.to_lowercase().contains("horaire") {
                    if let Some(text) = value.as_str().filter(|t| !t.trim().is_empty()) {
                        corpus.push(text.as_bytes().to_vec());
                    }
                }
            }
        }
    }
    corpus
}

/// Converted into valid `opening_hours`, or refused with a reason.
fn check(text: &str, result: Result<String, Unconverted>) {
    match result {
        Ok(hours) => assert!(
            hours.parse::<opening_hours::OpeningHours>().is_ok(),
            "{text:?} gave the invalid opening_hours {hours:?}"
        ),
        Err(e) => assert!(!e.reason.is_empty(), "{text:?} refused without a reason"),
    }
}

proptest! {
    #![proptest_config(fuzz::cases(5000))]

    #[test]
    fn mutated_hour_texts_are_converted_or_refused(text in fuzz::mutated_text(corpus())) {
        check(&text, from_french_text(&text));
        check(&text, from_day_texts(&[(Weekday::Mo, &text), (Weekday::Sa, &text)]));
        check(&text, from_half_days(&text, (&text, "12h"), ("14h", &text)));
    }
}

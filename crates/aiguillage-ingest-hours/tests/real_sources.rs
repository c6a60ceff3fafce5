//! Converts the hours of real hub files in `../shared/data/sources` (beside CI checkouts
//! only; the tests skip when it is absent) and holds the conversion rate to the floor measured
//! when the parser was written, so that a change that loses rows is noticed.

use aiguillage_ingest_hours::{
    from_day_columns, from_day_texts, from_french_text, from_half_days, DayColumns, Unconverted, Weekday,
};
use aiguillage_testkit::shared_data;
use serde_json::Value;

/// The rows of `file`, or `None` with a message when the shared data is absent.
fn rows(file: &str) -> Option<Vec<Value>> {
    let path = shared_data(&format!("sources/{file}"))?;
    let text = std::fs::read_to_string(&path).expect("readable source");
    match serde_json::from_str(&text).expect("JSON source") {
        Value::Array(rows) => Some(rows),
        other => panic!("{file}: expected an array of rows, got {other:.40}"),
    }
}

fn text<'a>(row: &'a Value, key: &str) -> &'a str {
    row.get(key).and_then(Value::as_str).unwrap_or("")
}

/// Checks every converted value is valid OSM syntax, prints the counts, and returns the
/// number converted.
fn tally(file: &str, results: &[Result<String, Unconverted>]) -> usize {
    let mut converted = 0;
    let mut no_hours = 0;
    for result in results {
        match result {
            Ok(hours) => {
                assert!(
                    hours.parse::<opening_hours::OpeningHours>().is_ok(),
                    "{file}: invalid opening_hours {hours:?}"
                );
                converted += 1;
            }
            Err(e) if e.reason == "no hours" => no_hours += 1,
            Err(e) => assert!(!e.reason.is_empty(), "{file}: empty reason"),
        }
    }
    eprintln!(
        "{file}: {converted} converted, {} not converted, {no_hours} rows without hours",
        results.len() - converted - no_hours
    );
    converted
}

/// Expects `row` of `file` to convert to exactly `expected`.
fn spot_check(file: &str, results: &[Result<String, Unconverted>], row: usize, expected: &str) {
    assert_eq!(
        results[row].as_deref().map_err(|e| e.reason.as_str()),
        Ok(expected),
        "{file} row {row}"
    );
}

/// The rows' hours: one result per row, a row without hours giving `Err("no hours")`, so
/// that indices match the file's rows.
fn convert_rows(
    rows: &[Value],
    convert: impl Fn(&Value) -> Result<String, Unconverted>,
) -> Vec<Result<String, Unconverted>> {
    rows.iter().map(convert).collect()
}

#[test]
fn corse_free_text() {
    let Some(rows) = rows("corse.json") else {
        return;
    };
    let results = convert_rows(&rows, |row| from_french_text(text(row, "Horaires")));
    let converted = tally("corse.json", &results);
    // 145 of the 161 rows have hours; the 37 others left are appointments, monthly or
    // seasonal dates, exceptions, days without times, a conflict and two typos.
    assert!(converted >= 108, "corse.json: only {converted} converted");
    spot_check("corse.json", &results, 3, "Tu,Th 15:00-19:00; We,Fr 09:30-13:30");
    spot_check(
        "corse.json",
        &results,
        88,
        "Mo-Fr 08:30-12:00,14:00-16:30; Sa 09:15-11:30",
    );
    spot_check(
        "corse.json",
        &results,
        97,
        "Mo 08:30-11:00,15:00-17:00; Tu 10:30-12:00,15:00-17:00; We 08:30-12:00,14:00-17:00; \
         Th 08:30-12:00,15:00-17:00; Fr 08:30-12:00,14:00-16:30",
    );
    assert_eq!(
        results[99].as_ref().unwrap_err().reason,
        "\"eudi\" not understood",
        "corse.json row 99 (« mardi et eudi ») must not be guessed"
    );
}

#[test]
fn hub_lo_half_days_and_free_text() {
    let Some(rows) = rows("hub-lo.json") else {
        return;
    };
    let half_days = convert_rows(&rows, |row| {
        from_half_days(
            text(row, "c_jours_semaine"),
            (text(row, "c_heure_debut_matin"), text(row, "c_heure_fin_matin")),
            (text(row, "c_heure_debut_aprem"), text(row, "c_heure_fin_aprem")),
        )
    });
    // Every hour column of this file is empty, even on the 120 rows listing days: the
    // half-day columns convert nothing, and say so.
    assert_eq!(tally("hub-lo.json half days", &half_days), 0);
    assert!(half_days
        .iter()
        .all(|r| r.as_ref().unwrap_err().reason == "no hours"));

    // The hours are in the free-text column instead.
    let free_text = convert_rows(&rows, |row| from_french_text(text(row, "c_horaire_ouverture")));
    let converted = tally("hub-lo.json c_horaire_ouverture", &free_text);
    assert!(converted >= 53, "hub-lo.json: only {converted} converted");
    spot_check(
        "hub-lo.json",
        &free_text,
        38,
        "Tu,Fr 16:00-18:00; We 09:30-12:00,14:00-18:00; Sa 09:30-12:00,14:00-17:00",
    );
    spot_check(
        "hub-lo.json",
        &free_text,
        221,
        "Tu-Fr 10:00-12:00,13:30-18:30; Sa 10:00-12:30,14:00-17:30",
    );
}

/// ultra-num.json's column names for `day` (lower-case French): morning and afternoon
/// open/close pairs.
fn ultra_num_columns<'a>(row: &'a Value, day: &str) -> Vec<(&'a str, &'a str)> {
    vec![
        (
            text(row, &format!("Ouverture matin (ou journée continue) {day}")),
            text(row, &format!("Fermeture matin {day}")),
        ),
        (
            text(
                row,
                &format!("Ouverture après-midi (sauf si une seule tranche horaire) {day}"),
            ),
            text(row, &format!("Fermeture après-midi {day}")),
        ),
    ]
}

const FRENCH_DAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

#[test]
fn ultra_num_day_columns() {
    let Some(rows) = rows("ultra-num.json") else {
        return;
    };
    let results = convert_rows(&rows, |row| {
        let days: Vec<DayColumns> = Weekday::ALL
            .into_iter()
            .zip(FRENCH_DAYS)
            .map(|(day, name)| DayColumns {
                day,
                ranges: ultra_num_columns(row, name),
            })
            .collect();
        from_day_columns(&days)
    });
    // 35 of the 155 rows have any time; the two left are a lone ";" cell and a Wednesday
    // opening at 09:00 with only an afternoon closing.
    let converted = tally("ultra-num.json", &results);
    assert!(converted >= 33, "ultra-num.json: only {converted} converted");
    spot_check("ultra-num.json", &results, 8, "Mo-Fr 08:30-12:00,13:00-16:30");
    spot_check(
        "ultra-num.json",
        &results,
        13,
        "Mo 13:00-17:00; Tu,Th 08:00-17:00; We 08:00-16:00; Fr 08:00-12:00",
    );
    assert_eq!(
        results[131].as_ref().unwrap_err().reason,
        "Wednesday: opens at 09:00 with no closing time"
    );
}

#[test]
fn nouvelle_caledonie_day_texts() {
    let Some(rows) = rows("nouvelle-caledonie.json") else {
        return;
    };
    let results = convert_rows(&rows, |row| {
        let days: Vec<(Weekday, &str)> = Weekday::ALL
            .into_iter()
            .zip(FRENCH_DAYS)
            .map(|(day, name)| (day, text(row, &format!("horaires_{name}"))))
            .collect();
        from_day_texts(&days)
    });
    // 72 of the 92 rows have hours.
    let converted = tally("nouvelle-caledonie.json", &results);
    assert!(
        converted >= 67,
        "nouvelle-caledonie.json: only {converted} converted"
    );
    spot_check(
        "nouvelle-caledonie.json",
        &results,
        28,
        "Tu,Th,Fr 10:00-17:00; We 10:00-18:00; Sa 08:30-12:00",
    );
    spot_check(
        "nouvelle-caledonie.json",
        &results,
        55,
        "Mo 15:00-17:00; Tu-Fr 09:00-18:00; Sa 09:00-16:00",
    );
    spot_check(
        "nouvelle-caledonie.json",
        &results,
        61,
        "Mo,Fr,Sa 08:00-11:00; Tu,Th 13:00-17:00; We 08:00-11:00,13:00-17:00",
    );
}

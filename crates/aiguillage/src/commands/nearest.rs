//! `aiguillage nearest`.

use std::io::Write;
use std::process::ExitCode;

use aiguillage_export::{feature_at, feature_collection};
use aiguillage_geo::{Filter, Hit, LabelSet, LatLon, PlaceIndex, MAX_NEAREST, MAX_RADIUS_M};
use aiguillage_model::{is_evaluable, time_zone, Public, Service, EVALUABLE_DAYS};

use super::labels;
use aiguillage_store::Store;
use anyhow::{bail, Context};
use chrono::{DateTime, Utc};

use crate::cli::NearestArgs;

pub async fn run(store: &Store, args: &NearestArgs) -> anyhow::Result<ExitCode> {
    if !(-90.0..=90.0).contains(&args.lat) || !(-180.0..=180.0).contains(&args.lon) {
        bail!("--lat must be from -90 to 90 and --lon from -180 to 180");
    }
    if !(1..=MAX_NEAREST).contains(&args.limit) {
        bail!("--limit must be from 1 to {MAX_NEAREST}");
    }
    if args.radius.is_some_and(|r| !(0.0..=MAX_RADIUS_M).contains(&r)) {
        bail!("--radius must be from 0 to {MAX_RADIUS_M} metres");
    }
    let open_at = args
        .open_at
        .as_deref()
        .map(|raw| {
            DateTime::parse_from_rfc3339(raw)
                .map(|d| d.with_timezone(&Utc))
                .ok()
                .filter(|d| is_evaluable(*d))
                .with_context(|| {
                    format!(
                        "--open-at « {raw} » is not an RFC 3339 date-time such as 2026-12-24T10:00:00+01:00, \
                         from {} to {}",
                        EVALUABLE_DAYS.0, EVALUABLE_DAYS.1
                    )
                })
        })
        .transpose()?;
    let at = open_at.unwrap_or_else(Utc::now);
    let filter = Filter {
        services: LabelSet::of(&labels::<Service>("--service", &args.services)?),
        publics: LabelSet::of(&labels::<Public>("--public", &args.publics)?),
        open_at: open_at.or(args.open_now.then_some(at)),
        ..Filter::default()
    };

    let places = store.all().await?.into_iter().map(|s| s.place).collect();
    let index = PlaceIndex::new(places);
    let hits = index.nearest(LatLon::new(args.lat, args.lon), args.limit, args.radius, &filter);

    let mut out = std::io::stdout().lock();
    if args.json {
        let features = hits
            .iter()
            .map(|h| feature_at(h.place, at, Some(h.distance_m)))
            .collect();
        // Rendered first, so that a closed pipe surfaces as the io::Error it is.
        let json = serde_json::to_string_pretty(&feature_collection(features))?;
        writeln!(out, "{json}")?;
    } else {
        write_table(&mut out, &hits, at)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// A table for people: distance, opening status, name, address.
fn write_table(out: &mut impl Write, hits: &[Hit<'_>], at: DateTime<Utc>) -> std::io::Result<()> {
    if hits.is_empty() {
        return writeln!(out, "Aucun lieu ne correspond.");
    }
    let rows: Vec<[String; 4]> = hits
        .iter()
        .map(|h| {
            let p = h.place;
            let address = format!("{}, {} {}", p.adresse, p.code_postal, p.commune);
            [distance(h.distance_m), opening(h, at), p.nom.clone(), address]
        })
        .collect();
    let headers = ["Distance", "Ouverture", "Nom", "Adresse"];
    let widths: Vec<usize> = (0..4)
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([headers[i].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: [&str; 4]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect();
        padded.join("  ").trim_end().to_owned()
    };
    writeln!(out, "{}", line(headers))?;
    for r in &rows {
        writeln!(out, "{}", line([&r[0], &r[1], &r[2], &r[3]]))?;
    }
    Ok(())
}

fn distance(metres: f64) -> String {
    if metres < 1000.0 {
        format!("{} m", metres.round())
    } else {
        format!("{:.1} km", metres / 1000.0).replace('.', ",")
    }
}

/// « ouvert, ferme à 12:00 », « fermé, ouvre le 01/12 à 09:00 », « horaires inconnus ».
fn opening(hit: &Hit<'_>, at: DateTime<Utc>) -> String {
    let place = hit.place;
    let Some(status) = place.status_at(at) else {
        return "horaires inconnus".to_owned();
    };
    let tz = time_zone(place.code_insee.as_deref(), &place.code_postal);
    let (state, verb) = if status.open {
        ("ouvert", "ferme")
    } else {
        ("fermé", "ouvre")
    };
    match status.next_change {
        None => state.to_owned(),
        Some(next) => {
            let next = next.with_timezone(&tz);
            if next.date_naive() == at.with_timezone(&tz).date_naive() {
                format!("{state}, {verb} à {}", next.format("%H:%M"))
            } else {
                format!(
                    "{state}, {verb} le {} à {}",
                    next.format("%d/%m"),
                    next.format("%H:%M")
                )
            }
        }
    }
}

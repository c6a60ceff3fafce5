//! Places as the server holds them: what the index needs to answer queries, plus the
//! place's standard values as JSON text, written into responses without re-encoding.
//!
//! Holding full `Place`s would cost ~1.5 KB of small allocations per place and a full
//! re-validation at start-up; a `ServedPlace` is built from the store's `record` column
//! (see `Store::records_page`) in a few microseconds, and holds its values without the
//! field names, which are two thirds of a standard JSON object's text.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex};

use aiguillage_geo::{Indexable, LabelSet, Labels, LatLon, PlaceIndex};
use aiguillage_model::{
    split_multi, time_zone, with_exceptions, Dispositif, Field, Frais, Horaires, HoursException, Itinerance,
    Label, ModaliteAcces, ModaliteAccompagnement, OpenStatus, PriseEnCharge, Public, Service, ZonedHours,
};
use aiguillage_store::{RecordPage, Store, StoreError, StoredException};
use chrono::{DateTime, SecondsFormat, Utc};
use chrono_tz::Tz;
use serde::Deserialize;
use serde_json::value::RawValue;

/// Places per page read from the store while loading: large enough that per-query costs
/// vanish, small enough that pages (~3 MB each) do not inflate the memory the allocator
/// keeps once loading is over (measured: 10,000 per page left ~30 MB more resident).
const LOAD_PAGE: usize = 4_000;

/// Every open place, indexed, with its current exceptions (temporary closures, exceptional
/// hours) applied to its hours.
pub async fn load_index(store: &Store) -> Result<PlaceIndex<ServedPlace>, StoreError> {
    let places = load_places(store).await?;
    // Building the tree is CPU work: keep it off the async workers.
    tokio::task::spawn_blocking(move || PlaceIndex::new(places))
        .await
        .map_err(|e| StoreError::Corrupt {
            id: String::new(),
            reason: format!("indexing stopped: {e}"),
        })
}

/// `index` with the places `ids` read again from the store: changed ones replaced, closed
/// or deleted ones removed. Costs a few queries and the index's overlay, not a rebuild, so an
/// edit is served at once.
pub async fn refresh(
    store: &Store,
    index: &PlaceIndex<ServedPlace>,
    ids: &[&str],
) -> Result<PlaceIndex<ServedPlace>, StoreError> {
    let mut exceptions = Exceptions::default();
    for id in ids {
        exceptions.add(store.exceptions(id, &today().to_string()).await?);
    }
    let mut cache = HoursCache::default();
    let mut changed = Vec::with_capacity(ids.len());
    for (id, record) in store.records_of(ids).await? {
        let corrupt = |e: serde_json::Error| StoreError::Corrupt {
            id: id.clone(),
            reason: format!("unreadable record: {e}"),
        };
        let raw: &RawValue = serde_json::from_str(&record).map_err(corrupt)?;
        changed.push(ServedPlace::from_record(raw, &mut cache, &exceptions).map_err(corrupt)?);
    }
    let removed: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|id| !changed.iter().any(|p| p.id == *id))
        .collect();
    Ok(index.with_changes(changed, &removed))
}

/// Today in France métropolitaine: exceptions that ended before are not loaded.
fn today() -> chrono::NaiveDate {
    Utc::now().with_timezone(&chrono_tz::Europe::Paris).date_naive()
}

/// The current exceptions of places, by place id.
#[derive(Debug, Default)]
pub struct Exceptions(HashMap<String, Vec<HoursException>>);

impl Exceptions {
    fn add(&mut self, stored: Vec<StoredException>) {
        for e in stored {
            if let Some(exception) = e.hours_exception() {
                self.0.entry(e.place_id).or_default().push(exception);
            }
        }
    }

    fn of(&self, id: &str) -> &[HoursException] {
        self.0.get(id).map_or(&[], Vec::as_slice)
    }
}

/// Every open place, as served places, in id order. Pages are parsed on a blocking
/// thread while the next one is read, so SQLite and parsing use both cores.
pub async fn load_places(store: &Store) -> Result<Vec<ServedPlace>, StoreError> {
    // Sized once: growing by doubling would copy the places and keep the slack.
    let mut places = Vec::with_capacity(usize::try_from(store.count().await?).unwrap_or(0));
    let mut exceptions = Exceptions::default();
    exceptions.add(store.all_exceptions(&today().to_string()).await?);
    let exceptions = Arc::new(exceptions);
    let mut cache = HoursCache::default();
    let mut page = store.records_page(None, LOAD_PAGE).await?;
    while let Some(current) = page {
        let after = current.last_id.clone();
        let exceptions = Arc::clone(&exceptions);
        let parsing = tokio::task::spawn_blocking(move || {
            let parsed = parse_page(&current, &mut cache, &exceptions);
            (parsed, cache)
        });
        page = store.records_page(Some(&after), LOAD_PAGE).await?;
        let (parsed, returned) = parsing.await.map_err(|e| StoreError::Corrupt {
            id: after.clone(),
            reason: format!("loading stopped: {e}"),
        })?;
        places.extend(parsed?);
        cache = returned;
    }
    // Pages come in id order, places within a page in any order.
    places.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    Ok(places)
}

fn parse_page(
    page: &RecordPage,
    cache: &mut HoursCache,
    exceptions: &Exceptions,
) -> Result<Vec<ServedPlace>, StoreError> {
    let corrupt = |e: serde_json::Error| StoreError::Corrupt {
        id: format!("(page ending at {})", page.last_id),
        reason: format!("unreadable record: {e}"),
    };
    let records: Vec<&RawValue> = serde_json::from_str(&page.json).map_err(corrupt)?;
    records
        .into_iter()
        .map(|r| ServedPlace::from_record(r, cache, exceptions).map_err(corrupt))
        .collect()
}

/// A place ready to be indexed and served.
#[derive(Debug)]
pub struct ServedPlace {
    id: String,
    position: Option<LatLon>,
    labels: Labels,
    typologie: Vec<String>,
    /// Shared by every place with the same hours in the same time zone.
    hours: Option<Arc<Schedule>>,
    /// The 32 standard values as JSON, in schema order, one after the other...
    values: Box<str>,
    /// ...each ending at this byte offset of `values` (responses copy them without
    /// scanning for separators).
    ends: [u32; 32],
}

/// A status computed at `at`: it holds from `at` until its next change (the hours are open
/// or closed for the whole interval that contains `at`), so every request of the same
/// minute, or hour, reuses it instead of evaluating the hours again.
#[derive(Debug, Clone, Copy)]
struct Memo {
    at: DateTime<Utc>,
    status: OpenStatus,
}

impl Memo {
    fn holds_at(&self, at: DateTime<Utc>) -> bool {
        self.at <= at && self.status.next_change.is_none_or(|change| at < change)
    }
}

/// Opening hours in a time zone, with the last status computed from them.
#[derive(Debug)]
struct Schedule {
    hours: ZonedHours,
    last_status: Mutex<Option<Memo>>,
}

impl Schedule {
    fn status_at(&self, at: DateTime<Utc>) -> OpenStatus {
        // try_lock: a request never waits for another; at worst it evaluates the hours.
        if let Ok(last) = self.last_status.try_lock() {
            if let Some(memo) = last.filter(|m| m.holds_at(at)) {
                return memo.status;
            }
        }
        let status = self.hours.status_at(at);
        if let Ok(mut last) = self.last_status.try_lock() {
            *last = Some(Memo { at, status });
        }
        status
    }
}

/// Schedules by text and time zone: a territory's places share a few hundred distinct
/// schedules, parsing one costs tens of microseconds, and a shared schedule remembers its
/// status for all of them.
#[derive(Debug, Default)]
pub struct HoursCache(HashMap<(String, Tz), Option<Arc<Schedule>>>);

impl HoursCache {
    fn schedule(&mut self, raw: &str, tz: Tz) -> Option<Arc<Schedule>> {
        self.0
            .entry((raw.to_owned(), tz))
            .or_insert_with(|| {
                Horaires::parse(raw).in_zone(tz).map(|hours| {
                    Arc::new(Schedule {
                        hours,
                        last_status: Mutex::new(None),
                    })
                })
            })
            .clone()
    }
}

/// The set of labels of enumeration `L` in a multi-valued field's text. Stored records
/// were validated, so a value that is not a label cannot occur; it would be skipped.
fn label_set<L: Label>(text: Option<Cow<'_, str>>) -> LabelSet {
    let labels: Vec<L> = text
        .map(|t| {
            split_multi(&t)
                .into_iter()
                .filter_map(|v| L::parse(v).ok())
                .collect()
        })
        .unwrap_or_default();
    LabelSet::of(&labels)
}

/// A record's values, read on demand.
struct Record<'a>(Vec<&'a RawValue>);

impl<'a> Record<'a> {
    fn parse(record: &'a RawValue) -> serde_json::Result<Self> {
        let values: Vec<&RawValue> = serde_json::from_str(record.get())?;
        if values.len() != Field::ALL.len() {
            return Err(serde::de::Error::invalid_length(
                values.len(),
                &"the 32 standard values",
            ));
        }
        Ok(Record(values))
    }

    fn get<T: Deserialize<'a>>(&self, field: Field) -> serde_json::Result<T> {
        serde_json::from_str(self.0[field.index()].get())
    }

    fn text(&self, field: Field) -> serde_json::Result<Option<Cow<'a, str>>> {
        self.get(field)
    }
}

impl ServedPlace {
    /// The place whose standard values (a JSON array in schema order) are `record`.
    /// Its `exceptions` apply to its hours.
    pub fn from_record(
        record: &RawValue,
        hours: &mut HoursCache,
        exceptions: &Exceptions,
    ) -> serde_json::Result<ServedPlace> {
        let r = Record::parse(record)?;
        let id = r.text(Field::Id)?.unwrap_or_default().into_owned();
        let schedule = match r.text(Field::Horaires)? {
            Some(raw) => {
                let code_insee = r.text(Field::CodeInsee)?;
                let code_postal = r.text(Field::CodePostal)?.unwrap_or_default();
                let tz = time_zone(code_insee.as_deref(), &code_postal);
                match exceptions.of(&id) {
                    [] => hours.schedule(&raw, tz),
                    current => hours.schedule(with_exceptions(&Horaires::parse(&raw), current).raw(), tz),
                }
            }
            None => None,
        };
        let labels = Labels {
            hours_known: schedule.is_some(),
            services: label_set::<Service>(r.text(Field::Services)?),
            publics: label_set::<Public>(r.text(Field::PublicsSpecifiquementAdresses)?),
            prise_en_charge: label_set::<PriseEnCharge>(r.text(Field::PriseEnChargeSpecifique)?),
            frais: label_set::<Frais>(r.text(Field::FraisACharge)?),
            modalites_acces: label_set::<ModaliteAcces>(r.text(Field::ModalitesAcces)?),
            modalites_accompagnement: label_set::<ModaliteAccompagnement>(
                r.text(Field::ModalitesAccompagnement)?,
            ),
            dispositif: label_set::<Dispositif>(r.text(Field::DispositifProgrammesNationaux)?),
            itinerance: label_set::<Itinerance>(r.text(Field::Itinerance)?),
        };
        let position = r
            .get::<Option<f64>>(Field::Latitude)?
            .zip(r.get::<Option<f64>>(Field::Longitude)?)
            .map(|(lat, lon)| LatLon::new(lat, lon));
        let mut values = String::with_capacity(record.get().len());
        let mut ends = [0; 32];
        for (end, value) in ends.iter_mut().zip(&r.0) {
            values.push_str(value.get());
            *end = u32::try_from(values.len()).unwrap_or(u32::MAX);
        }
        Ok(ServedPlace {
            id,
            position,
            labels,
            typologie: r
                .text(Field::Typologie)?
                .map(|t| split_multi(&t).into_iter().map(str::to_owned).collect())
                .unwrap_or_default(),
            hours: schedule,
            values: values.into_boxed_str(),
            ends,
        })
    }

    /// Whether the place is open at `at` and when that changes; `None` when its hours are
    /// unknown.
    pub fn status_at(&self, at: DateTime<Utc>) -> Option<OpenStatus> {
        Some(self.hours.as_ref()?.status_at(at))
    }

    /// The value of `field` as text: a string as it is (multi-valued fields joined by `|`),
    /// a number (`latitude`, `longitude`) as written in the record; `None` when the field
    /// is null or empty.
    ///
    /// Only this one value is parsed: the others stay JSON text.
    pub fn text(&self, field: Field) -> Option<String> {
        let index = field.index();
        let start = match index {
            0 => 0,
            _ => *self.ends.get(index - 1)? as usize,
        };
        let raw = self.values.get(start..*self.ends.get(index)? as usize)?;
        // Values were written by serde_json from the record: text, a number or null.
        let text = match serde_json::from_str::<serde_json::Value>(raw).ok()? {
            serde_json::Value::String(text) => text,
            serde_json::Value::Number(number) => number.to_string(),
            _ => return None,
        };
        (!text.is_empty()).then_some(text)
    }

    /// Appends the GeoJSON Feature of the place answering a query to `out`: the standard
    /// object as properties, then `distance_m` (whole metres, when given), `open_now` and
    /// `next_change` at `at` (`null` when the hours are unknown).
    pub fn write_feature(&self, out: &mut String, at: DateTime<Utc>, distance_m: Option<f64>) {
        out.push_str(r#"{"type":"Feature","id":"#);
        push_json(out, &self.id);
        out.push_str(r#","geometry":"#);
        match self.position {
            Some(p) => {
                out.push_str(r#"{"type":"Point","coordinates":["#);
                push_json(out, &p.lon);
                out.push(',');
                push_json(out, &p.lat);
                out.push_str("]}");
            }
            None => out.push_str("null"),
        }
        out.push_str(r#","properties":{"#);
        let mut start = 0;
        for (field, end) in Field::ALL.iter().zip(self.ends) {
            if start > 0 {
                out.push(',');
            }
            // Field names are plain ASCII: no escaping needed.
            out.push('"');
            out.push_str(field.name());
            out.push_str("\":");
            out.push_str(self.values.get(start..end as usize).unwrap_or_default());
            start = end as usize;
        }
        if let Some(d) = distance_m {
            let _ = write!(out, r#","distance_m":{}"#, whole_metres(d));
        }
        let status = self.status_at(at);
        out.push_str(r#","open_now":"#);
        out.push_str(match status.map(|s| s.open) {
            Some(true) => "true",
            Some(false) => "false",
            None => "null",
        });
        out.push_str(r#","next_change":"#);
        match status.and_then(|s| s.next_change) {
            Some(change) => push_json(out, &change.to_rfc3339_opts(SecondsFormat::Secs, true)),
            None => out.push_str("null"),
        }
        out.push_str("}}");
    }
}

/// A distance as answers give it: in whole metres, finer being beyond the precision of any
/// geocoding.
///
/// ```
/// assert_eq!(aiguillage_catalog::whole_metres(1234.5), 1235);
/// ```
pub fn whole_metres(distance_m: f64) -> u64 {
    distance_m.round() as u64
}

/// Appends `value` as JSON.
fn push_json(out: &mut String, value: &(impl serde::Serialize + ?Sized)) {
    // Serialising a string or a finite number into a String cannot fail.
    if let Ok(text) = serde_json::to_string(value) {
        out.push_str(&text);
    }
}

impl Indexable for ServedPlace {
    fn id(&self) -> &str {
        &self.id
    }

    fn position(&self) -> Option<LatLon> {
        self.position
    }

    fn labels(&self) -> Labels {
        self.labels
    }

    fn typologie(&self) -> &[String] {
        &self.typologie
    }

    fn is_open_at(&self, at: DateTime<Utc>) -> Option<bool> {
        self.hours.as_ref().map(|h| h.status_at(at).open)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aiguillage_export::feature_at;
    use aiguillage_geo::Indexable;
    use aiguillage_model::{Field, Place};
    use aiguillage_testkit::PlaceBuilder;
    use chrono::TimeZone;
    use serde_json::Value;

    fn place(fields: &[(Field, &str)]) -> Place {
        PlaceBuilder::new("brest-1")
            .nom("Médiathèque « des Capucins »")
            .field(Field::Pivot, "21290019700015")
            .field(Field::Adresse, "25 rue de Pontaniou")
            .fields(fields)
            .build()
    }

    fn served(place: &Place) -> ServedPlace {
        let values: Value = place.to_json().into_iter().map(|(_, v)| v).collect();
        let record = RawValue::from_string(values.to_string()).unwrap();
        ServedPlace::from_record(&record, &mut HoursCache::default(), &Exceptions::default()).unwrap()
    }

    #[test]
    fn features_are_those_of_the_full_place() {
        let monday = Utc.with_ymd_and_hms(2026, 11, 23, 9, 30, 0).unwrap();
        let sunday = Utc.with_ymd_and_hms(2026, 11, 29, 9, 30, 0).unwrap();
        let places = [
            place(&[
                (Field::Latitude, "48.38390000000001"),
                (Field::Longitude, "-4.4994"),
                (Field::Horaires, "Mo-Fr 09:00-12:00,14:00-17:00; PH off"),
                (
                    Field::Services,
                    "Aide aux démarches administratives|Accès internet et matériel informatique",
                ),
                (Field::PublicsSpecifiquementAdresses, "Seniors"),
                (Field::Typologie, "BIB|TIERS_LIEUX"),
                (Field::PresentationResume, "Ligne 1\nLigne \"2\" \\ é"),
            ]),
            place(&[(Field::Horaires, "le mardi matin")]),
            place(&[
                (Field::CodeInsee, "97411"),
                (Field::CodePostal, "97400"),
                (Field::Horaires, "24/7"),
            ]),
        ];
        for p in &places {
            let s = served(p);
            for (at, distance) in [(monday, Some(1234.4)), (sunday, None)] {
                let mut text = String::new();
                s.write_feature(&mut text, at, distance);
                let written: Value = serde_json::from_str(&text).unwrap();
                assert_eq!(written, feature_at(p, at, distance), "{text}");
            }
            assert_eq!(s.labels(), Labels::of(p));
            assert_eq!(s.typologie(), p.typologie.as_slice());
            assert_eq!(Indexable::position(&s), Indexable::position(p));
            assert_eq!(s.is_open_at(monday), p.is_open_at(monday));
        }
    }

    #[test]
    fn text_is_the_value_of_one_field() {
        let p = place(&[
            (Field::Latitude, "48.38390000000001"),
            (Field::Longitude, "-4.4994"),
            (Field::Typologie, "BIB|TIERS_LIEUX"),
            (Field::PresentationResume, "Ligne 1\nLigne \"2\" \\ é"),
        ]);
        let s = served(&p);
        assert_eq!(s.text(Field::Id).as_deref(), Some("brest-1"));
        assert_eq!(
            s.text(Field::Nom).as_deref(),
            Some("Médiathèque « des Capucins »")
        );
        assert_eq!(s.text(Field::Typologie).as_deref(), Some("BIB|TIERS_LIEUX"));
        assert_eq!(
            s.text(Field::PresentationResume).as_deref(),
            Some("Ligne 1\nLigne \"2\" \\ é")
        );
        assert_eq!(s.text(Field::Latitude).as_deref(), Some("48.38390000000001"));
        assert_eq!(s.text(Field::Longitude).as_deref(), Some("-4.4994"));
        assert_eq!(s.text(Field::PriseRdv), None);
        // Every field agrees with the standard's values of the full place.
        for (field, value) in Field::ALL.into_iter().zip(p.standard_values()) {
            let expected = Some(value.to_string()).filter(|v| !v.is_empty());
            assert_eq!(s.text(field), expected, "{field}");
        }
    }

    #[test]
    fn a_remembered_status_is_the_status() {
        let s = served(&place(&[(
            Field::Horaires,
            "Mo-Fr 09:00-12:00,14:00-17:30; Sa 10:00-12:00; PH off",
        )]));
        let direct = s.hours.as_ref().unwrap().hours.clone();
        // Every 7 minutes over three weeks including Christmas, forwards then backwards.
        let start = Utc.with_ymd_and_hms(2026, 12, 14, 0, 3, 0).unwrap();
        let instants: Vec<DateTime<Utc>> = (0..3 * 7 * 24 * 60 / 7)
            .map(|i| start + chrono::TimeDelta::minutes(7 * i))
            .collect();
        for at in instants.iter().chain(instants.iter().rev()) {
            assert_eq!(s.status_at(*at), Some(direct.status_at(*at)), "{at}");
        }
    }
}

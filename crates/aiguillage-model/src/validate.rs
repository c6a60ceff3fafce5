//! Validation of a raw row against every constraint of the schema.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, NaiveDateTime};

use crate::contact::{is_email, is_telephone, parse_web_address};
use crate::labels::Label;
use crate::text::split_multi;
use crate::{plausible_region, postcode_region, Field, Horaires, Place, Problem, RawRecord, Severity};

/// What validation depends on besides the row itself.
#[derive(Debug, Clone, Copy)]
pub struct ValidationContext {
    /// The current date: `date_maj` may not be later.
    pub today: NaiveDate,
    /// The row is a place read back from the store: its id stays as it was stored (no NFC,
    /// no bound on its length, dots allowed), so that a place written before a rule was added
    /// is still read, under its key.
    pub stored: bool,
}

impl ValidationContext {
    /// A context for the given date.
    pub fn at(today: NaiveDate) -> Self {
        ValidationContext { today, stored: false }
    }

    /// The context of places read back from the store: no date is « in the future » for
    /// data already stored, and ids are kept as stored.
    pub fn stored() -> Self {
        ValidationContext {
            today: NaiveDate::MAX,
            stored: true,
        }
    }

    /// A context for today (local date of the machine).
    pub fn today() -> Self {
        Self::at(chrono::Local::now().date_naive())
    }
}

/// The outcome of validating one row.
#[derive(Debug, Clone)]
pub struct Validation {
    /// The place, unless an error rejected the row.
    pub place: Option<Place>,
    /// Every problem found, errors and warnings, in field order.
    pub problems: Vec<Problem>,
}

impl Validation {
    /// Whether the row was rejected.
    pub fn is_rejected(&self) -> bool {
        self.place.is_none()
    }
}

/// Maximum length of `presentation_resume`, in characters.
const RESUME_MAX_CHARS: usize = 280;

/// Validates a raw row. Errors reject it; warnings keep it (unparsable hours, implausible
/// coordinates, malformed e-mail addresses). To validate many rows, use a [`Validator`].
pub fn validate(raw: &RawRecord, ctx: &ValidationContext) -> Validation {
    Validator::new(*ctx).validate(raw)
}

/// Most distinct `horaires` texts a [`Validator`] remembers.
const HOURS_CACHE_CAPACITY: usize = 4096;

/// Validates many rows with one context, remembering parsed opening hours: a file repeats
/// a limited number of hour patterns over thousands of rows, and parsing one costs tens
/// of microseconds while a lookup costs tens of nanoseconds.
///
/// A validator is shared by reference across threads (and its clones share their memory),
/// so a parallel import parses each distinct `horaires` text once.
#[derive(Debug, Clone)]
pub struct Validator {
    ctx: ValidationContext,
    hours: Arc<Mutex<HashMap<String, Horaires>>>,
}

impl Validator {
    /// A validator for `ctx`.
    pub fn new(ctx: ValidationContext) -> Self {
        Validator {
            ctx,
            hours: Arc::default(),
        }
    }

    /// Validates one row (see [`validate`]).
    pub fn validate(&self, raw: &RawRecord) -> Validation {
        check(raw, self)
    }

    fn horaires(&self, raw: &str) -> Horaires {
        // A panic elsewhere while holding the lock cannot leave the map inconsistent:
        // entries are inserted whole.
        let cached = self.lock().get(raw).cloned();
        cached.unwrap_or_else(|| {
            // Parsed outside the lock: parsing is the slow part.
            let parsed = Horaires::parse(raw);
            let mut hours = self.lock();
            if hours.len() < HOURS_CACHE_CAPACITY {
                hours.insert(raw.to_owned(), parsed.clone());
            }
            parsed
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Horaires>> {
        self.hours
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

fn check(raw: &RawRecord, validator: &Validator) -> Validation {
    let mut problems = Vec::new();
    let raw = crate::clean::clean(raw, validator.ctx.stored, &mut problems);
    let mut c = Checker {
        raw: &raw,
        validator,
        problems,
    };

    let id = c.required(Field::Id);
    if !validator.ctx.stored && !id.is_empty() && id.bytes().all(|b| b == b'.') {
        // `.` and `..` are « here » and « the parent folder » in a URL path.
        c.error(Field::Id, "an id made only of dots cannot name a page");
    }
    let pivot = c.required_matching(
        Field::Pivot,
        is_pivot,
        "expected 9 to 14 letters or digits (SIRET or RNA number)",
    );
    let nom = c.required(Field::Nom);
    let commune = c.required(Field::Commune);
    let code_postal = c.required_matching(Field::CodePostal, is_code_postal, "expected 5 digits");
    let code_insee = c.optional_matching(
        Field::CodeInsee,
        is_code_insee,
        "expected an INSEE commune code: 5 characters, 2A/2B for Corsica",
    );
    let adresse = c.required(Field::Adresse);
    let (latitude, longitude) = c.coordinates(Some(code_postal.as_str()).filter(|c| !c.is_empty()));
    let telephone = c.optional_matching(
        Field::Telephone,
        is_telephone,
        "expected an international number without spaces, like +33298001122",
    );
    let courriels = c.emails();
    let site_web = c.urls(Field::SiteWeb);
    let horaires = c.horaires();
    let presentation_resume = c.resume();
    let itinerance = c.labels(Field::Itinerance);
    let date_maj = c.date_maj(validator.ctx.today);
    let fiche_acces_libre = c.urls(Field::FicheAccesLibre).into_iter().next();
    let prise_rdv = c.urls(Field::PriseRdv).into_iter().next();

    let place = Place {
        id,
        pivot,
        nom,
        commune,
        code_postal,
        code_insee,
        adresse,
        complement_adresse: c.optional(Field::ComplementAdresse),
        latitude,
        longitude,
        typologie: c.multi(Field::Typologie),
        telephone,
        courriels,
        site_web,
        horaires,
        presentation_resume,
        presentation_detail: c.optional(Field::PresentationDetail),
        source: c.optional(Field::Source),
        itinerance,
        structure_parente: c.optional(Field::StructureParente),
        date_maj: date_maj.unwrap_or_default(),
        services: c.labels(Field::Services),
        publics_specifiquement_adresses: c.labels(Field::PublicsSpecifiquementAdresses),
        prise_en_charge_specifique: c.labels(Field::PriseEnChargeSpecifique),
        frais_a_charge: c.labels(Field::FraisACharge),
        dispositif_programmes_nationaux: c.labels(Field::DispositifProgrammesNationaux),
        formations_labels: c.labels(Field::FormationsLabels),
        autres_formations_labels: c.optional(Field::AutresFormationsLabels),
        modalites_acces: c.labels(Field::ModalitesAcces),
        modalites_accompagnement: c.labels(Field::ModalitesAccompagnement),
        fiche_acces_libre,
        prise_rdv,
    };

    let mut problems = c.problems;
    problems.sort_by_key(|p| Field::from_name(&p.field).map(Field::index));
    let rejected = problems.iter().any(|p| p.severity == Severity::Error);
    Validation {
        place: (!rejected).then_some(place),
        problems,
    }
}

/// Accumulates problems while reading typed values out of a raw row.
struct Checker<'a> {
    raw: &'a RawRecord,
    validator: &'a Validator,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn error(&mut self, field: Field, message: impl Into<String>) {
        self.problems.push(Problem::error(field.name(), message));
    }

    fn warning(&mut self, field: Field, message: impl Into<String>) {
        self.problems.push(Problem::warning(field.name(), message));
    }

    fn optional(&self, field: Field) -> Option<String> {
        self.raw.get(field).map(str::to_owned)
    }

    /// Whether an error was already reported on `field` (its value was then removed).
    fn refused(&self, field: Field) -> bool {
        self.problems
            .iter()
            .any(|p| p.severity == Severity::Error && p.field == field.name())
    }

    fn required(&mut self, field: Field) -> String {
        match self.raw.get(field) {
            Some(v) => v.to_owned(),
            None if self.refused(field) => String::new(),
            None => {
                self.error(field, "required field is empty");
                String::new()
            }
        }
    }

    fn required_matching(&mut self, field: Field, ok: fn(&str) -> bool, expected: &str) -> String {
        if self.raw.get(field).is_none() {
            return self.required(field);
        }
        self.optional_matching(field, ok, expected).unwrap_or_default()
    }

    fn optional_matching(&mut self, field: Field, ok: fn(&str) -> bool, expected: &str) -> Option<String> {
        let value = self.raw.get(field)?;
        if ok(value) {
            Some(value.to_owned())
        } else {
            self.error(field, format!("« {value} » is invalid: {expected}"));
            None
        }
    }

    fn multi(&self, field: Field) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for v in self.raw.get(field).map(split_multi).unwrap_or_default() {
            if !out.iter().any(|o| o == v) {
                out.push(v.to_owned());
            }
        }
        out
    }

    fn labels<L: Label>(&mut self, field: Field) -> Vec<L> {
        let mut out = Vec::new();
        for value in self.multi(field) {
            match L::parse(&value) {
                Ok(l) if !out.contains(&l) => out.push(l),
                Ok(_) => {}
                Err(e) => self.error(field, e.to_string()),
            }
        }
        out
    }

    fn coordinates(&mut self, code_postal: Option<&str>) -> (Option<f64>, Option<f64>) {
        let lat = self.number(Field::Latitude, 90.0);
        let lon = self.number(Field::Longitude, 180.0);
        match (lat, lon) {
            (Some(lat), Some(lon)) => {
                let region = plausible_region(lat, lon);
                let expected = code_postal.map(postcode_region);
                if let (Some(region), Some(expected)) = (region, expected) {
                    // A geocoder's answer in the wrong ocean: the boxes alone accept it.
                    if region != expected {
                        self.warning(
                            Field::Latitude,
                            format!(
                                "{lat}, {lon} is in {}, but postcode {} is in {}",
                                region.name,
                                code_postal.unwrap_or_default(),
                                expected.name
                            ),
                        );
                    }
                }
                if region.is_none() {
                    let hint = if plausible_region(lon, lat).is_some() {
                        " (latitude and longitude look swapped)"
                    } else {
                        ""
                    };
                    self.warning(
                        Field::Latitude,
                        format!("{lat}, {lon} is outside France métropolitaine and the overseas territories{hint}"),
                    );
                }
                (Some(lat), Some(lon))
            }
            (Some(_), None)
                if self.raw.get(Field::Longitude).is_none() && !self.refused(Field::Longitude) =>
            {
                self.error(Field::Longitude, "latitude is given without longitude");
                (None, None)
            }
            (None, Some(_)) if self.raw.get(Field::Latitude).is_none() && !self.refused(Field::Latitude) => {
                self.error(Field::Latitude, "longitude is given without latitude");
                (None, None)
            }
            _ => (None, None),
        }
    }

    fn number(&mut self, field: Field, limit: f64) -> Option<f64> {
        let value = self.raw.get(field)?;
        match value.parse::<f64>() {
            Ok(n) if n.is_finite() && n.abs() <= limit => Some(n),
            Ok(_) => {
                self.error(
                    field,
                    format!("« {value} » is out of range (−{limit} to {limit} degrees)"),
                );
                None
            }
            Err(_) => {
                let hint = if value.contains(',') {
                    " (use a dot as decimal separator)"
                } else {
                    ""
                };
                self.error(field, format!("« {value} » is not a number{hint}"));
                None
            }
        }
    }

    fn emails(&mut self) -> Vec<String> {
        let emails = self.multi(Field::Courriels);
        for e in &emails {
            if !is_email(e) {
                self.warning(
                    Field::Courriels,
                    format!("« {e} » does not look like an e-mail address"),
                );
            }
        }
        emails
    }

    fn urls(&mut self, field: Field) -> Vec<String> {
        let urls = self.multi(field);
        let mut valid = Vec::with_capacity(urls.len());
        for u in urls {
            match parse_web_address(&u) {
                Ok(_) => valid.push(u),
                Err(reason) => self.error(field, format!("« {u} » is not a valid URL: {reason}")),
            }
        }
        if !matches!(field, Field::SiteWeb) && valid.len() > 1 {
            self.error(field, "only one URL is allowed");
        }
        valid
    }

    fn horaires(&mut self) -> Option<Horaires> {
        let horaires = self.validator.horaires(self.raw.get(Field::Horaires)?);
        if let Some(e) = horaires.error() {
            self.warning(
                Field::Horaires,
                format!(
                    "« {} » is not OSM opening_hours syntax ({e}); kept as text, hours unknown",
                    horaires.raw()
                ),
            );
        }
        Some(horaires)
    }

    fn resume(&mut self) -> Option<String> {
        let resume = self.optional(Field::PresentationResume)?;
        let chars = resume.chars().count();
        if chars > RESUME_MAX_CHARS {
            self.error(
                Field::PresentationResume,
                format!("{chars} characters, at most {RESUME_MAX_CHARS} allowed (use presentation_detail for more)"),
            );
        }
        Some(resume)
    }

    fn date_maj(&mut self, today: NaiveDate) -> Option<NaiveDate> {
        let Some(value) = self.raw.get(Field::DateMaj) else {
            self.required(Field::DateMaj);
            return None;
        };
        // ISO 8601: a date, or a date-time (with or without offset) whose date is kept.
        let date = NaiveDate::parse_from_str(value, "%Y-%m-%d")
            .ok()
            .filter(|_| value.len() == 10)
            .or_else(|| DateTime::parse_from_rfc3339(value).ok().map(|d| d.date_naive()))
            .or_else(|| {
                ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"]
                    .iter()
                    .find_map(|f| NaiveDateTime::parse_from_str(value, f).ok())
                    .map(|d| d.date())
            });
        match date {
            Some(d) if d > today => {
                self.error(Field::DateMaj, format!("{d} is in the future (today is {today})"));
                None
            }
            Some(d) => Some(d),
            None => {
                self.error(
                    Field::DateMaj,
                    format!("« {value} » is not an ISO 8601 date (YYYY-MM-DD)"),
                );
                None
            }
        }
    }
}

/// `pivot`: `^[a-zA-Z0-9]{9,14}$` (SIRET or RNA number).
fn is_pivot(v: &str) -> bool {
    (9..=14).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// `code_postal`: `^\d{5}$`.
fn is_code_postal(v: &str) -> bool {
    v.len() == 5 && v.bytes().all(|b| b.is_ascii_digit())
}

/// `code_insee`: `^([013-9]\d|2[AB1-9])\d{3}$`.
fn is_code_insee(v: &str) -> bool {
    let b = v.as_bytes();
    if b.len() != 5 || !b[2..].iter().all(u8::is_ascii_digit) {
        return false;
    }
    match b[0] {
        b'2' => matches!(b[1], b'A' | b'B' | b'1'..=b'9'),
        b'0' | b'1' | b'3'..=b'9' => b[1].is_ascii_digit(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> ValidationContext {
        ValidationContext::at(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
    }

    fn minimal() -> RawRecord {
        let mut r = RawRecord::default();
        r.set(Field::Id, "lieu-1");
        r.set(Field::Pivot, "21290019700015");
        r.set(Field::Nom, "Médiathèque de Bellevue");
        r.set(Field::Commune, "Brest");
        r.set(Field::CodePostal, "29200");
        r.set(Field::Adresse, "1 place Napoléon III");
        r.set(Field::DateMaj, "2026-05-04");
        r
    }

    fn problems_with(field: Field, value: &str) -> Vec<Problem> {
        let mut r = minimal();
        r.set(field, value);
        validate(&r, &ctx()).problems
    }

    fn single_error(field: Field, value: &str) -> String {
        let problems = problems_with(field, value);
        assert_eq!(problems.len(), 1, "{field}={value}: {problems:?}");
        assert_eq!(problems[0].severity, Severity::Error, "{problems:?}");
        assert_eq!(problems[0].field, field.name());
        problems[0].message.clone()
    }

    fn single_warning(field: Field, value: &str) -> String {
        let mut r = minimal();
        r.set(field, value);
        let v = validate(&r, &ctx());
        assert!(v.place.is_some(), "a warning keeps the row");
        assert_eq!(v.problems.len(), 1, "{:?}", v.problems);
        assert_eq!(v.problems[0].severity, Severity::Warning);
        v.problems[0].message.clone()
    }

    #[test]
    fn nfc_and_nfd_spellings_make_one_place() {
        let mut nfd = minimal();
        nfd.set(Field::Id, "me\u{301}diathe\u{300}que");
        nfd.set(Field::Nom, "Me\u{301}diathe\u{300}que");
        let mut nfc = minimal();
        nfc.set(Field::Id, "médiathèque");
        nfc.set(Field::Nom, "Médiathèque");
        let (a, b) = (
            validate(&nfd, &ctx()).place.unwrap(),
            validate(&nfc, &ctx()).place.unwrap(),
        );
        assert_eq!((a.id.as_str(), a.nom.as_str()), ("médiathèque", "Médiathèque"));
        assert_eq!(a.content_hash(), b.content_hash());
    }

    #[test]
    fn odd_ids_are_refused_once() {
        assert_eq!(
            single_error(Field::Id, "lieu\0"),
            "control character U+0000 at character 5"
        );
        assert_eq!(
            single_error(Field::Nom, "Lieu\u{1b}[31m"),
            "control character U+001B at character 5"
        );
        assert_eq!(
            single_error(Field::Id, &"x".repeat(1 << 20)),
            "1048576 bytes long, at most 200 allowed"
        );
        for dots in [".", "..", "..."] {
            assert_eq!(
                single_error(Field::Id, dots),
                "an id made only of dots cannot name a page"
            );
        }
        assert!(problems_with(Field::Id, "a..b").is_empty());
        // A refused coordinate is not also « given without » its pair.
        let mut r = minimal();
        r.set(Field::Latitude, "48.39\0");
        r.set(Field::Longitude, "-4.48");
        assert_eq!(validate(&r, &ctx()).problems.len(), 1);
    }

    #[test]
    fn minimal_row_is_valid() {
        let v = validate(&minimal(), &ctx());
        assert!(v.problems.is_empty(), "{:?}", v.problems);
        let place = v.place.unwrap();
        assert_eq!(place.nom, "Médiathèque de Bellevue");
        assert_eq!(place.latitude, None);
    }

    #[test]
    fn every_required_field_is_checked() {
        for field in Field::ALL.into_iter().filter(|f| f.is_required()) {
            assert_eq!(single_error(field, "  "), "required field is empty");
        }
    }

    #[test]
    fn pivot_pattern() {
        assert!(is_pivot("123456789") && is_pivot("W291001234") && is_pivot("43493312300029"));
        assert!(!is_pivot("12345678") && !is_pivot("434933123000291") && !is_pivot("434 933 123"));
        assert!(single_error(Field::Pivot, "SIRET?").contains("9 to 14 letters or digits"));
    }

    #[test]
    fn code_postal_pattern() {
        assert!(is_code_postal("29200") && is_code_postal("97400"));
        assert!(!is_code_postal("2920") && !is_code_postal("29 200") && !is_code_postal("2A004"));
        single_error(Field::CodePostal, "2920");
    }

    #[test]
    fn code_insee_pattern_with_corsica() {
        for ok in ["29019", "2A004", "2B033", "01001", "97411", "21231"] {
            assert!(is_code_insee(ok), "{ok}");
        }
        for bad in ["20004", "2C004", "2a004", "2901", "290190", "A9019"] {
            assert!(!is_code_insee(bad), "{bad}");
        }
        single_error(Field::CodeInsee, "20004");
    }

    #[test]
    fn telephone_pattern() {
        assert!(single_error(Field::Telephone, "02 98 00 11 22").contains("+33298001122"));
    }

    #[test]
    fn coordinates_are_numbers_in_range() {
        assert!(single_error(Field::Latitude, "48,39").contains("decimal separator"));
        let mut r = minimal();
        r.set(Field::Latitude, "95");
        r.set(Field::Longitude, "-4.48");
        let v = validate(&r, &ctx());
        assert_eq!(v.problems.len(), 1);
        assert!(v.problems[0].message.contains("out of range"));
    }

    #[test]
    fn a_position_in_another_part_of_france_than_its_postcode_is_a_warning() {
        let mut r = minimal();
        r.set(Field::CodePostal, "97440");
        r.set(Field::Latitude, "48.39");
        r.set(Field::Longitude, "-4.48");
        let v = validate(&r, &ctx());
        assert!(v.place.is_some());
        assert_eq!(v.problems.len(), 1, "{:?}", v.problems);
        assert_eq!(
            v.problems[0].message,
            "48.39, -4.48 is in France métropolitaine, but postcode 97440 is in La Réunion"
        );
        r.set(Field::Latitude, "-21.03");
        r.set(Field::Longitude, "55.71");
        assert!(validate(&r, &ctx()).problems.is_empty());
    }

    #[test]
    fn half_coordinates_are_an_error() {
        // The problem is reported on the missing field.
        let problems = problems_with(Field::Longitude, "-4.48");
        assert_eq!(
            problems,
            vec![Problem::error("latitude", "longitude is given without latitude")]
        );
        let problems = problems_with(Field::Latitude, "48.39");
        assert_eq!(
            problems,
            vec![Problem::error("longitude", "latitude is given without longitude")]
        );
    }

    #[test]
    fn implausible_coordinates_are_a_warning() {
        let mut r = minimal();
        r.set(Field::Latitude, "-4.4861");
        r.set(Field::Longitude, "48.3904");
        let v = validate(&r, &ctx());
        assert!(v.place.is_some());
        assert_eq!(v.problems.len(), 1);
        assert_eq!(v.problems[0].severity, Severity::Warning);
        assert!(v.problems[0].message.contains("swapped"));
    }

    #[test]
    fn date_maj_is_iso_and_not_in_the_future() {
        assert!(single_error(Field::DateMaj, "04/05/2026").contains("ISO 8601"));
        assert!(single_error(Field::DateMaj, "2026-5-4").contains("ISO 8601"));
        assert!(single_error(Field::DateMaj, "2026-11-24").contains("future"));
        for datetime in [
            "2026-11-23T08:00:00+01:00",
            "2026-11-23T08:00:00",
            "2026-11-23 08:00:00.5",
        ] {
            let mut r = minimal();
            r.set(Field::DateMaj, datetime);
            assert_eq!(
                validate(&r, &ctx()).place.unwrap().date_maj,
                NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
                "{datetime}"
            );
        }
    }

    #[test]
    fn resume_is_at_most_280_characters() {
        assert!(problems_with(Field::PresentationResume, &"é".repeat(280)).is_empty());
        assert!(single_error(Field::PresentationResume, &"é".repeat(281)).contains("281 characters"));
    }

    #[test]
    fn urls_are_well_formed() {
        assert!(problems_with(Field::SiteWeb, "https://a.fr/|http://b.fr/x?y=1").is_empty());
        assert!(single_error(Field::SiteWeb, "www.brest.fr").contains("https://"));
        assert!(single_error(Field::PriseRdv, "ftp://rdv.fr").contains("http"));
        assert!(single_error(Field::FicheAccesLibre, "https://a.fr|https://b.fr").contains("only one"));
    }

    #[test]
    fn emails_are_a_warning() {
        assert!(problems_with(Field::Courriels, "a@b.fr|c.d@e.org").is_empty());
        assert!(single_warning(Field::Courriels, "contact at mairie.fr").contains("e-mail"));
    }

    #[test]
    fn unparsable_hours_are_a_warning_and_kept() {
        let mut r = minimal();
        r.set(Field::Horaires, "du lundi au vendredi");
        let v = validate(&r, &ctx());
        assert_eq!(v.problems.len(), 1);
        assert_eq!(v.problems[0].severity, Severity::Warning);
        let place = v.place.unwrap();
        assert_eq!(place.horaires.as_ref().unwrap().raw(), "du lundi au vendredi");
        assert!(place.horaires.unwrap().opening_hours().is_none());
    }

    #[test]
    fn enumerations_read_both_separators_and_suggest() {
        let mut r = minimal();
        r.set(
            Field::Services,
            "Aide aux démarches administratives;Loisirs et créations numériques",
        );
        r.set(Field::Itinerance, "Fixe|Itinérant");
        let place = validate(&r, &ctx()).place.unwrap();
        assert_eq!(place.services.len(), 2);
        assert_eq!(
            place.standard_value(Field::Services),
            "Aide aux démarches administratives|Loisirs et créations numériques"
        );
        assert_eq!(place.itinerance.len(), 2);
        let msg = single_error(Field::PublicsSpecifiquementAdresses, "Jeunes|seniors");
        assert!(msg.contains("did you mean « Seniors »"), "{msg}");
    }

    #[test]
    fn every_enumerated_field_rejects_unknown_values() {
        for field in [
            Field::Itinerance,
            Field::Services,
            Field::PublicsSpecifiquementAdresses,
            Field::PriseEnChargeSpecifique,
            Field::FraisACharge,
            Field::DispositifProgrammesNationaux,
            Field::FormationsLabels,
            Field::ModalitesAcces,
            Field::ModalitesAccompagnement,
        ] {
            assert!(single_error(field, "Zzz inconnu").starts_with("unknown value « Zzz inconnu »"));
        }
    }

    #[test]
    fn standard_example_row_is_valid() {
        let mut r = minimal();
        r.set(Field::Telephone, "+33180059880");
        r.set(Field::Horaires, "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00");
        r.set(
            Field::FormationsLabels,
            "Formé à « Mon Espace Santé »|Arnia/MedNum BFC (Bourgogne-Franche-Comté)",
        );
        r.set(
            Field::ModalitesAccompagnement,
            "Dans un atelier collectif|À distance|En autonomie|Accompagnement individuel",
        );
        r.set(Field::Latitude, "48.3904");
        r.set(Field::Longitude, "-4.4861");
        let v = validate(&r, &ctx());
        assert!(v.problems.is_empty(), "{:?}", v.problems);
        assert_eq!(v.place.unwrap().coordinates(), Some((48.3904, -4.4861)));
    }
}

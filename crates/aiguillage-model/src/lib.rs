//! The place model of the national open-data standard *Lieux de médiation numérique*
//! (LaMednum / ANCT, table schema v1.0.2) and the validation of every one of its constraints.
//!
//! Data enters as a [`RawRecord`] (the 32 standard fields as text, whatever the file format),
//! is checked by [`validate`] against a [`ValidationContext`], and comes out as a typed
//! [`Place`] plus a list of [`Problem`]s. An error rejects the row; a warning keeps it.
//!
//! ```
//! use aiguillage_model::{validate, Field, RawRecord, Severity, ValidationContext};
//!
//! let mut raw = RawRecord::default();
//! raw.set(Field::Id, "mediatheque-1");
//! raw.set(Field::Pivot, "21290019700015");
//! raw.set(Field::Nom, "Médiathèque des Capucins");
//! raw.set(Field::Commune, "Brest");
//! raw.set(Field::CodePostal, "29200");
//! raw.set(Field::Adresse, "25 rue de Pontaniou");
//! raw.set(Field::DateMaj, "2026-03-01");
//! raw.set(Field::Services, "aide aux demarches administratives");
//!
//! let ctx = ValidationContext::at(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
//! let outcome = validate(&raw, &ctx);
//! assert!(outcome.place.is_none());
//! assert_eq!(outcome.problems[0].severity, Severity::Error);
//! assert!(outcome.problems[0].message.contains("did you mean « Aide aux démarches administratives »"));
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod approximate;
mod bounds;
mod clean;
mod contact;
mod field;
mod horaires;
mod hours_exception;
mod labels;
mod lines;
mod merge;
mod place;
mod problem;
mod record;
mod request;
mod text;
mod timezone;
mod validate;

pub use approximate::{ApproximatePosition, PositionMethod};
pub use bounds::{plausible_region, postcode_region, Region};
pub use clean::{without_control_characters, MAX_ID_BYTES, MAX_TEXT_CHARS};
pub use contact::{
    is_email, is_telephone, national_to_international, numbering_fault, parse_web_address,
    telephone_country_code, without_national_zero, written_as_in_france, NumberingFault, UrlError,
    TELEPHONE_COUNTRY_CODES, TELEPHONE_SUBSCRIBER_DIGITS,
};
pub use field::Field;
pub use horaires::{
    is_evaluable, reference_monday, Horaires, OpenStatus, WeekProfile, ZonedHours, EVALUABLE_DAYS,
};
pub use hours_exception::{
    with_exceptions, ExceptionHours, HoursException, MAX_EXCEPTION_DAYS, MAX_MOTIF_CHARS,
};
pub use labels::{
    check_label, Dispositif, FormationLabel, Frais, Itinerance, Label, ModaliteAcces, ModaliteAccompagnement,
    PriseEnCharge, Public, Service, UnknownLabel,
};
pub use lines::LineCounter;
pub use merge::{is_known_pivot, merge_values};
pub use place::Place;
pub use problem::{Problem, Severity};
pub use record::RawRecord;
pub use request::{echo, parse_boolean};
pub use text::{
    encode_path_segment, fold, french_date, french_day_and_month, french_order, is_formula_like, join_multi,
    sniff_delimiter, split_multi, spreadsheet_safe,
};
pub use timezone::time_zone;
pub use validate::{validate, Validation, ValidationContext, Validator};

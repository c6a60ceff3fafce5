//! A validated place of the standard.

use std::borrow::Cow;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::labels::{
    Dispositif, FormationLabel, Frais, Itinerance, Label, ModaliteAcces, ModaliteAccompagnement,
    PriseEnCharge, Public, Service,
};
use crate::text::join_multi;
use crate::{time_zone, Field, Horaires, OpenStatus, ZonedHours};

/// A place where people get help with digital life: one row of the standard, typed.
///
/// Multi-valued fields are vectors in the order given by the producer; optional fields
/// are `None` (or empty) when blank. [`Place::standard_values`] gives back the canonical text
/// of every field, which is what files, the database and the content hash hold.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)] // Each field is the standard field of the same name.
pub struct Place {
    pub id: String,
    pub pivot: String,
    pub nom: String,
    pub commune: String,
    pub code_postal: String,
    pub code_insee: Option<String>,
    pub adresse: String,
    pub complement_adresse: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub typologie: Vec<String>,
    pub telephone: Option<String>,
    pub courriels: Vec<String>,
    pub site_web: Vec<String>,
    pub horaires: Option<Horaires>,
    pub presentation_resume: Option<String>,
    pub presentation_detail: Option<String>,
    pub source: Option<String>,
    pub itinerance: Vec<Itinerance>,
    pub structure_parente: Option<String>,
    pub date_maj: NaiveDate,
    pub services: Vec<Service>,
    pub publics_specifiquement_adresses: Vec<Public>,
    pub prise_en_charge_specifique: Vec<PriseEnCharge>,
    pub frais_a_charge: Vec<Frais>,
    pub dispositif_programmes_nationaux: Vec<Dispositif>,
    pub formations_labels: Vec<FormationLabel>,
    pub autres_formations_labels: Option<String>,
    pub modalites_acces: Vec<ModaliteAcces>,
    pub modalites_accompagnement: Vec<ModaliteAccompagnement>,
    pub fiche_acces_libre: Option<String>,
    pub prise_rdv: Option<String>,
}

fn labels<L: Label>(values: &[L]) -> Cow<'static, str> {
    match values {
        [] => Cow::Borrowed(""),
        [one] => Cow::Borrowed(one.label()),
        _ => Cow::Owned(join_multi(&values.iter().map(|l| l.label()).collect::<Vec<_>>())),
    }
}

fn text(value: &Option<String>) -> Cow<'_, str> {
    Cow::Borrowed(value.as_deref().unwrap_or_default())
}

fn list(values: &[String]) -> Cow<'_, str> {
    match values {
        [] => Cow::Borrowed(""),
        [one] => Cow::Borrowed(one),
        _ => Cow::Owned(join_multi(values)),
    }
}

fn number(value: Option<f64>) -> Cow<'static, str> {
    // `Display` for f64 is the shortest text that parses back to the same number,
    // so exporting and re-importing is lossless.
    value.map_or(Cow::Borrowed(""), |v| Cow::Owned(v.to_string()))
}

impl Place {
    /// The point of the place as `(latitude, longitude)`, when both are known.
    pub fn coordinates(&self) -> Option<(f64, f64)> {
        self.latitude.zip(self.longitude)
    }

    /// Whether the place is open at `at`, in its own time zone (see [`crate::time_zone`]);
    /// `None` when its hours are unknown.
    pub fn status_at(&self, at: DateTime<Utc>) -> Option<OpenStatus> {
        Some(self.zoned_hours()?.status_at(at))
    }

    /// The hours in the place's own time zone, ready to evaluate many times; `None` when
    /// they are unknown.
    pub fn zoned_hours(&self) -> Option<ZonedHours> {
        let tz = time_zone(self.code_insee.as_deref(), &self.code_postal);
        self.horaires.as_ref()?.in_zone(tz)
    }

    /// The canonical text of every field, in schema order; blank fields are empty strings.
    /// Multi-values are joined with `|`, numbers written in their shortest exact form.
    pub fn standard_values(&self) -> [Cow<'_, str>; 32] {
        Field::ALL.map(|f| self.standard_value(f))
    }

    /// The canonical text of one field (see [`Place::standard_values`]); borrowed when the
    /// field is stored as text already.
    pub fn standard_value(&self, field: Field) -> Cow<'_, str> {
        match field {
            Field::Id => Cow::Borrowed(&self.id),
            Field::Pivot => Cow::Borrowed(&self.pivot),
            Field::Nom => Cow::Borrowed(&self.nom),
            Field::Commune => Cow::Borrowed(&self.commune),
            Field::CodePostal => Cow::Borrowed(&self.code_postal),
            Field::CodeInsee => text(&self.code_insee),
            Field::Adresse => Cow::Borrowed(&self.adresse),
            Field::ComplementAdresse => text(&self.complement_adresse),
            Field::Latitude => number(self.latitude),
            Field::Longitude => number(self.longitude),
            Field::Typologie => list(&self.typologie),
            Field::Telephone => text(&self.telephone),
            Field::Courriels => list(&self.courriels),
            Field::SiteWeb => list(&self.site_web),
            Field::Horaires => Cow::Borrowed(self.horaires.as_ref().map_or("", |h| h.raw())),
            Field::PresentationResume => text(&self.presentation_resume),
            Field::PresentationDetail => text(&self.presentation_detail),
            Field::Source => text(&self.source),
            Field::Itinerance => labels(&self.itinerance),
            Field::StructureParente => text(&self.structure_parente),
            Field::DateMaj => {
                // Written directly: chrono's `format` re-parses its pattern on every call,
                // which showed in import profiles.
                let d = self.date_maj;
                Cow::Owned(format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
            }
            Field::Services => labels(&self.services),
            Field::PublicsSpecifiquementAdresses => labels(&self.publics_specifiquement_adresses),
            Field::PriseEnChargeSpecifique => labels(&self.prise_en_charge_specifique),
            Field::FraisACharge => labels(&self.frais_a_charge),
            Field::DispositifProgrammesNationaux => labels(&self.dispositif_programmes_nationaux),
            Field::FormationsLabels => labels(&self.formations_labels),
            Field::AutresFormationsLabels => text(&self.autres_formations_labels),
            Field::ModalitesAcces => labels(&self.modalites_acces),
            Field::ModalitesAccompagnement => labels(&self.modalites_accompagnement),
            Field::FicheAccesLibre => text(&self.fiche_acces_libre),
            Field::PriseRdv => text(&self.prise_rdv),
        }
    }

    /// The standard JSON object of the place: all 32 keys in schema order, `latitude` and
    /// `longitude` as numbers, blank fields as `null`, multi-values as `|`-joined text.
    pub fn to_json(&self) -> Map<String, Value> {
        let mut object = Map::with_capacity(32);
        for field in Field::ALL {
            let value = match field {
                Field::Latitude => self.latitude.map(Value::from).unwrap_or(Value::Null),
                Field::Longitude => self.longitude.map(Value::from).unwrap_or(Value::Null),
                _ => {
                    let text = self.standard_value(field);
                    if text.is_empty() {
                        Value::Null
                    } else {
                        Value::String(text.into_owned())
                    }
                }
            };
            object.insert(field.name().to_owned(), value);
        }
        object
    }

    /// SHA-256 (hex) of the canonical values: equal hashes mean an import changes nothing.
    pub fn content_hash(&self) -> String {
        let mut hasher = Sha256::new();
        for value in self.standard_values() {
            hasher.update(value.as_bytes());
            // A separator that cannot occur in text fields keeps ("ab","c") ≠ ("a","bc").
            hasher.update([0x1f]);
        }
        format!("{:x}", hasher.finalize())
    }
}

//! The mapping file as written: its TOML shape (documented in `docs/mappings.md`).

use std::collections::BTreeMap;

use serde::Deserialize;

/// A whole mapping file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MappingSpec {
    pub source: SourceSpec,
    /// Standard field name → how to fill it.
    #[serde(default)]
    pub fields: BTreeMap<String, FieldSpec>,
    pub coordinates: Option<CoordinatesSpec>,
    pub hours: Option<HoursSpec>,
    /// `[[skip]]`: rows the source marks as not to publish (closed, inactive).
    #[serde(default)]
    pub skip: Vec<SkipSpec>,
}

/// A row is left out when its `column` holds one of `values` (compared without case or
/// accents).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SkipSpec {
    pub column: String,
    pub values: Vec<String>,
}

/// `[source]`: what the source is called and how its rows get stable ids.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SourceSpec {
    /// The standard's `source` field of every place (unless `fields.source` says otherwise).
    pub label: String,
    /// Prefix of every id, so that two sources' ids never collide.
    pub id_prefix: String,
    /// A column holding the source's own stable id; rows without one get a hash of their
    /// name, address and commune.
    pub id_column: Option<String>,
}

/// How to fill one field: a column name, one value rule, or several whose values add up
/// (for multi-valued fields; a single-valued field takes the first value found).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum FieldSpec {
    Column(String),
    One(Box<ValueSpec>),
    Many(Vec<ValueSpec>),
}

impl FieldSpec {
    pub(crate) fn rules(&self) -> Vec<ValueSpec> {
        match self {
            FieldSpec::Column(column) => vec![ValueSpec {
                column: Some(column.clone()),
                ..ValueSpec::default()
            }],
            FieldSpec::One(rule) => vec![(**rule).clone()],
            FieldSpec::Many(rules) => rules.clone(),
        }
    }
}

/// One value rule. Exactly one of `column`, `constant`, `concat` and `flags` says where the
/// value comes from; the other keys transform it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ValueSpec {
    /// The value of a column.
    pub column: Option<String>,
    /// A fixed value.
    pub constant: Option<String>,
    /// The non-blank values of several columns, joined with `separator`.
    pub concat: Option<Vec<String>>,
    /// Joins `concat` (default: one space).
    pub separator: Option<String>,
    /// Columns acting as yes/no flags, each giving a value when set.
    pub flags: Option<Vec<FlagSpec>>,
    /// A column holding a commune's name: its postcode, from the INSEE tables, when the
    /// commune has only one (in `departement`, when given).
    pub postcode_of: Option<String>,
    /// The département of `postcode_of`'s communes (`"33"`), where names repeat across France.
    pub departement: Option<String>,
    /// A regular expression whose first group (else whole match) is the value: a part of a
    /// cell (`"\\b(\\d{5})\\b"` for the postcode in an address); no match gives no value.
    pub extract: Option<String>,
    /// Characters separating several values in one cell (`";,"`); each is mapped apart.
    pub split: Option<String>,
    /// Value table: source value (compared without case, accents or surrounding spaces) →
    /// one or several standard values (an empty list drops the value on purpose).
    pub values: Option<BTreeMap<String, OneOrMany>>,
    /// What to do with a value the table lacks: `"report"` (default: leave it out, with a
    /// warning), `"keep"` (pass it through as is) or `"drop"` (leave it out silently).
    pub unmapped: Option<Unmapped>,
    /// `chrono` formats of a date (`"%d/%m/%Y"`), tried in order; the value becomes `YYYY-MM-DD`.
    pub date: Option<OneOrMany>,
    /// The value when the rule yields nothing.
    pub default: Option<String>,
}

/// A flag column: `value` when the cell is one of `when` (default: a yes-like cell: `oui`,
/// `true`, `1`, `x`, `yes`, `vrai`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FlagSpec {
    pub column: String,
    pub value: OneOrMany,
    pub when: Option<Vec<String>>,
}

/// A text or a list of texts.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub(crate) fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::One(value) => vec![value.clone()],
            OneOrMany::Many(values) => values.clone(),
        }
    }
}

/// See [`ValueSpec::unmapped`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Unmapped {
    #[default]
    Report,
    Keep,
    Drop,
}

/// `[coordinates]`: degrees in two columns, one column holding both, or projected x/y.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CoordinatesSpec {
    pub latitude: Option<String>,
    pub longitude: Option<String>,
    /// One column with both: `"48.39, -4.48"` (in `order`) or `{'lon': …, 'lat': …}`.
    pub point: Option<String>,
    /// `"lat,lon"` (default) or `"lon,lat"`, for `point`.
    pub order: Option<String>,
    /// Projected easting and northing columns, in `crs`.
    pub x: Option<String>,
    pub y: Option<String>,
    /// `"EPSG:2154"` (Lambert-93)…; required with `x`/`y`.
    pub crs: Option<String>,
}

/// `[hours]`: where opening hours come from, tried in this order until one gives hours.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct HoursSpec {
    /// A column in OSM syntax or free French text.
    pub text: Option<String>,
    /// Weekday (`lundi`, `Mo`…) → `[open column, close column]` pairs (one per half-day).
    pub days: Option<BTreeMap<String, Vec<[String; 2]>>>,
    /// Weekday → a column holding that day's hours as text (`9h-12h / 14h-17h`, `fermé`).
    pub day_texts: Option<BTreeMap<String, String>>,
    /// A weekday-list column with morning and afternoon open/close columns.
    pub half_days: Option<HalfDaysSpec>,
}

/// See [`HoursSpec::half_days`].
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct HalfDaysSpec {
    pub days: String,
    pub morning: [String; 2],
    pub afternoon: [String; 2],
}

//! The mapping file as written: its TOML shape (documented in `docs/mappings.md`).

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

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
///
/// Read by hand rather than as an untagged enum: the TOML value's type says which form is
/// meant, so a mistake inside a rule table is reported as itself (`unknown field `extrct``,
/// `unknown variant `sometimes``), at its place in the file, instead of « data did not match
/// any variant ».
#[derive(Debug, Clone)]
pub(crate) enum FieldSpec {
    Column(String),
    One(Box<ValueSpec>),
    Many(Vec<ValueSpec>),
}

impl<'de> Deserialize<'de> for FieldSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FieldSpecVisitor)
    }
}

struct FieldSpecVisitor;

impl<'de> Visitor<'de> for FieldSpecVisitor {
    type Value = FieldSpec;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(r#"a column name ("NOM"), a rule table ({ column = "NOM", … }) or a list of rule tables"#)
    }

    fn visit_str<E: de::Error>(self, column: &str) -> Result<FieldSpec, E> {
        Ok(FieldSpec::Column(column.to_owned()))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<FieldSpec, A::Error> {
        RuleTable::deserialize(de::value::MapAccessDeserializer::new(map))
            .map(|RuleTable(rule)| FieldSpec::One(Box::new(rule)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<FieldSpec, A::Error> {
        let mut rules = Vec::new();
        while let Some(RuleTable(rule)) = seq.next_element()? {
            rules.push(rule);
        }
        Ok(FieldSpec::Many(rules))
    }
}

/// One rule table, so that a list holding something else (`["A", "B"]`) is told what a
/// rule looks like rather than « expected struct ValueSpec ».
struct RuleTable(ValueSpec);

impl<'de> Deserialize<'de> for RuleTable {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RuleTableVisitor)
    }
}

struct RuleTableVisitor;

impl<'de> Visitor<'de> for RuleTableVisitor {
    type Value = RuleTable;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(r#"a rule table ({ column = "NOM", … })"#)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RuleTable, A::Error> {
        ValueSpec::deserialize(de::value::MapAccessDeserializer::new(map)).map(RuleTable)
    }
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

/// A text or a list of texts. Read by hand for the same reason as [`FieldSpec`]: `"a" = 3`
/// is reported as « invalid type: integer `3`, expected a text or a list of texts ».
#[derive(Debug, Clone)]
pub(crate) enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(OneOrManyVisitor)
    }
}

struct OneOrManyVisitor;

impl<'de> Visitor<'de> for OneOrManyVisitor {
    type Value = OneOrMany;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a text or a list of texts")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<OneOrMany, E> {
        Ok(OneOrMany::One(value.to_owned()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany, A::Error> {
        let mut values = Vec::new();
        while let Some(value) = seq.next_element()? {
            values.push(value);
        }
        Ok(OneOrMany::Many(values))
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The error of `[fields] RULE`, as the coordinator reads it.
    fn error(rule: &str) -> String {
        let text = format!("[source]\nlabel = \"x\"\nid_prefix = \"x\"\n[fields]\n{rule}\n");
        toml::from_str::<MappingSpec>(&text).unwrap_err().to_string()
    }

    #[test]
    fn badly_typed_rules_say_what_is_wrong_where() {
        for (rule, says) in [
            (
                "nom = 5",
                "invalid type: integer `5`, expected a column name (\"NOM\"), a rule table",
            ),
            (
                "nom = { column = \"A\", extrct = \"x\" }",
                "unknown field `extrct`, expected one of `column`, `constant`",
            ),
            (
                "itinerance = { column = \"A\", unmapped = \"sometimes\" }",
                "unknown variant `sometimes`, expected one of `report`, `keep`, `drop`",
            ),
            (
                "services = { column = \"A\", values = { \"a\" = 3 } }",
                "invalid type: integer `3`, expected a text or a list of texts",
            ),
            (
                "services = { column = \"A\", values = { \"b\" = [1, 2] } }",
                "invalid type: integer `1`, expected a string",
            ),
            (
                "nom = [\"A\"]",
                "invalid type: string \"A\", expected a rule table",
            ),
        ] {
            let error = error(rule);
            assert!(error.contains(says), "{rule}: {error}");
            // The line is quoted, so the coordinator sees which field it is.
            assert!(
                error.contains(rule.split(" =").next().unwrap()),
                "{rule}: {error}"
            );
        }
    }

    #[test]
    fn every_form_of_rule_reads() {
        let text = r#"
            [source]
            label = "x"
            id_prefix = "x"
            [fields]
            nom = "NOM"
            adresse = { concat = ["N", "RUE"] }
            services = [{ column = "S", values = { "a" = "b", "c" = ["d", "e"] } }, { constant = "f" }]
        "#;
        let spec: MappingSpec = toml::from_str(text).unwrap();
        let rules: Vec<usize> = spec.fields.values().map(|f| f.rules().len()).collect();
        assert_eq!(rules, [1, 1, 2]);
    }
}

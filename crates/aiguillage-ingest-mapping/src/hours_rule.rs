//! `[hours]`: opening hours from the source's columns, converted to OSM `opening_hours`.

use std::collections::HashMap;

use aiguillage_ingest_hours::{
    from_day_columns, from_day_texts, from_french_text, from_half_days, DayColumns, Weekday,
};
use aiguillage_model::{Field, Horaires, Problem};

use crate::rule::cell;
use crate::spec::{HalfDaysSpec, HoursSpec};
use crate::{Cells, MappingError};

/// Hour texts already seen by one mapping run, and what they became: sources repeat a few
/// hundred texts over thousands of rows, and reading one costs tens of microseconds.
pub(crate) type TextCache = HashMap<String, Result<String, String>>;

/// A text in OSM syntax as is, else converted from French, else why not.
fn text_hours(text: &str) -> Result<String, String> {
    if Horaires::parse(text).error().is_none() {
        return Ok(text.to_owned());
    }
    from_french_text(text).map_err(|e| e.to_string())
}

/// Prepared `[hours]`.
#[derive(Debug, Clone)]
pub(crate) struct Hours {
    text: Option<String>,
    days: Vec<(Weekday, Vec<[String; 2]>)>,
    day_texts: Vec<(Weekday, String)>,
    half_days: Option<HalfDaysSpec>,
}

impl Hours {
    pub(crate) fn new(spec: HoursSpec) -> Result<Hours, MappingError> {
        let weekday = |name: &str, at: &str| {
            Weekday::parse_french(name).ok_or_else(|| MappingError::Invalid {
                at: format!("hours.{at}"),
                reason: format!("« {name} » is not a day of the week"),
            })
        };
        let days = spec
            .days
            .unwrap_or_default()
            .into_iter()
            .map(|(day, pairs)| Ok((weekday(&day, "days")?, pairs)))
            .collect::<Result<Vec<_>, MappingError>>()?;
        let day_texts = spec
            .day_texts
            .unwrap_or_default()
            .into_iter()
            .map(|(day, column)| Ok((weekday(&day, "day_texts")?, column)))
            .collect::<Result<Vec<_>, MappingError>>()?;
        if spec.text.is_none() && days.is_empty() && day_texts.is_empty() && spec.half_days.is_none() {
            return Err(MappingError::Invalid {
                at: "hours".to_owned(),
                reason: "give `text`, `days`, `day_texts` or `half_days`".to_owned(),
            });
        }
        Ok(Hours {
            text: spec.text,
            days,
            day_texts,
            half_days: spec.half_days,
        })
    }

    /// The columns read.
    pub(crate) fn columns(&self) -> Vec<&str> {
        let mut columns: Vec<&str> = self.text.iter().map(String::as_str).collect();
        for (_, pairs) in &self.days {
            columns.extend(pairs.iter().flatten().map(String::as_str));
        }
        columns.extend(self.day_texts.iter().map(|(_, column)| column.as_str()));
        if let Some(half) = &self.half_days {
            columns.push(&half.days);
            columns.extend(half.morning.iter().chain(&half.afternoon).map(String::as_str));
        }
        columns
    }

    /// The row's hours in OSM syntax. A text that is neither OSM nor convertible French is
    /// kept as written (the place page shows it) and reported; columns that cannot be
    /// converted are reported and give no hours. Never a guess.
    pub(crate) fn read(
        &self,
        cells: &Cells,
        cache: &mut TextCache,
        problems: &mut Vec<Problem>,
    ) -> Option<String> {
        let field = Field::Horaires.name();
        if let Some(column) = &self.text {
            if let Some(text) = cell(cells, column) {
                let converted = cache.entry(text.to_owned()).or_insert_with(|| text_hours(text));
                return Some(match converted {
                    Ok(osm) => osm.clone(),
                    Err(reason) => {
                        problems.push(Problem::warning(
                            field,
                            format!("« {text} » (column {column}) not converted: {reason}; kept as written"),
                        ));
                        text.to_owned()
                    }
                });
            }
        }
        let converted = if !self.days.is_empty() {
            let days: Vec<DayColumns<'_>> = self
                .days
                .iter()
                .map(|(day, pairs)| DayColumns {
                    day: *day,
                    ranges: pairs
                        .iter()
                        .map(|[open, close]| {
                            (cell(cells, open).unwrap_or(""), cell(cells, close).unwrap_or(""))
                        })
                        .collect(),
                })
                .collect();
            let any = days
                .iter()
                .any(|d| d.ranges.iter().any(|(o, c)| !o.is_empty() || !c.is_empty()));
            any.then(|| from_day_columns(&days))
        } else if !self.day_texts.is_empty() {
            let days: Vec<(Weekday, &str)> = self
                .day_texts
                .iter()
                .map(|(day, column)| (*day, cell(cells, column).unwrap_or("")))
                .collect();
            days.iter()
                .any(|(_, t)| !t.is_empty())
                .then(|| from_day_texts(&days))
        } else if let Some(half) = &self.half_days {
            let value = |column: &str| cell(cells, column).unwrap_or("");
            cell(cells, &half.days).map(|days| {
                from_half_days(
                    days,
                    (value(&half.morning[0]), value(&half.morning[1])),
                    (value(&half.afternoon[0]), value(&half.afternoon[1])),
                )
            })
        } else {
            None
        };
        match converted? {
            Ok(osm) => Some(osm),
            Err(e) => {
                problems.push(Problem::warning(
                    field,
                    format!("hour columns not converted: {e}"),
                ));
                None
            }
        }
    }
}

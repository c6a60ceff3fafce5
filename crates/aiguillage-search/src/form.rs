//! What a search asks: the search form of the home page, what its URL says, and back.
//!
//! The whole state of the page is its query string (`/?q=Brest&services=…&ouvert=maintenant`),
//! so a link can be shared, the back button works, and the form works without JavaScript:
//! the browser submits it as a GET to `/` and the server renders the results. The API's
//! search fills the same form from its own parameters.

use aiguillage_model::{echo, parse_boolean, split_multi, Label, PriseEnCharge, Public, Service};

/// What a search asks: the parameters of the home page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchForm {
    /// Free text: a commune, a postcode, a place name or an address.
    pub q: String,
    /// A point chosen on the map or by "Me localiser" (latitude, longitude), which wins over `q`.
    pub point: Option<(f64, f64)>,
    /// Wanted services (any of them).
    pub services: Vec<Service>,
    /// Publics the place must specifically welcome (any of them).
    pub publics: Vec<Public>,
    /// Accessibility needs the place must support (any of them).
    pub prise_en_charge: Vec<PriseEnCharge>,
    /// Free of charge only.
    pub gratuit: bool,
    /// Open now only.
    pub ouvert: bool,
    /// Open on Saturdays only.
    pub samedi: bool,
}

/// Names of the query parameters.
mod names {
    pub const Q: &str = "q";
    pub const LAT: &str = "lat";
    pub const LON: &str = "lon";
    pub const SERVICES: &str = "services";
    pub const PUBLICS: &str = "publics";
    pub const PRISE_EN_CHARGE: &str = "prise_en_charge";
    pub const GRATUIT: &str = "gratuit";
    pub const OUVERT: &str = "ouvert";
    pub const SAMEDI: &str = "samedi";
}

/// The value of the « Ouvert maintenant » box, the only one `ouvert` takes.
const OPEN_NOW: &str = "maintenant";

/// Longest free text kept: longer input is cut (nobody types a 200-character commune).
const MAX_QUERY_CHARS: usize = 200;

impl SearchForm {
    /// Reads the form from query pairs, as decoded from the URL (a parameter may repeat:
    /// one `services=` per ticked box, or one with labels separated by `|` as in the API).
    /// Unknown parameters are ignored (a link may carry tracking parameters), and so are
    /// values of the boxes that no box sends (`ouvert=demain`, `gratuit=oui`): the box stays
    /// unticked. A coordinate or a label that cannot be read is an error in French.
    ///
    /// ```
    /// use aiguillage_search::SearchForm;
    /// let form = SearchForm::from_pairs([("q", "Brest"), ("ouvert", "maintenant")]).unwrap();
    /// assert_eq!(form.q, "Brest");
    /// assert!(form.ouvert);
    /// assert_eq!(form.query_string(), "q=Brest&ouvert=maintenant");
    /// ```
    pub fn from_pairs<K, V>(pairs: impl IntoIterator<Item = (K, V)>) -> Result<SearchForm, String>
    where
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let mut form = SearchForm::default();
        let (mut lat, mut lon) = (None, None);
        for (key, value) in pairs {
            let value = value.as_ref().trim();
            match key.as_ref() {
                names::Q => form.set_query(value),
                names::LAT => lat = coordinate(value, 90.0, "latitude")?,
                names::LON => lon = coordinate(value, 180.0, "longitude")?,
                names::SERVICES => push_label(&mut form.services, value)?,
                names::PUBLICS => push_label(&mut form.publics, value)?,
                names::PRISE_EN_CHARGE => push_label(&mut form.prise_en_charge, value)?,
                names::GRATUIT => tick(&mut form.gratuit, parse_boolean(value)),
                names::OUVERT => tick(&mut form.ouvert, (value == OPEN_NOW).then_some(true)),
                names::SAMEDI => tick(&mut form.samedi, parse_boolean(value)),
                _ => {}
            }
        }
        form.point = match (lat, lon) {
            (Some(lat), Some(lon)) => Some((lat, lon)),
            (None, None) => None,
            _ => return Err("la latitude et la longitude vont ensemble".to_owned()),
        };
        Ok(form)
    }

    /// Sets the free text as a search reads it: without surrounding spaces, and cut after
    /// 200 characters.
    ///
    /// ```
    /// let mut form = aiguillage_search::SearchForm::default();
    /// form.set_query(" Brest ");
    /// assert_eq!(form.q, "Brest");
    /// ```
    pub fn set_query(&mut self, text: &str) {
        self.q = text.trim().chars().take(MAX_QUERY_CHARS).collect();
    }

    /// Whether the form asks for anything (else the page shows its introduction).
    pub fn is_search(&self) -> bool {
        !self.q.is_empty() || self.point.is_some()
    }

    /// Whether any filter is ticked.
    pub fn has_filters(&self) -> bool {
        !self.services.is_empty()
            || !self.publics.is_empty()
            || !self.prise_en_charge.is_empty()
            || self.gratuit
            || self.ouvert
            || self.samedi
    }

    /// The form as a query string, in a fixed order (the inverse of [`SearchForm::from_pairs`]).
    pub fn query_string(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if !self.q.is_empty() {
            pairs.push((names::Q, self.q.clone()));
        }
        if let Some((lat, lon)) = self.point {
            pairs.push((names::LAT, format!("{lat:.5}")));
            pairs.push((names::LON, format!("{lon:.5}")));
        }
        pairs.extend(
            self.services
                .iter()
                .map(|s| (names::SERVICES, s.label().to_owned())),
        );
        pairs.extend(
            self.publics
                .iter()
                .map(|p| (names::PUBLICS, p.label().to_owned())),
        );
        pairs.extend(
            self.prise_en_charge
                .iter()
                .map(|p| (names::PRISE_EN_CHARGE, p.label().to_owned())),
        );
        for (on, name, value) in [
            (self.gratuit, names::GRATUIT, "1"),
            (self.ouvert, names::OUVERT, OPEN_NOW),
            (self.samedi, names::SAMEDI, "1"),
        ] {
            if on {
                pairs.push((name, value.to_owned()));
            }
        }
        url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish()
    }
}

fn coordinate(value: &str, limit: f64, name: &str) -> Result<Option<f64>, String> {
    if value.is_empty() {
        return Ok(None);
    }
    match value.replace(',', ".").parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() <= limit => Ok(Some(v)),
        _ => Err(format!(
            "la {name} doit être un nombre de -{limit} à {limit}, pas « {} »",
            echo(value)
        )),
    }
}

/// Adds the labels of `value` (one, or several separated by `|`) that are not there yet.
fn push_label<L: Label>(labels: &mut Vec<L>, value: &str) -> Result<(), String> {
    for value in split_multi(value) {
        let label =
            L::parse(value).map_err(|e| format!("filtre inconnu : {}", e.listing_accepted_in_french()))?;
        if !labels.contains(&label) {
            labels.push(label);
        }
    }
    Ok(())
}

/// Sets a box from a value that says whether it is ticked; `None` (a value no box sends)
/// leaves it as it was.
fn tick(flag: &mut bool, value: Option<bool>) {
    if let Some(on) = value {
        *flag = on;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let form = SearchForm {
            q: "Saint-Brieuc & co".into(),
            point: Some((48.39, -4.486)),
            services: vec![
                Service::AideDemarchesAdministratives,
                Service::AccesInternetMateriel,
            ],
            publics: vec![Public::Seniors],
            prise_en_charge: vec![PriseEnCharge::Surdite],
            gratuit: true,
            ouvert: true,
            samedi: true,
        };
        let query = form.query_string();
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        assert_eq!(SearchForm::from_pairs(pairs).unwrap(), form);
    }

    #[test]
    fn bad_values_are_errors_in_french() {
        let err = SearchForm::from_pairs([("services", "foo")]).unwrap_err();
        assert!(
            err.starts_with("filtre inconnu : valeur inconnue « foo » ; valeurs acceptées : "),
            "{err}"
        );
        for (name, value) in [("publics", "seniors"), ("prise_en_charge", "Surdité|x")] {
            let err = SearchForm::from_pairs([(name, value)]).unwrap_err();
            assert!(err.contains("valeurs acceptées"), "{err}");
            assert!(!err.contains("unknown") && !err.contains("accepted"), "{err}");
        }
        let long = SearchForm::from_pairs([("lat", "9".repeat(70_000).as_str()), ("lon", "0")]).unwrap_err();
        assert!(long.len() < 300, "{long}");
        assert!(SearchForm::from_pairs([("lat", "91"), ("lon", "0")]).is_err());
        assert!(SearchForm::from_pairs([("lat", "NaN"), ("lon", "0")]).is_err());
        assert!(SearchForm::from_pairs([("lat", "48.3")]).is_err());
    }

    #[test]
    fn lenient_where_harmless() {
        let form = SearchForm::from_pairs([
            ("utm_source", "x"),
            ("lat", "48,39"),
            ("lon", " -4.48 "),
            ("services", ""),
            ("ouvert", "0"),
            ("samedi", "TRUE"),
            ("q", &"é".repeat(500)),
        ])
        .unwrap();
        assert_eq!(form.point, Some((48.39, -4.48)));
        assert!(!form.ouvert && form.samedi);
        assert_eq!(form.q.chars().count(), MAX_QUERY_CHARS);
        assert!(form.services.is_empty());
        assert!(!SearchForm::default().is_search());
    }

    #[test]
    fn boxes_take_only_the_values_they_send() {
        for (name, value) in [
            ("ouvert", "demain"),
            ("ouvert", "1"),
            ("gratuit", "oui"),
            ("samedi", "x"),
            ("samedi", "on"),
        ] {
            let form = SearchForm::from_pairs([(name, value)]).unwrap();
            assert!(!form.has_filters(), "{name}={value}");
        }
        let form =
            SearchForm::from_pairs([("ouvert", "maintenant"), ("gratuit", "True"), ("samedi", "1")]).unwrap();
        assert!(form.ouvert && form.gratuit && form.samedi);
    }

    #[test]
    fn labels_may_be_separated_by_pipes_as_in_the_api() {
        let form = SearchForm::from_pairs([
            (
                "services",
                "Aide aux démarches administratives|Accès internet et matériel informatique",
            ),
            ("services", "Aide aux démarches administratives"),
        ])
        .unwrap();
        assert_eq!(
            form.services,
            [
                Service::AideDemarchesAdministratives,
                Service::AccesInternetMateriel
            ]
        );
    }
}

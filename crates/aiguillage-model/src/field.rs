//! The 32 fields of the standard, in schema order.

use std::fmt;

macro_rules! fields {
    ($($variant:ident => $name:literal),+ $(,)?) => {
        /// One field (column) of the standard, named exactly as in `schema.json`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Field {
            $(
                #[doc = concat!("`", $name, "`")]
                $variant
            ),+
        }

        impl Field {
            /// Every field, in schema order (the column order of CSV exports).
            pub const ALL: [Field; 32] = [$(Field::$variant),+];

            /// The field's name in the standard (JSON key, CSV header).
            pub const fn name(self) -> &'static str {
                match self {
                    $(Field::$variant => $name),+
                }
            }
        }
    };
}

fields! {
    Id => "id",
    Pivot => "pivot",
    Nom => "nom",
    Commune => "commune",
    CodePostal => "code_postal",
    CodeInsee => "code_insee",
    Adresse => "adresse",
    ComplementAdresse => "complement_adresse",
    Latitude => "latitude",
    Longitude => "longitude",
    Typologie => "typologie",
    Telephone => "telephone",
    Courriels => "courriels",
    SiteWeb => "site_web",
    Horaires => "horaires",
    PresentationResume => "presentation_resume",
    PresentationDetail => "presentation_detail",
    Source => "source",
    Itinerance => "itinerance",
    StructureParente => "structure_parente",
    DateMaj => "date_maj",
    Services => "services",
    PublicsSpecifiquementAdresses => "publics_specifiquement_adresses",
    PriseEnChargeSpecifique => "prise_en_charge_specifique",
    FraisACharge => "frais_a_charge",
    DispositifProgrammesNationaux => "dispositif_programmes_nationaux",
    FormationsLabels => "formations_labels",
    AutresFormationsLabels => "autres_formations_labels",
    ModalitesAcces => "modalites_acces",
    ModalitesAccompagnement => "modalites_accompagnement",
    FicheAccesLibre => "fiche_acces_libre",
    PriseRdv => "prise_rdv",
}

impl Field {
    /// Position of the field in schema order.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Finds a field by its standard name. Surrounding spaces, a byte-order mark and
    /// letter case are ignored, because spreadsheet exports add them.
    ///
    /// ```
    /// use aiguillage_model::Field;
    /// assert_eq!(Field::from_name(" Code_Postal "), Some(Field::CodePostal));
    /// assert_eq!(Field::from_name("zip"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Field> {
        let name = name.trim_start_matches('\u{feff}').trim();
        Field::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name))
    }

    /// Whether the field holds several values separated by `|` (enumerations, e-mails,
    /// typologies, labels).
    pub fn is_multi_valued(self) -> bool {
        matches!(
            self,
            Field::Typologie
                | Field::Courriels
                | Field::SiteWeb
                | Field::Itinerance
                | Field::Services
                | Field::PublicsSpecifiquementAdresses
                | Field::PriseEnChargeSpecifique
                | Field::FraisACharge
                | Field::DispositifProgrammesNationaux
                | Field::FormationsLabels
                | Field::AutresFormationsLabels
                | Field::ModalitesAcces
                | Field::ModalitesAccompagnement
        )
    }

    /// Whether the schema marks the field as required.
    pub fn is_required(self) -> bool {
        matches!(
            self,
            Field::Id
                | Field::Pivot
                | Field::Nom
                | Field::Commune
                | Field::CodePostal
                | Field::Adresse
                | Field::DateMaj
        )
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_follow_schema_order() {
        for (i, f) in Field::ALL.into_iter().enumerate() {
            assert_eq!(f.index(), i);
        }
        assert_eq!(Field::ALL[0].name(), "id");
        assert_eq!(Field::ALL[31].name(), "prise_rdv");
    }

    #[test]
    fn names_round_trip() {
        for f in Field::ALL {
            assert_eq!(Field::from_name(f.name()), Some(f));
        }
        assert_eq!(Field::from_name("\u{feff}id"), Some(Field::Id));
    }
}

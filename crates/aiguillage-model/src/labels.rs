//! Typed enumerations of the standard, with their exact French labels.

use std::fmt;

use crate::request::echo;
use crate::text::fold;
use crate::Field;

/// An enumeration of the standard whose values are fixed French labels.
pub trait Label: Copy + Eq + Sized + 'static {
    /// Every value, in the schema's order.
    const ALL: &'static [Self];

    /// The exact label of the schema.
    fn label(self) -> &'static str;

    /// Parses an exact label (surrounding spaces ignored).
    ///
    /// Anything else is an [`UnknownLabel`] that carries the closest label, compared
    /// without case, accents or punctuation, so a producer sees what was meant.
    ///
    /// ```
    /// use aiguillage_model::{Label, Public};
    /// assert_eq!(Public::parse("Seniors"), Ok(Public::Seniors));
    /// let err = Public::parse("etudiants").unwrap_err();
    /// assert_eq!(err.suggestion, Some("Étudiants"));
    /// ```
    fn parse(value: &str) -> Result<Self, UnknownLabel> {
        let value = value.trim();
        Self::ALL
            .iter()
            .copied()
            .find(|l| l.label() == value)
            .ok_or_else(|| UnknownLabel {
                value: value.to_owned(),
                suggestion: closest(value, Self::ALL.iter().map(|l| l.label())),
                accepted: Self::ALL.iter().map(|l| l.label()).collect(),
            })
    }
}

/// A value that is not one of an enumeration's labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownLabel {
    /// The value as given.
    pub value: String,
    /// The closest accepted label, if one is close enough to be a likely typo.
    pub suggestion: Option<&'static str>,
    /// Every accepted label.
    pub accepted: Vec<&'static str>,
}

impl fmt::Display for UnknownLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown value « {} »", self.value)?;
        match self.suggestion {
            Some(s) => write!(f, "; did you mean « {s} »?"),
            None => write!(f, "; accepted values: {}", self.accepted.join(" | ")),
        }
    }
}

impl UnknownLabel {
    /// The reason with every accepted label listed, for query parameters where the caller
    /// needs the whole vocabulary: `unknown value « x » (did you mean « X »?); accepted values: …`.
    pub fn listing_accepted(&self) -> String {
        let hint = self
            .suggestion
            .map(|s| format!(" (did you mean « {s} »?)"))
            .unwrap_or_default();
        format!(
            "unknown value « {} »{hint}; accepted values: {}",
            self.value,
            self.accepted.join(" | ")
        )
    }

    /// The same in French, for the pages, with the value cut as [`echo`] cuts it:
    /// `valeur inconnue « x » (vouliez-vous dire « X » ?) ; valeurs acceptées : A | B`.
    ///
    /// ```
    /// use aiguillage_model::{Label, Public};
    /// let error = Public::parse("seniors").unwrap_err();
    /// assert!(error.listing_accepted_in_french().starts_with(
    ///     "valeur inconnue « seniors » (vouliez-vous dire « Seniors » ?) ; valeurs acceptées : Jeunes | "
    /// ));
    /// ```
    pub fn listing_accepted_in_french(&self) -> String {
        let hint = self
            .suggestion
            .map(|s| format!(" (vouliez-vous dire « {s} » ?)"))
            .unwrap_or_default();
        format!(
            "valeur inconnue « {} »{hint} ; valeurs acceptées : {}",
            echo(&self.value),
            self.accepted.join(" | ")
        )
    }
}

impl std::error::Error for UnknownLabel {}

/// The label closest to `value` once both are folded, if it is similar enough (a typo,
/// missing accents, other case) to be worth suggesting.
fn closest(value: &str, labels: impl Iterator<Item = &'static str> + Clone) -> Option<&'static str> {
    let folded = fold(value);
    let similar = labels
        .clone()
        .map(|l| (l, strsim::normalized_levenshtein(&folded, &fold(l))))
        .filter(|(_, score)| *score >= 0.6)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(l, _)| l);
    // A value that is a distinctive part of exactly one label ("individuel" for
    // "Accompagnement individuel") is a likely abbreviation of it.
    similar.or_else(|| {
        let mut containing = labels.filter(|l| folded.len() >= 4 && fold(l).contains(&folded));
        match (containing.next(), containing.next()) {
            (Some(l), None) => Some(l),
            _ => None,
        }
    })
}

macro_rules! labels {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $(
                #[doc = concat!("« ", $label, " »")]
                $variant
            ),+
        }

        impl Label for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];

            fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label),+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

labels! {
    /// `services`: the kinds of help offered.
    Service {
        AideDemarchesAdministratives => "Aide aux démarches administratives",
        MaitriseOutilsNumeriques => "Maîtrise des outils numériques du quotidien",
        InsertionProfessionnelle => "Insertion professionnelle via le numérique",
        UtilisationSecurisee => "Utilisation sécurisée du numérique",
        ParentaliteEducation => "Parentalité et éducation avec le numérique",
        LoisirsCreations => "Loisirs et créations numériques",
        ComprehensionMondeNumerique => "Compréhension du monde numérique",
        AccesInternetMateriel => "Accès internet et matériel informatique",
        AcquisitionMaterielSolidaire => "Acquisition de matériel informatique à prix solidaire",
    }
}

labels! {
    /// `publics_specifiquement_adresses`: publics a place is specifically for.
    Public {
        Jeunes => "Jeunes",
        Etudiants => "Étudiants",
        FamillesEnfants => "Familles et/ou enfants",
        Seniors => "Seniors",
        Femmes => "Femmes",
    }
}

labels! {
    /// `prise_en_charge_specifique`: particular needs a place can support.
    PriseEnCharge {
        Surdite => "Surdité",
        HandicapsMoteurs => "Handicaps moteurs",
        HandicapsMentaux => "Handicaps mentaux",
        Illettrisme => "Illettrisme",
        LanguesEtrangeresAnglais => "Langues étrangères (anglais)",
        LanguesEtrangeresAutres => "Langues étrangères (autres)",
        DeficienceVisuelle => "Déficience visuelle",
    }
}

labels! {
    /// `frais_a_charge`: what it costs.
    Frais {
        Gratuit => "Gratuit",
        GratuitSousCondition => "Gratuit sous condition",
        Payant => "Payant",
    }
}

labels! {
    /// `dispositif_programmes_nationaux`: national programmes a place belongs to.
    Dispositif {
        AidantsConnect => "Aidants Connect",
        BibliothequesNumeriqueReference => "Bibliothèques numérique de référence",
        CertificationPix => "Certification PIX",
        ConseillersNumeriques => "Conseillers numériques",
        EmmausConnect => "Emmaüs Connect",
        FranceServices => "France Services",
        GrandeEcoleNumerique => "Grande école du numérique",
        LaCroixRouge => "La Croix Rouge",
        PointAccesNumeriqueCaf => "Point d'accès numérique CAF",
        PromeneursDuNet => "Promeneurs du net",
        RelaisNumeriqueEmmausConnect => "Relais numérique (Emmaüs Connect)",
    }
}

labels! {
    /// `formations_labels`: trainings and labels obtained.
    FormationLabel {
        MonEspaceSante => "Formé à « Mon Espace Santé »",
        Duplex => "Formé à « DUPLEX » (illettrisme)",
        ArniaMednumBfc => "Arnia/MedNum BFC (Bourgogne-Franche-Comté)",
        CollectifReemploiNormandie => "Collectif ressources et acteurs réemploi (Normandie)",
        EtapesNumeriques => "Étapes numériques(La Poste)",
        FabriquesDeTerritoire => "Fabriques de Territoire",
        EclaireursDuNumerique => "Les Éclaireurs du numérique (Drôme)",
        MesPapiers => "Mes Papiers (Métropole de Lyon)",
        Ordi3 => "ORDI 3.0",
        SudLabs => "SUD LABS (PACA)",
    }
}

labels! {
    /// `modalites_acces`: how to get there and be received.
    ModaliteAcces {
        SePresenter => "Se présenter",
        Telephoner => "Téléphoner",
        ContacterParMail => "Contacter par mail",
        PrendreRdvEnLigne => "Prendre un RDV en ligne",
        PasDeAccueilPublic => "Ce lieu n'accueille pas de public",
        FichePrescription => "Envoyer un mail avec une fiche de prescription",
    }
}

labels! {
    /// `modalites_accompagnement`: how help is given.
    ModaliteAccompagnement {
        EnAutonomie => "En autonomie",
        AccompagnementIndividuel => "Accompagnement individuel",
        AtelierCollectif => "Dans un atelier collectif",
        ADistance => "À distance",
    }
}

labels! {
    /// `itinerance`: whether the place moves (digital bus…) or not.
    Itinerance {
        Itinerant => "Itinérant",
        Fixe => "Fixe",
    }
}

/// Whether `field` can hold `value`: one of its labels for an enumerated field (`services`,
/// `publics_specifiquement_adresses`…), anything for the others.
///
/// ```
/// use aiguillage_model::{check_label, Field};
/// assert!(check_label(Field::Services, "Aide aux démarches administratives").is_ok());
/// assert_eq!(check_label(Field::Itinerance, "itinerant").unwrap_err().suggestion, Some("Itinérant"));
/// assert!(check_label(Field::Nom, "anything").is_ok());
/// ```
pub fn check_label(field: Field, value: &str) -> Result<(), UnknownLabel> {
    fn parse<L: Label>(value: &str) -> Result<(), UnknownLabel> {
        L::parse(value).map(drop)
    }
    match field {
        Field::Services => parse::<Service>(value),
        Field::PublicsSpecifiquementAdresses => parse::<Public>(value),
        Field::PriseEnChargeSpecifique => parse::<PriseEnCharge>(value),
        Field::FraisACharge => parse::<Frais>(value),
        Field::DispositifProgrammesNationaux => parse::<Dispositif>(value),
        Field::FormationsLabels => parse::<FormationLabel>(value),
        Field::ModalitesAcces => parse::<ModaliteAcces>(value),
        Field::ModalitesAccompagnement => parse::<ModaliteAccompagnement>(value),
        Field::Itinerance => parse::<Itinerance>(value),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_exact<L: Label + fmt::Debug>() {
        for l in L::ALL {
            assert_eq!(L::parse(l.label()), Ok(*l));
            assert_eq!(L::parse(&format!("  {}  ", l.label())), Ok(*l));
        }
    }

    #[test]
    fn every_label_parses_exactly() {
        all_exact::<Service>();
        all_exact::<Public>();
        all_exact::<PriseEnCharge>();
        all_exact::<Frais>();
        all_exact::<Dispositif>();
        all_exact::<FormationLabel>();
        all_exact::<ModaliteAcces>();
        all_exact::<ModaliteAccompagnement>();
        all_exact::<Itinerance>();
    }

    #[test]
    fn case_and_accents_are_not_accepted_but_suggested() {
        let err = Service::parse("aide aux demarches administratives").unwrap_err();
        assert_eq!(err.suggestion, Some("Aide aux démarches administratives"));
        assert_eq!(
            err.to_string(),
            "unknown value « aide aux demarches administratives »; did you mean « Aide aux démarches administratives »?"
        );
        let err = Itinerance::parse("itinerant").unwrap_err();
        assert_eq!(err.suggestion, Some("Itinérant"));
        let err = ModaliteAccompagnement::parse("individuel").unwrap_err();
        assert_eq!(err.suggestion, Some("Accompagnement individuel"));
        let err = Dispositif::parse("France Service").unwrap_err();
        assert_eq!(err.suggestion, Some("France Services"));
    }

    #[test]
    fn far_values_list_the_accepted_labels() {
        let err = Frais::parse("sur devis").unwrap_err();
        assert_eq!(err.suggestion, None);
        assert_eq!(
            err.to_string(),
            "unknown value « sur devis »; accepted values: Gratuit | Gratuit sous condition | Payant"
        );
    }

    #[test]
    fn unknown_labels_are_cut_and_list_every_label() {
        let error = Service::parse(&"x".repeat(70_000)).unwrap_err();
        let message = error.listing_accepted_in_french();
        assert!(message.len() < 2_000, "{}", message.len());
        assert!(!message.contains("vouliez-vous"), "{message}");
        for service in Service::ALL {
            assert!(message.contains(service.label()), "{message}");
        }
    }
}

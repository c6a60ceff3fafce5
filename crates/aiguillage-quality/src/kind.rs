//! The kinds of problems, with their codes and titles, and one problem of one place.

/// What is wrong with a place. Kinds are listed, and a place's problems reported, in this
/// order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProblemKind {
    /// Neither latitude nor longitude.
    SansCoordonnees,
    /// The point is outside France métropolitaine and the overseas territories.
    CoordonneesHorsFrance,
    /// The point is outside the commune's boundary, within
    /// [`FAR_FROM_COMMUNE_M`](crate::FAR_FROM_COMMUNE_M) of its centre.
    HorsCommune,
    /// The point is outside the commune and farther than
    /// [`FAR_FROM_COMMUNE_M`](crate::FAR_FROM_COMMUNE_M) from its centre.
    LoinDeLaCommune,
    /// `code_insee` is no commune's, or (without it) `commune` is not the name of a commune
    /// having `code_postal`.
    CommuneIntrouvable,
    /// `code_postal` is not one of the commune's postcodes, or nobody's.
    CodePostalInvalide,
    /// `telephone` fits the standard's pattern but has the wrong number of digits.
    TelephoneInvalide,
    /// A value of `courriels` is not an e-mail address.
    CourrielInvalide,
    /// `horaires` is not OpenStreetMap `opening_hours` syntax (kept as text).
    HorairesIllisibles,
    /// No service.
    SansServices,
    /// `date_maj` older than [`STALE_AFTER_MONTHS`](crate::STALE_AFTER_MONTHS).
    DateMajAncienne,
    /// The source gave no position: the import geocoded the address or used the commune's
    /// centre (known from the store, not from the place's values).
    CoordonneesApproximatives,
    /// Another place is likely the same (`aiguillage dedupe`; known from all the places).
    DoublonProbable,
}

impl ProblemKind {
    /// Every kind, in order.
    pub const ALL: [ProblemKind; 13] = [
        ProblemKind::SansCoordonnees,
        ProblemKind::CoordonneesHorsFrance,
        ProblemKind::HorsCommune,
        ProblemKind::LoinDeLaCommune,
        ProblemKind::CommuneIntrouvable,
        ProblemKind::CodePostalInvalide,
        ProblemKind::TelephoneInvalide,
        ProblemKind::CourrielInvalide,
        ProblemKind::HorairesIllisibles,
        ProblemKind::SansServices,
        ProblemKind::DateMajAncienne,
        ProblemKind::CoordonneesApproximatives,
        ProblemKind::DoublonProbable,
    ];

    /// The stable code (`probleme` column of `aiguillage quality`), French snake_case like
    /// the standard's field names.
    pub fn code(self) -> &'static str {
        match self {
            ProblemKind::SansCoordonnees => "sans_coordonnees",
            ProblemKind::CoordonneesHorsFrance => "coordonnees_hors_france",
            ProblemKind::HorsCommune => "hors_commune",
            ProblemKind::LoinDeLaCommune => "loin_de_la_commune",
            ProblemKind::CommuneIntrouvable => "commune_introuvable",
            ProblemKind::CodePostalInvalide => "code_postal_invalide",
            ProblemKind::TelephoneInvalide => "telephone_invalide",
            ProblemKind::CourrielInvalide => "courriel_invalide",
            ProblemKind::HorairesIllisibles => "horaires_illisibles",
            ProblemKind::SansServices => "sans_services",
            ProblemKind::DateMajAncienne => "date_maj_ancienne",
            ProblemKind::CoordonneesApproximatives => "coordonnees_approximatives",
            ProblemKind::DoublonProbable => "doublon_probable",
        }
    }

    /// The heading of its list in reports (French).
    pub fn title(self) -> &'static str {
        match self {
            ProblemKind::SansCoordonnees => "Sans coordonnées",
            ProblemKind::CoordonneesHorsFrance => "Position hors de France",
            ProblemKind::HorsCommune => "Position hors de la commune indiquée",
            ProblemKind::LoinDeLaCommune => "Position à plus de 20 km de la commune indiquée",
            ProblemKind::CommuneIntrouvable => "Commune introuvable",
            ProblemKind::CodePostalInvalide => "Code postal invalide",
            ProblemKind::TelephoneInvalide => "Téléphone invalide",
            ProblemKind::CourrielInvalide => "Courriel invalide",
            ProblemKind::HorairesIllisibles => "Horaires illisibles",
            ProblemKind::SansServices => "Sans service",
            ProblemKind::DateMajAncienne => "Mise à jour de plus de 12 mois",
            ProblemKind::CoordonneesApproximatives => "Position approximative (absente de la source)",
            ProblemKind::DoublonProbable => "Doublon probable",
        }
    }
}

/// One problem of one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceProblem {
    /// What is wrong.
    pub kind: ProblemKind,
    /// The values at fault and how to fix them, in French, for coordinators.
    pub detail: String,
}

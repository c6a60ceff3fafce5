-- Places of the national standard « Lieux de médiation numérique » (v1.0.2).
-- Standard fields are stored as their canonical text (multi-values joined with '|'),
-- so that the same schema ports to PostgreSQL column for column.
CREATE TABLE places (
    id                              TEXT PRIMARY KEY NOT NULL,
    pivot                           TEXT NOT NULL,
    nom                             TEXT NOT NULL,
    commune                         TEXT NOT NULL,
    code_postal                     TEXT NOT NULL,
    code_insee                      TEXT,
    adresse                         TEXT NOT NULL,
    complement_adresse              TEXT,
    latitude                        REAL,
    longitude                       REAL,
    typologie                       TEXT,
    telephone                       TEXT,
    courriels                       TEXT,
    site_web                        TEXT,
    horaires                        TEXT,
    presentation_resume             TEXT,
    presentation_detail             TEXT,
    source                          TEXT,
    itinerance                      TEXT,
    structure_parente               TEXT,
    date_maj                        TEXT NOT NULL,
    services                        TEXT,
    publics_specifiquement_adresses TEXT,
    prise_en_charge_specifique      TEXT,
    frais_a_charge                  TEXT,
    dispositif_programmes_nationaux TEXT,
    formations_labels               TEXT,
    autres_formations_labels        TEXT,
    modalites_acces                 TEXT,
    modalites_accompagnement        TEXT,
    fiche_acces_libre               TEXT,
    prise_rdv                       TEXT,
    -- Provenance: which file last wrote the row, and when.
    source_file                     TEXT NOT NULL,
    imported_at                     TEXT NOT NULL,
    created_at                      TEXT NOT NULL,
    updated_at                      TEXT NOT NULL,
    -- SHA-256 of the canonical standard values: an import that finds the same hash changes nothing.
    content_hash                    TEXT NOT NULL
);

CREATE INDEX places_code_insee ON places (code_insee);

-- One row per import that wrote to the database (dry runs are not logged).
CREATE TABLE imports (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    source_file TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported    INTEGER NOT NULL,
    updated     INTEGER NOT NULL,
    unchanged   INTEGER NOT NULL,
    rejected    INTEGER NOT NULL,
    warnings    INTEGER NOT NULL
);

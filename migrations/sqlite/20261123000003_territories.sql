-- Territories, population layers and coverage snapshots, for coverage reports.

-- Boundaries of territories (communes, EPCI, départements, régions, custom areas), one per
-- level and code, as GeoJSON geometries in longitude/latitude (WGS 84).
CREATE TABLE territories (
    level       TEXT NOT NULL,
    code        TEXT NOT NULL,
    nom         TEXT NOT NULL,
    geometry    TEXT NOT NULL,
    source_file TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    PRIMARY KEY (level, code)
);

-- One row per imported population file: a grid of cells (INSEE Filosofi carreaux) or
-- points, with its totals and bounding box (NULL when it has no cell) so that a query
-- finds the layer covering an area without reading its cells.
CREATE TABLE population_layers (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('grid', 'points')),
    source_file TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    cells       INTEGER NOT NULL,
    population  REAL NOT NULL,
    min_lat     REAL,
    min_lon     REAL,
    max_lat     REAL,
    max_lon     REAL
);

-- Cells (or points) of a layer: the centre's latitude and longitude, and its population.
-- Keyed by position (cells at the same place are merged on import) and stored WITHOUT
-- ROWID, so the table is its own covering index: the cells of a layer inside a box are one
-- range scan on latitude that filters longitude, a new layer's sorted cells are appended
-- at the end of the b-tree, and deleting a layer removes one contiguous range.
CREATE TABLE population_cells (
    layer_id   INTEGER NOT NULL REFERENCES population_layers (id) ON DELETE CASCADE,
    lat        REAL NOT NULL,
    lon        REAL NOT NULL,
    population REAL NOT NULL,
    PRIMARY KEY (layer_id, lat, lon)
) WITHOUT ROWID;

-- Coverage reports as they were on a day, to show how coverage evolves: at most one per
-- territory, radius, services and day (saving again the same day replaces it).
-- `services` is the '|'-joined sorted list of service labels, '' for all services;
-- `saved_at` an ISO date; `report` the JSON report.
CREATE TABLE coverage_snapshots (
    id       INTEGER PRIMARY KEY,
    level    TEXT NOT NULL,
    code     TEXT NOT NULL,
    radius_m REAL NOT NULL,
    services TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    report   TEXT NOT NULL
);

CREATE UNIQUE INDEX coverage_snapshots_key
    ON coverage_snapshots (level, code, radius_m, services, saved_at);

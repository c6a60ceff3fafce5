-- Places whose position was not in their source: found by a geocoder, or set at the centre
-- of their commune. Coverage reports and quality checks say so; a later import giving the
-- place real coordinates removes its row.
CREATE TABLE approximate_positions (
    place_id TEXT PRIMARY KEY,
    -- How the position was found: 'geocoder' or 'commune_centre'.
    method   TEXT NOT NULL CHECK (method IN ('geocoder', 'commune_centre')),
    -- What it was found from, for people: the geocoder's label, or the commune's name.
    detail   TEXT NOT NULL,
    located_at TEXT NOT NULL
);

-- Duplicate places merged by `aiguillage dedupe`: one row per place merged away, with the
-- provenance of both places as they were just before the merge, so that the merge can be
-- explained (and undone by hand from `merged_record`).
CREATE TABLE merges (
    -- The place removed by the merge. A place is merged away at most once.
    merged_id          TEXT PRIMARY KEY NOT NULL,
    -- The place that absorbed it (it may itself be merged away later: follow kept_id).
    kept_id            TEXT NOT NULL,
    -- The standard `source` and the file that last wrote each place.
    kept_source        TEXT,
    merged_source      TEXT,
    kept_source_file   TEXT NOT NULL,
    merged_source_file TEXT NOT NULL,
    -- Why they were paired: the score (0 to 1), the kind of reason, and for `nearby` the
    -- distance in metres and the similarity of the names.
    score              REAL NOT NULL,
    reason             TEXT NOT NULL CHECK (reason IN ('same-pivot', 'nearby')),
    distance_m         REAL,
    name_similarity    REAL,
    -- The merged place's standard values, as the `record` column of `places` held them.
    merged_record      TEXT NOT NULL,
    merged_at          TEXT NOT NULL
);

CREATE INDEX merges_kept_id ON merges (kept_id);

-- Re-importing the source of a merged place must not bring it back: an insert of a merged
-- id is skipped (RAISE(IGNORE) drops that row only; the rest of a multi-row upsert goes on).
-- Deleting its row of `merges` lets the id be imported again.
CREATE TRIGGER places_skip_merged BEFORE INSERT ON places
WHEN EXISTS (SELECT 1 FROM merges WHERE merged_id = NEW.id)
BEGIN
    SELECT RAISE(IGNORE);
END;

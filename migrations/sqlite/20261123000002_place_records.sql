-- The standard JSON object of each place (all 32 fields, schema order, as `Place::to_json`
-- writes it), kept with the row so that a server loads every place with one aggregate
-- query instead of decoding 32 columns per row. Written with the row by every upsert;
-- rows stored before this migration get it when the store is next opened.
ALTER TABLE places ADD COLUMN record TEXT;

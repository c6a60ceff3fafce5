-- The place as one JSON array: its 32 standard values in schema order, as in the
-- standard's JSON form (text as strings, latitude and longitude as numbers, blank as null).
-- A server loads every place from it with a few aggregate queries instead of decoding 32
-- columns per row. Written with the row by every upsert; rows stored before this
-- migration get it when the store is next opened.
ALTER TABLE places ADD COLUMN record TEXT;

-- Finding rows without a record at every open must not scan the table: this index holds
-- only those rows (none, once backfilled).
CREATE INDEX places_without_record ON places (id) WHERE record IS NULL;

-- Contributive editing: accounts and their scopes, sessions, API tokens, the history of every
-- change, soft closures, exceptional hours and public suggestions.

-- Every write of a place (import, edit, suggestion, revert, closure, confirmation) increments
-- its revision: the API's ETag, so that an edit based on an older revision is refused.
ALTER TABLE places ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
-- A closed place stays stored (with its history) but leaves proximity, lists, the map,
-- coverage and exports. `closed_on` is the day it closed (ISO date), `closed_reason` why.
ALTER TABLE places ADD COLUMN closed_on TEXT;
ALTER TABLE places ADD COLUMN closed_reason TEXT;

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'editor')),
    -- argon2id, in the PHC string format (algorithm, parameters and salt included).
    password_hash TEXT NOT NULL,
    -- 1 while the password is the generated one `aiguillage user add` printed: it serves one
    -- sign-in, after which the person must choose theirs.
    must_change_password INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    disabled_at   TEXT
);

-- What a coordinator looks after: territory codes as /territoires/{code} accepts them.
CREATE TABLE user_territories (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code    TEXT NOT NULL,
    PRIMARY KEY (user_id, code)
);

-- The places an editor (a structure) keeps.
CREATE TABLE user_places (
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    place_id TEXT NOT NULL,
    PRIMARY KEY (user_id, place_id)
);

-- Signed-in browsers. Only the SHA-256 of the cookie's secret is stored: a copy of the
-- database does not give access.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- Bearer tokens for the API, stored hashed like sessions.
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);

-- Failed sign-ins and public suggestions, by key (`account:EMAIL`, `ip:ADDRESS`,
-- `suggest:ADDRESS`), for rate limits that hold across restarts and server instances.
CREATE TABLE rate_events (
    key TEXT NOT NULL,
    at  TEXT NOT NULL
);

CREATE INDEX rate_events_key_at ON rate_events (key, at);

-- Append-only: one row per change of a place, with the place as it was after the change.
-- The changes of an entry are the differences with the entry before it.
CREATE TABLE place_history (
    id            INTEGER PRIMARY KEY,
    place_id      TEXT NOT NULL,
    revision      INTEGER NOT NULL,
    at            TEXT NOT NULL,
    -- The user's e-mail, `import:FILE` for an import, `suggestion:N` for an accepted public
    -- suggestion (with the moderator after a space).
    author        TEXT NOT NULL,
    source        TEXT NOT NULL CHECK (source IN ('import', 'edit', 'suggestion', 'revert', 'close', 'confirm', 'exception')),
    motif         TEXT,
    -- The place's `record` (its 32 standard values) after the change.
    record        TEXT NOT NULL,
    closed_on     TEXT,
    closed_reason TEXT
);

CREATE INDEX place_history_place ON place_history (place_id, id);
CREATE INDEX place_history_at ON place_history (at);

-- Rows stored before history existed get their first entry, so that every place has one.
INSERT INTO place_history (place_id, revision, at, author, source, record)
SELECT id, revision, updated_at, 'import:' || source_file, 'import', record
FROM places WHERE record IS NOT NULL;

-- Temporary closures (`horaires` NULL) and exceptional hours from `du` to `au` (ISO dates,
-- both included), which override the place's hours on those days and expire by themselves.
CREATE TABLE hours_exceptions (
    id         INTEGER PRIMARY KEY,
    place_id   TEXT NOT NULL,
    du         TEXT NOT NULL,
    au         TEXT NOT NULL,
    horaires   TEXT,
    motif      TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CHECK (du <= au)
);

CREATE INDEX hours_exceptions_place ON hours_exceptions (place_id);

-- Public suggestions, moderated by the territory's coordinators.
CREATE TABLE suggestions (
    id          INTEGER PRIMARY KEY,
    -- NULL for a new place.
    place_id    TEXT,
    -- A JSON object of standard fields: the proposed values.
    changes     TEXT NOT NULL,
    commentaire TEXT NOT NULL,
    courriel    TEXT,
    created_at  TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
    decided_at  TEXT,
    decided_by  TEXT,
    motif       TEXT
);

CREATE INDEX suggestions_status ON suggestions (status, id);

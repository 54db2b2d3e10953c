-- Personal data sealed, ids random (SQLite). Kept in lockstep with
-- ../postgres/0006_sealed_letters_random_ids.sql; docs/privacy.md explains every column.

-- Relay letters: the text, signature and return address are one age ciphertext (`sealed`),
-- sealed to the organization's public key by the web face before they reach the database;
-- the server cannot read them back. In clear stays only what moderation and counting need.
-- `id` is random (chosen by Outcry, not the database), so the order of rows says nothing
-- about the order letters came in, and no request log can be matched row by row.
CREATE TABLE relay_letters_sealed (
    id              INTEGER PRIMARY KEY,   -- random, 10 digits, chosen at submission
    case_id         INTEGER NOT NULL,
    lang            TEXT    NOT NULL,   -- the writer's interface language, ISO 639-1
    sealed          BLOB,               -- age ciphertext of the letter's JSON; NULL once erased
    warnings        TEXT    NOT NULL,   -- JSON: [censor checker warning kind], e.g. ["censor-war"]
    status          TEXT    NOT NULL,
    submitted_hour  TEXT    NOT NULL,   -- RFC 3339 UTC, minutes and seconds zeroed
    closed_hour     TEXT,               -- the hour it was printed or rejected: retention runs from it
    printed_batch   TEXT,               -- the print run that claimed it; set with 'printing'
    CONSTRAINT relay_letters_case_fkey FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE RESTRICT,
    CONSTRAINT relay_letters_status_check CHECK (
        status IN ('pending', 'approved', 'rejected', 'printing', 'printed')),
    CONSTRAINT relay_letters_printed_check CHECK (
        (status IN ('printing', 'printed')) = (printed_batch IS NOT NULL)),
    CONSTRAINT relay_letters_erased_check CHECK (
        sealed IS NOT NULL OR status IN ('printed', 'rejected'))
);

-- Letters stored in clear before this migration wait here, untouched, until `outcry serve`
-- (or `outcry migrate`) runs with the organization's public key and seals them into
-- relay_letters; it then deletes them (secure_delete zeroes the freed pages). Without a key,
-- serve refuses to start while any wait here.
ALTER TABLE relay_letters RENAME TO relay_letters_plain;
DROP INDEX relay_letters_case_idx;
ALTER TABLE relay_letters_sealed RENAME TO relay_letters;
CREATE INDEX relay_letters_case_idx ON relay_letters (case_id, status);

-- Supporters' records get random ids too, chosen by Outcry on insert; the rows already there
-- are renumbered at random (63 bits, so collisions are out of reach).
UPDATE action_records SET id = (random() & 9223372036854775807);

-- Personal data sealed, ids random (PostgreSQL). Kept in lockstep with
-- ../sqlite/0006_sealed_letters_random_ids.sql; docs/privacy.md explains every column.

-- Relay letters: the text, signature and return address are one age ciphertext (`sealed`),
-- sealed to the organization's public key by the web face before they reach the database;
-- the server cannot read them back. In clear stays only what moderation and counting need.
-- `id` is random (chosen by Outcry, not the database), so the order of ids says nothing
-- about the order letters came in, and no request log can be matched row by row.
ALTER TABLE relay_letters RENAME TO relay_letters_plain;
ALTER TABLE relay_letters_plain RENAME CONSTRAINT relay_letters_pkey TO relay_letters_plain_pkey;
ALTER INDEX relay_letters_case_idx RENAME TO relay_letters_plain_case_idx;

CREATE TABLE relay_letters (
    id              BIGINT  PRIMARY KEY,   -- random, 10 digits, chosen at submission
    case_id         BIGINT  NOT NULL,
    lang            TEXT    NOT NULL,   -- the writer's interface language, ISO 639-1
    sealed          BYTEA,              -- age ciphertext of the letter's JSON; NULL once erased
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
-- The sealed bytes are already random: compressing them is wasted work.
ALTER TABLE relay_letters ALTER COLUMN sealed SET STORAGE EXTERNAL;
CREATE INDEX relay_letters_case_idx ON relay_letters (case_id, status);

-- Letters stored in clear before this migration wait in relay_letters_plain, untouched,
-- until `outcry serve` (or `outcry migrate`) runs with the organization's public key and
-- seals them into relay_letters; it then deletes them. Without a key, serve refuses to start
-- while any wait there.

-- Supporters' records get random ids too, chosen by Outcry on insert; the rows already there
-- are renumbered at random (63 bits, so collisions are out of reach).
ALTER TABLE action_records ALTER COLUMN id DROP IDENTITY;
UPDATE action_records SET id = floor(random() * 9.2e18)::bigint;

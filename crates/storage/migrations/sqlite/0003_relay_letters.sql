-- Relay mode: letters of support that supporters submit for the group to print and post to the
-- person (SQLite). Kept in lockstep with ../postgres/0003_relay_letters.sql.

-- The case's relay setting, NULL when the case takes no letters for relay.
ALTER TABLE cases ADD COLUMN relay TEXT;   -- JSON: Relay {group, return_address}

-- The letters, from submission through moderation to the print run. A row is what goes on
-- paper and nothing about who wrote it: no name beyond the signature the writer chose, no email,
-- no IP address, and no created_at/updated_at. A seized database must not list supporters,
-- and the time is kept to the hour (as in action_records) so rows cannot be matched second by
-- second against other logs. Letters are not part of the case file, so an export never
-- carries them; a case that leaves relay mode keeps the letters already submitted.
CREATE TABLE relay_letters (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL,
    lang            TEXT    NOT NULL,   -- the writer's interface language, ISO 639-1
    body            TEXT    NOT NULL,   -- the letter as the writer finished it, byte for byte
    signature       TEXT    NOT NULL,   -- printed under the letter; may be empty
    return_address  TEXT    NOT NULL,   -- JSON: [line]; empty: the group's
    status          TEXT    NOT NULL,
    submitted_hour  TEXT    NOT NULL,   -- RFC 3339 UTC, minutes and seconds zeroed
    printed_batch   TEXT,               -- the print run that printed it; set with 'printed'
    CONSTRAINT relay_letters_case_fkey FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE RESTRICT,
    CONSTRAINT relay_letters_status_check CHECK (
        status IN ('pending', 'approved', 'rejected', 'printed')),
    CONSTRAINT relay_letters_printed_check CHECK (
        (status = 'printed') = (printed_batch IS NOT NULL))
);

-- The moderation queue and the print run both read one case's letters in one status.
CREATE INDEX relay_letters_case_idx ON relay_letters (case_id, status);

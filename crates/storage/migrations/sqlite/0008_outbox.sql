-- The outbox (SQLite): one row per message Outcry sends, from the moment the change that
-- causes it commits until the relay has it. Kept in lockstep with ../postgres/0008_outbox.sql;
-- docs/mail.md explains the states and the guarantee, docs/privacy.md every column.
CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY,  -- random 63 bits, chosen by Outcry; the bounce address carries it
    dedupe_key   TEXT    NOT NULL,     -- keyed hash of what makes the message unique (kind, action, supporter, target)
    kind         TEXT    NOT NULL,
    message_id   TEXT    NOT NULL,     -- the Message-ID header, fixed here so a retry is recognisable as the same message
    payload      BLOB,                 -- the message (addresses, text) encrypted with the outbox key; NULL once final
    state        TEXT    NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT    NOT NULL,     -- RFC 3339 UTC, sortable (six digits of fraction)
    due_at       TEXT    NOT NULL,     -- queued/deferred: not before this; leased: when the lease runs out
    lease        TEXT,                 -- the lease holding it (random), set with 'leased' only
    last_reply   TEXT,                 -- the relay's last answer as code and enhanced status ("451 4.7.1"), never its text
    finished_at  TEXT,                 -- when it became sent, bounced, failed or cancelled
    pace_key     TEXT,                 -- keyed hash of the recipient when its mail is paced (an official's hourly cap), else NULL
    CONSTRAINT outbox_dedupe_key_key UNIQUE (dedupe_key),
    CONSTRAINT outbox_message_id_key UNIQUE (message_id),
    CONSTRAINT outbox_kind_check CHECK (kind IN ('confirmation', 'appeal', 'receipt', 'test')),
    CONSTRAINT outbox_state_check CHECK (
        state IN ('queued', 'leased', 'sent', 'deferred', 'bounced', 'failed', 'cancelled')),
    CONSTRAINT outbox_lease_check CHECK ((state = 'leased') = (lease IS NOT NULL)),
    CONSTRAINT outbox_payload_check CHECK (
        payload IS NOT NULL OR state IN ('sent', 'bounced', 'failed', 'cancelled'))
);

-- How many messages to one paced recipient are placed in each hour.
CREATE INDEX outbox_pace_idx ON outbox (pace_key, due_at) WHERE pace_key IS NOT NULL;
-- What workers look for: the unfinished rows, by when they are due.
CREATE INDEX outbox_due_idx ON outbox (due_at) WHERE state IN ('queued', 'deferred', 'leased');

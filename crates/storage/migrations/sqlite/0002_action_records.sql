-- What supporters report having done ("I sent it", "I called"): one row per completed action
-- and nothing about who acted. No name, no email, no IP address: counts by channel, language
-- and country are all the job needs, and a seized database must not list supporters.
-- The time is kept to the hour, so rows cannot be matched second by second against other logs.
CREATE TABLE action_records (
    id             INTEGER PRIMARY KEY,
    action_id      INTEGER NOT NULL,
    channel        TEXT    NOT NULL,
    lang           TEXT    NOT NULL,   -- the interface language the supporter used
    country        TEXT,               -- ISO 3166-1 alpha-2, as the supporter chose it; optional
    recorded_hour  TEXT    NOT NULL,   -- RFC 3339 UTC, minutes and seconds zeroed
    CONSTRAINT action_records_action_fkey FOREIGN KEY (action_id)
        REFERENCES actions (id) ON DELETE RESTRICT,
    CONSTRAINT action_records_channel_check CHECK (channel IN ('email', 'phone', 'fax', 'post'))
);

CREATE INDEX action_records_action_idx ON action_records (action_id, channel);

-- Officials' addresses that bounce (sqlite). Kept in lockstep with ../postgres/0009_address_bounces.sql.
-- Only addresses in the targets directory are ever written here (never a supporter's): a hard
-- bounce flags one at once, soft bounces after a threshold; a flagged address is no longer
-- offered on any action page until an organizer clears it (docs/mail.md, "Bounces").
CREATE TABLE address_bounces (
    address      TEXT    NOT NULL,     -- lowercased, as in the targets' emails
    soft_count   INTEGER NOT NULL DEFAULT 0,
    last_status  TEXT,                 -- the last bounce's status code ("5.1.1"), never its text
    last_at      TEXT    NOT NULL,     -- RFC 3339 UTC: the last bounce
    flagged_at   TEXT,                 -- when it stopped being offered; NULL while it is
    flag_reason  TEXT,                 -- 'hard' or 'soft'
    CONSTRAINT address_bounces_pkey PRIMARY KEY (address),
    CONSTRAINT address_bounces_flag_check CHECK (
        (flagged_at IS NULL) = (flag_reason IS NULL)
        AND (flag_reason IS NULL OR flag_reason IN ('hard', 'soft')))
);

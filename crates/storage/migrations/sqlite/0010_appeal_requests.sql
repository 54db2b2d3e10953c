-- Appeals a supporter asked Outcry to send and has not confirmed yet (sqlite). Kept in lockstep
-- with ../postgres/0010_appeal_requests.sql. The confirmation link carries a token; only its
-- keyed hash is here. Confirming deletes the row in the same transaction that queues the
-- messages (outbox) and counts the action; an unconfirmed one is deleted when it expires
-- (7 days). docs/privacy.md says what each column holds.
CREATE TABLE appeal_requests (
    id            INTEGER PRIMARY KEY,  -- random 63 bits
    token_hash    TEXT    NOT NULL,  -- keyed hash of the confirmation link's token
    action_id     INTEGER NOT NULL,
    supporter_key TEXT    NOT NULL,  -- keyed hash of the normalised address: one pending request per supporter per action
    payload       BLOB    NOT NULL,  -- the address, name, letter and language, encrypted with the outbox key
    expires_at    TEXT    NOT NULL,  -- RFC 3339 UTC
    CONSTRAINT appeal_requests_token_key UNIQUE (token_hash),
    CONSTRAINT appeal_requests_supporter_key UNIQUE (action_id, supporter_key),
    CONSTRAINT appeal_requests_action_fkey FOREIGN KEY (action_id)
        REFERENCES actions (id) ON DELETE CASCADE
);
CREATE INDEX appeal_requests_expiry_idx ON appeal_requests (expires_at);

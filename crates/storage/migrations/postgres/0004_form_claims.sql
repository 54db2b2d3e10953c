-- One-time form ids (PostgreSQL). Kept in lockstep with ../sqlite/0004_form_claims.sql.
--
-- Every form the site renders carries a random 128-bit id inside its CSRF token. When a form
-- counts ("I sent it", "I called", "I posted it"), the server claims (id, scope) here with
-- INSERT … ON CONFLICT DO NOTHING: the first post of a form inserts the row and counts, a
-- replay or the second post of a double click finds it and does not. The primary key makes
-- that hold across instances sharing this database and for posts in flight at once.
--
-- Nothing here is about a person. The id is random and was only ever in one page's token; the
-- scope is what the form did (`done:<action slug>:<channel>`); the expiry is kept to the hour,
-- rounded up, so a row says no more about time than action_records does. No IP address, no
-- cookie, no nonce: the CSRF nonce that ties a token to a browser is not stored. A row is of
-- no use once its token has expired (12 hours after issue), and the site deletes such rows
-- as it goes.
CREATE TABLE form_claims (
    form_id       TEXT NOT NULL,   -- the token's random id, base64url, 22 characters
    scope         TEXT NOT NULL,   -- what the form was used for, such as done:ua-45-26:phone
    expires_hour  TEXT NOT NULL,   -- RFC 3339 UTC, an hour at or after the token's expiry
    CONSTRAINT form_claims_pkey PRIMARY KEY (form_id, scope)
);

-- The purge deletes by expiry.
CREATE INDEX form_claims_expires_idx ON form_claims (expires_hour);

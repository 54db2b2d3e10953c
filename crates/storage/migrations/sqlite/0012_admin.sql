-- The organizers' admin (SQLite): accounts, one-time links, recovery codes, sessions, login
-- throttling, the append-only audit log, the admin's settings. Kept in lockstep with
-- ../postgres/0012_admin.sql; docs/privacy.md ("The admin's tables") says what each holds.

-- Organizers' accounts. Made by `outcry user add` (or an admin), never by signing up.
CREATE TABLE accounts (
    id              INTEGER PRIMARY KEY, -- assigned by the database; what sessions, tokens and the audit log point at
    email           TEXT    NOT NULL, -- lowercased and trimmed by the caller: the login name and where links go
    role            TEXT    NOT NULL, -- what the account may do (outcry_domain::Role)
    password_hash   TEXT,             -- Argon2id PHC string; NULL until the account sets one through a link
    totp_secret     BLOB,             -- the RFC 6238 secret, encrypted by the caller with the server's admin key; NULL without a second factor
    totp_pending    BLOB,             -- a secret being enrolled (shown as a QR code, not confirmed yet), encrypted the same way
    totp_last_step  BIGINT,           -- the last RFC 6238 time step accepted: a code of that step or an older one is refused (no replay)
    created_at      TEXT    NOT NULL, -- RFC 3339 UTC
    last_login_at   TEXT,             -- RFC 3339 UTC of the last complete login, shown to admins
    disabled_at     TEXT,             -- RFC 3339 UTC; a disabled account logs in nowhere and keeps no session
    CONSTRAINT accounts_email_key UNIQUE (email),
    CONSTRAINT accounts_role_check CHECK (role IN ('admin', 'editor', 'moderator', 'translator'))
);

-- One-time links that set a password (an invitation, or a reset). Only the SHA-256 of the
-- link's token is kept: a copy of the database opens no account. One live link per account;
-- issuing a new one deletes the older.
CREATE TABLE account_tokens (
    token_hash  BLOB    NOT NULL,     -- SHA-256 of the 256-bit token in the link
    account_id  BIGINT  NOT NULL,
    expires_at  TEXT    NOT NULL,     -- RFC 3339 UTC; after it the link does nothing and is erased
    created_at  TEXT    NOT NULL,     -- RFC 3339 UTC
    CONSTRAINT account_tokens_pkey PRIMARY KEY (token_hash),
    CONSTRAINT account_tokens_account_fkey FOREIGN KEY (account_id)
        REFERENCES accounts (id) ON DELETE CASCADE
);
CREATE INDEX account_tokens_account_idx ON account_tokens (account_id);

-- Recovery codes, for a lost phone: each works once. Keyed hashes from the caller, never the codes.
CREATE TABLE recovery_codes (
    account_id  BIGINT  NOT NULL,
    code_hash   BLOB    NOT NULL,     -- keyed hash of the code (the admin key's), from the caller
    used_at     TEXT,                 -- RFC 3339 UTC when it was used; NULL while it still works
    CONSTRAINT recovery_codes_pkey PRIMARY KEY (account_id, code_hash),
    CONSTRAINT recovery_codes_account_fkey FOREIGN KEY (account_id)
        REFERENCES accounts (id) ON DELETE CASCADE
);

-- Logged-in browsers. The cookie carries a random id; only its SHA-256 is kept, so a copy of
-- the database lets nobody take a session over.
CREATE TABLE admin_sessions (
    id_hash       BLOB    NOT NULL,   -- SHA-256 of the random id in the cookie
    account_id    BIGINT  NOT NULL,
    stage         TEXT    NOT NULL,   -- second_factor: password given, code awaited; enrol: setting up a second factor; full: logged in
    created_at    TEXT    NOT NULL,   -- RFC 3339 UTC
    last_seen_at  TEXT    NOT NULL,   -- RFC 3339 UTC of the last request: idle sessions end
    expires_at    TEXT    NOT NULL,   -- RFC 3339 UTC: the absolute end, however active the session
    identity      BLOB,               -- the organization's key unlocked for this session, wrapped by the caller with a key only the cookie holds; NULL when not unlocked
    CONSTRAINT admin_sessions_pkey PRIMARY KEY (id_hash),
    CONSTRAINT admin_sessions_account_fkey FOREIGN KEY (account_id)
        REFERENCES accounts (id) ON DELETE CASCADE,
    CONSTRAINT admin_sessions_stage_check CHECK (stage IN ('second_factor', 'enrol', 'full'))
);
CREATE INDEX admin_sessions_account_idx ON admin_sessions (account_id);

-- Failed logins per bucket, shared by every instance: a bucket is a keyed hash of an account's
-- email or of a client's address (from the caller), never the email or address itself.
CREATE TABLE login_failures (
    bucket        TEXT    NOT NULL,   -- keyed hash, from the caller
    window_start  TEXT    NOT NULL,   -- RFC 3339 UTC: the first failure of the current window
    failures      INTEGER   NOT NULL,   -- failures since window_start
    CONSTRAINT login_failures_pkey PRIMARY KEY (bucket)
);

-- Who did what in the admin, and what the command line did. Append-only: triggers refuse every
-- UPDATE and DELETE, so not even Outcry's own code can rewrite it. No foreign key: the log
-- outlives the accounts it names.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY, -- assigned by the database, in the order lines were written
    at          TEXT    NOT NULL,     -- RFC 3339 UTC
    account_id  BIGINT,               -- the account that acted; NULL for the command line
    actor       TEXT    NOT NULL,     -- the account's email at the time, or 'command line'
    action      TEXT    NOT NULL,     -- a dotted verb: account.create, letter.approve, letter.read, session.login
    subject     TEXT    NOT NULL,     -- what it acted on: an email, a letter id, a case slug
    before      TEXT,                 -- the value before a change (JSON or short text), when there is one
    after       TEXT                  -- the value after
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_account_idx ON audit_log (account_id);

-- The admin's site-wide settings: one row at most, id 1; no row means the defaults.
CREATE TABLE admin_settings (
    id                     INTEGER  NOT NULL, -- always 1
    require_second_factor  INTEGER  NOT NULL DEFAULT 0, -- 1: every account must log in with a second factor (0/1: portable over sqlx Any)
    CONSTRAINT admin_settings_pkey PRIMARY KEY (id),
    CONSTRAINT admin_settings_one_row_check CHECK (id = 1),
    CONSTRAINT admin_settings_require_second_factor_check CHECK (require_second_factor IN (0, 1))
);

-- Append-only, enforced by the database.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

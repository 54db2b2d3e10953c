-- Cases, their urgent actions and the shared directory of targets (PostgreSQL).
--
-- Kept in lockstep with ../sqlite/0001_cases.sql: same tables, columns, constraint names and
-- meaning, so the portable SQL in src/ runs unchanged on both. Never edit this file once it has
-- been applied anywhere; add 0002_… instead.
--
-- Conventions, shared with PostgreSQL:
-- * Values the `Any` driver cannot carry are TEXT: dates as ISO `2026-07-15`, timestamps as
--   RFC 3339 UTC, localized texts and small lists as JSON written by serde from the domain types.
-- * Enums are TEXT with a named CHECK listing the values the domain knows.
-- * Lists keep the order they were given in a `position` column.
-- * Every table has `created_at` and `updated_at`, written by the application.
-- * Ids are identity columns here and rowid aliases in SQLite; both are 64-bit.
-- * Constraints are named `<table>_<what>_<kind>` so errors can be mapped to meaning.

-- The person at risk.
CREATE TABLE cases (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug        TEXT    NOT NULL,
    name        TEXT    NOT NULL,            -- JSON: Localized
    pronouns    TEXT    NOT NULL,
    birth_year  BIGINT,
    status      TEXT    NOT NULL,
    summary     TEXT    NOT NULL,            -- JSON: Localized
    donations   TEXT    NOT NULL,            -- JSON: Localized
    links       TEXT    NOT NULL,            -- JSON: [{title, url}]
    notes       TEXT    NOT NULL,            -- organizers only, never public
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    CONSTRAINT cases_slug_key UNIQUE (slug),
    CONSTRAINT cases_pronouns_check CHECK (pronouns IN ('he', 'she', 'they', 'unknown')),
    CONSTRAINT cases_status_check CHECK (
        status IN ('detained', 'on_trial', 'sentenced', 'released', 'missing', 'deceased'))
);

-- What happened to the person, dated, in the order the organizers listed it.
CREATE TABLE case_timeline (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id     BIGINT NOT NULL,
    position    BIGINT NOT NULL,
    date        TEXT    NOT NULL,            -- ISO date
    kind        TEXT    NOT NULL,
    text        TEXT    NOT NULL,            -- JSON: Localized
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    CONSTRAINT case_timeline_case_fkey FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
    CONSTRAINT case_timeline_position_key UNIQUE (case_id, position),
    CONSTRAINT case_timeline_kind_check CHECK (kind IN (
        'arrest', 'charge', 'trial', 'sentence', 'appeal', 'transfer', 'release',
        'ill_treatment', 'other'))
);

-- Addresses for letters, oldest first. Old ones stay: they are the address history, and the
-- pages use it to warn that an address may be stale.
CREATE TABLE case_addresses (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id        BIGINT NOT NULL,
    position       BIGINT NOT NULL,
    verbatim       TEXT    NOT NULL,         -- exactly as published, Cyrillic kept
    country        TEXT    NOT NULL,         -- ISO 3166-1 alpha-2
    parts          TEXT    NOT NULL,         -- JSON: AddressParts
    verified_on    TEXT,
    valid_from     TEXT,
    superseded_on  TEXT,
    source         TEXT    NOT NULL,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    CONSTRAINT case_addresses_case_fkey FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
    CONSTRAINT case_addresses_position_key UNIQUE (case_id, position)
);

-- The shared directory of officials. Reused across cases and actions, so a row is never
-- deleted by an import, and cannot be deleted while an action names it.
CREATE TABLE targets (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug          TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    title         TEXT    NOT NULL,
    organization  TEXT    NOT NULL,
    address       TEXT    NOT NULL,          -- JSON: [line]
    country       TEXT,
    emails        TEXT    NOT NULL,          -- JSON: [email]
    phones        TEXT    NOT NULL,          -- JSON: [phone]
    fax           TEXT,
    salutations   TEXT    NOT NULL,          -- JSON: {lang: text}
    time_zone     TEXT,                      -- IANA name
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    CONSTRAINT targets_slug_key UNIQUE (slug)
);

-- "Copies to": other targets that get a copy of every appeal to a target (an embassy).
CREATE TABLE target_copies (
    target_id       BIGINT NOT NULL,
    copy_target_id  BIGINT NOT NULL,
    position        BIGINT NOT NULL,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    CONSTRAINT target_copies_pkey PRIMARY KEY (target_id, position),
    CONSTRAINT target_copies_target_fkey FOREIGN KEY (target_id)
        REFERENCES targets (id) ON DELETE CASCADE,
    CONSTRAINT target_copies_copy_target_fkey FOREIGN KEY (copy_target_id)
        REFERENCES targets (id) ON DELETE RESTRICT,
    CONSTRAINT target_copies_copy_key UNIQUE (target_id, copy_target_id),
    CONSTRAINT target_copies_self_check CHECK (target_id <> copy_target_id)
);

-- Urgent actions. Updated in place on re-import, so their ids stay stable for the rows that
-- will point at them (supporters' actions, counters, follow-ups).
CREATE TABLE actions (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id              BIGINT NOT NULL,
    slug                 TEXT    NOT NULL,
    position             BIGINT NOT NULL,   -- order within the case
    number               TEXT,               -- "UA 45/26"
    doc_index            TEXT    NOT NULL,   -- "EUR 46/03/94"
    status               TEXT    NOT NULL,
    headline             TEXT    NOT NULL,   -- JSON: Localized
    summary              TEXT    NOT NULL,   -- JSON: Localized
    background           TEXT    NOT NULL,   -- JSON: Localized
    preferred_languages  TEXT    NOT NULL,   -- JSON: [lang]
    published_on         TEXT,
    deadline_date        TEXT,
    deadline_time_zone   TEXT,
    goal                 BIGINT,
    continues_id         BIGINT,            -- the action this one follows up
    created_at           TEXT    NOT NULL,
    updated_at           TEXT    NOT NULL,
    CONSTRAINT actions_case_fkey FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE RESTRICT,
    CONSTRAINT actions_continues_fkey FOREIGN KEY (continues_id)
        REFERENCES actions (id) ON DELETE RESTRICT,
    CONSTRAINT actions_slug_key UNIQUE (slug),
    CONSTRAINT actions_number_key UNIQUE (number),
    CONSTRAINT actions_status_check CHECK (
        status IN ('draft', 'published', 'closed', 'withdrawn')),
    CONSTRAINT actions_deadline_check CHECK (
        (deadline_date IS NULL) = (deadline_time_zone IS NULL)),
    CONSTRAINT actions_goal_check CHECK (goal IS NULL OR goal >= 0),
    CONSTRAINT actions_continues_check CHECK (continues_id IS NULL OR continues_id <> id)
);

CREATE INDEX actions_case_idx ON actions (case_id, position);

-- The targets an action names, in its order. RESTRICT: a target in use cannot be deleted.
CREATE TABLE action_targets (
    action_id   BIGINT NOT NULL,
    target_id   BIGINT NOT NULL,
    position    BIGINT NOT NULL,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    CONSTRAINT action_targets_pkey PRIMARY KEY (action_id, position),
    CONSTRAINT action_targets_action_fkey FOREIGN KEY (action_id)
        REFERENCES actions (id) ON DELETE CASCADE,
    CONSTRAINT action_targets_target_fkey FOREIGN KEY (target_id)
        REFERENCES targets (id) ON DELETE RESTRICT,
    CONSTRAINT action_targets_target_key UNIQUE (action_id, target_id)
);

CREATE INDEX action_targets_target_idx ON action_targets (target_id);

-- Model letters, one per action and language.
CREATE TABLE action_letters (
    action_id   BIGINT NOT NULL,
    lang        TEXT    NOT NULL,            -- ISO 639-1
    subject     TEXT    NOT NULL,
    salutation  TEXT    NOT NULL,            -- empty: use the target's
    body        TEXT    NOT NULL,
    sign_off    TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    CONSTRAINT action_letters_pkey PRIMARY KEY (action_id, lang),
    CONSTRAINT action_letters_action_fkey FOREIGN KEY (action_id)
        REFERENCES actions (id) ON DELETE CASCADE
);

-- The targets a case file listed, so that an export gives back the ones no action names yet.
-- Listing is not use: deleting the target just drops it from the list.
CREATE TABLE case_targets (
    case_id     BIGINT NOT NULL,
    target_id   BIGINT NOT NULL,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    CONSTRAINT case_targets_pkey PRIMARY KEY (case_id, target_id),
    CONSTRAINT case_targets_case_fkey FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
    CONSTRAINT case_targets_target_fkey FOREIGN KEY (target_id)
        REFERENCES targets (id) ON DELETE CASCADE
);

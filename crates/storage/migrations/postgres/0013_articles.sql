-- News articles and their authors (PostgreSQL). Kept in lockstep with ../sqlite/0013_articles.sql;
-- docs/articles.md describes the files they are loaded from. Everything here is public text.

-- The people who write articles and columns. Keyed by slug: articles point at an author by the
-- slug their files name, and an author's page is found by it.
CREATE TABLE authors (
    slug        TEXT    NOT NULL, -- as in URLs, such as "anna-writer"
    name        TEXT    NOT NULL, -- JSON: Localized, the byline per language
    bio         TEXT    NOT NULL, -- JSON: Localized, Markdown per language
    created_at  TEXT    NOT NULL, -- RFC 3339 UTC
    updated_at  TEXT    NOT NULL, -- RFC 3339 UTC
    CONSTRAINT authors_pkey PRIMARY KEY (slug)
);

-- One article in one language; the translations of an article share its slug. The case and
-- the action are named by slug (both unique, and stable once published): a page shows the
-- case's current address from the case itself, never a copy kept here. Removing a case or an
-- action leaves its articles standing, unlinked; an author with articles cannot be removed.
CREATE TABLE articles (
    slug         TEXT    NOT NULL, -- shared by the translations
    lang         TEXT    NOT NULL, -- ISO 639-1
    title        TEXT    NOT NULL,
    author_slug  TEXT    NOT NULL,
    published    TEXT    NOT NULL, -- ISO date, YYYY-MM-DD: sorts as the date does
    summary      TEXT    NOT NULL, -- plain text, for lists and link previews
    body         TEXT    NOT NULL, -- Markdown, sanitized when rendered
    case_slug    TEXT,             -- the case it is about, if any
    action_slug  TEXT,             -- the action it asks readers to join, if any
    is_column    BIGINT   NOT NULL, -- 1: an author's column; 0: news (0/1: portable over sqlx Any)
    created_at   TEXT    NOT NULL, -- RFC 3339 UTC
    updated_at   TEXT    NOT NULL, -- RFC 3339 UTC
    CONSTRAINT articles_pkey PRIMARY KEY (slug, lang),
    CONSTRAINT articles_author_fkey FOREIGN KEY (author_slug) REFERENCES authors (slug) ON DELETE RESTRICT,
    CONSTRAINT articles_case_fkey FOREIGN KEY (case_slug) REFERENCES cases (slug) ON DELETE SET NULL,
    CONSTRAINT articles_action_fkey FOREIGN KEY (action_slug) REFERENCES actions (slug) ON DELETE SET NULL,
    CONSTRAINT articles_is_column_check CHECK (is_column IN (0, 1))
);

-- News indexes per language, newest first; an author's and a case's lists.
CREATE INDEX articles_lang_published_idx ON articles (lang, published, slug);
CREATE INDEX articles_author_idx ON articles (author_slug, published);
CREATE INDEX articles_case_idx ON articles (case_slug, published);

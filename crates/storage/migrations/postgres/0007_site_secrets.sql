-- The secret that signs form tokens, the acted cookie and the human check's pass, when the
-- admin configured none (PostgreSQL). Kept in lockstep with ../sqlite/0007_site_secrets.sql.
--
-- The first instance to start on a database makes it; every instance on the database then
-- signs with the same one, so a form served by one is accepted by another and survives a
-- restart. `outcry secret rotate` adds a row that starts signing a little later, so that every
-- instance has read it before any signs with it, and gives the row it replaces an end, so
-- forms already open are still accepted for a while. Rows past their end are deleted by the
-- next rotation. Not personal data; whoever holds it can sign forms, not read anything.
CREATE TABLE site_secrets (
    id              BIGINT  PRIMARY KEY,   -- 1 for the first; each rotation takes the next
    secret          BYTEA   NOT NULL,      -- 32 random bytes
    signs_from      TEXT    NOT NULL,      -- RFC 3339 UTC; the newest whose time has come signs
    accepted_until  TEXT                   -- RFC 3339 UTC; NULL while no newer one replaces it
);

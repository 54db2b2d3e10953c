-- A PostgreSQL role for Outcry's web processes that owns nothing, so the audit log stays
-- append-only even for a process that is taken over.
--
-- Outcry's migrations run as the role that owns the schema (the owner: the one in the URL of
-- `outcry migrate`, run at each upgrade). The web processes (`outcry serve`, `outcry worker`)
-- connect as `outcry_web` instead: it may read and write every table, but only read and add
-- lines to `audit_log`, and it can neither drop the triggers that guard the log nor change the
-- schema, because it owns none of it.
--
-- Run once, as the owner, in Outcry's database, after the first `outcry migrate`:
--     psql "postgres://owner@db/outcry" -f deploy/postgres-roles.sql
--     psql "postgres://owner@db/outcry" -c "ALTER ROLE outcry_web PASSWORD '…'"
-- (creating a role needs CREATEROLE: run the first statement as a superuser if the owner
-- lacks it). Then give `outcry serve` and `outcry worker` postgres://outcry_web:…@db/outcry.
-- A server finds the schema current and migrates nothing (it could not: it may create
-- nothing); upgrades are `outcry migrate` as the owner, before the new binary serves. Tables
-- later migrations make get the rights below by the default privileges; running this file
-- again (but its CREATE ROLE) does no harm.

CREATE ROLE outcry_web LOGIN NOINHERIT NOCREATEDB NOCREATEROLE;

-- Connecting to this database, whatever its name, and using its schema.
DO $$
BEGIN
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO outcry_web', current_database());
END
$$;
GRANT USAGE ON SCHEMA public TO outcry_web;

-- Every table: read and write rows.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO outcry_web;
-- The audit log: read and append only (the triggers refuse the rest to everyone anyway).
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM outcry_web;
-- The migrations' own table: read only, so the web can tell the schema is current.
REVOKE INSERT, UPDATE, DELETE ON _sqlx_migrations FROM outcry_web;
-- The identity columns' sequences (accounts, audit_log): taking the next id.
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO outcry_web;

-- Tables and sequences later migrations make (as the owner running this file) get the same rights.
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO outcry_web;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO outcry_web;

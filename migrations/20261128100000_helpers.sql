-- Extensions and helpers every later migration relies on.

-- ltree gives org units a materialized path, so "everything a county governs"
-- is one indexed `path <@ $1` query instead of a recursive walk.
CREATE EXTENSION IF NOT EXISTS ltree;
-- pg_trgm backs the substring searches of the directory and the unit lists.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Every mutable table gets `updated_at` maintained by the database, so no code
-- path can forget to bump it.
CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION manage_updated_at(_tbl regclass) RETURNS void AS $$
BEGIN
    EXECUTE format('CREATE TRIGGER set_updated_at BEFORE UPDATE ON %s
                    FOR EACH ROW EXECUTE PROCEDURE set_updated_at()', _tbl);
END;
$$ LANGUAGE plpgsql;

-- The organisation tree (DESIGN.md §2): ministry, its divisions, the K-12
-- Education Administration and its five divisions, the 22 county/city
-- bureaus, schools and course-offering units. The tree is data: a school
-- changing authority is an UPDATE of parent_id, never a code change.

CREATE TABLE org_units (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- Public, stable identifier: the Ministry of the Interior's code for
    -- counties (63000), the school code for schools, a mnemonic for others.
    code text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9-]{2,32}$'),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind text NOT NULL CHECK (kind IN (
        'ministry', 'ministry_division', 'k12_administration', 'k12_division',
        'county_bureau', 'school', 'course_provider', 'operations_team')),
    -- Authority tree: a unit's parent is the unit that governs it. For a
    -- school this is its competent authority.
    parent_id uuid REFERENCES org_units (id),
    -- Materialized path of ids (dashes removed, ltree labels allow [A-Za-z0-9_]),
    -- maintained by the trigger below; never written by application code.
    path ltree NOT NULL,
    -- Location: the county (MOI code) and district a unit is in. A national
    -- senior high school in Taipei has county 63000 but is not governed by it.
    county_code text CHECK (county_code ~ '^[0-9]{5}$'),
    district text CHECK (length(district) <= 20),
    education_stage text CHECK (education_stage IN (
        'preschool', 'elementary', 'junior_high', 'senior_high', 'special_education')),
    -- The unit that reviews this unit's courses. Usually the parent; kept
    -- separately because course-offering units outside the tree have one too.
    competent_authority_id uuid REFERENCES org_units (id),
    -- When the unit's admins last confirmed that every contact is still correct.
    contacts_confirmed_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (parent_id IS DISTINCT FROM id)
);
SELECT manage_updated_at('org_units');

CREATE INDEX org_units_path_idx ON org_units USING gist (path);
CREATE INDEX org_units_parent_idx ON org_units (parent_id);
CREATE INDEX org_units_authority_idx ON org_units (competent_authority_id);
CREATE INDEX org_units_county_idx ON org_units (county_code);
CREATE INDEX org_units_name_trgm_idx ON org_units USING gin (name gin_trgm_ops);

CREATE FUNCTION org_unit_label(_id uuid) RETURNS ltree AS $$
    SELECT text2ltree(replace(_id::text, '-', ''));
$$ LANGUAGE sql IMMUTABLE;

-- Keep `path` equal to parent's path plus own label, and move a whole subtree
-- when a unit changes parent. Refuses cycles.
CREATE FUNCTION org_units_set_path() RETURNS trigger AS $$
DECLARE
    parent_path ltree;
BEGIN
    IF NEW.parent_id IS NULL THEN
        NEW.path := org_unit_label(NEW.id);
    ELSE
        SELECT path INTO parent_path FROM org_units WHERE id = NEW.parent_id;
        IF parent_path IS NULL THEN
            RAISE EXCEPTION 'parent % does not exist', NEW.parent_id
                USING ERRCODE = 'foreign_key_violation';
        END IF;
        IF parent_path ~ ('*.' || org_unit_label(NEW.id)::text || '.*')::lquery THEN
            RAISE EXCEPTION 'unit % cannot be placed under its own descendant', NEW.id
                USING ERRCODE = 'check_violation', CONSTRAINT = 'org_units_no_cycle';
        END IF;
        NEW.path := parent_path || org_unit_label(NEW.id);
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER org_units_set_path
    BEFORE INSERT OR UPDATE OF parent_id ON org_units
    FOR EACH ROW EXECUTE PROCEDURE org_units_set_path();

CREATE FUNCTION org_units_move_subtree() RETURNS trigger AS $$
BEGIN
    UPDATE org_units
       SET path = NEW.path || subpath(path, nlevel(OLD.path))
     WHERE path <@ OLD.path AND id <> NEW.id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER org_units_move_subtree
    AFTER UPDATE OF parent_id ON org_units
    FOR EACH ROW WHEN (OLD.path IS DISTINCT FROM NEW.path)
    EXECUTE PROCEDURE org_units_move_subtree();

-- The order in which kinds are listed: the ministry first, schools last.
CREATE FUNCTION kind_rank(_kind text) RETURNS int AS $$
    SELECT CASE _kind
        WHEN 'ministry' THEN 1
        WHEN 'ministry_division' THEN 2
        WHEN 'k12_administration' THEN 3
        WHEN 'k12_division' THEN 4
        WHEN 'county_bureau' THEN 5
        WHEN 'operations_team' THEN 6
        WHEN 'course_provider' THEN 7
        WHEN 'school' THEN 8
        ELSE 9
    END;
$$ LANGUAGE sql IMMUTABLE;

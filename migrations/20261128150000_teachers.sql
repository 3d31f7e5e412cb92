-- Teachers, their personal codes, school rosters and the provenance of
-- their service unit (issue: teachers, registration, hours; DESIGN.md §4).
--
-- A national ID is never stored: only its keyed hash (HMAC-SHA-256 under the
-- server's key, for matching) and its masked form (for people).

CREATE TABLE teachers (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    national_id_hash bytea NOT NULL UNIQUE CHECK (length(national_id_hash) = 32),
    national_id_masked text NOT NULL CHECK (national_id_masked ~ '^[A-Z][0-9A-D][0-9][*]{4}[0-9]{3}$'),
    -- 個人專用識別碼: Crockford Base32 without I L O U, last symbol a check.
    personal_code text NOT NULL UNIQUE CHECK (personal_code ~ '^[0-9A-HJKMNP-TV-Z]{10}$'),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    email text CHECK (length(email) <= 254),
    -- The teacher's own sign-in account, when they have one.
    user_id uuid UNIQUE REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
SELECT manage_updated_at('teachers');
CREATE INDEX teachers_name_trgm_idx ON teachers USING gin (name gin_trgm_ops);

-- A school's roster. A teacher serves at one school at a time: when another
-- school adds them (matched by the hash), the old row becomes `moved`.
CREATE TABLE school_teachers (
    school_id uuid NOT NULL REFERENCES org_units (id),
    teacher_id uuid NOT NULL REFERENCES teachers (id),
    education_stage text CHECK (education_stage IN (
        'preschool', 'elementary', 'junior_high', 'senior_high', 'special_education')),
    job_title text CHECK (length(job_title) <= 50),
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'left', 'moved')),
    joined_at timestamptz NOT NULL DEFAULT now(),
    left_at timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (school_id, teacher_id),
    CHECK ((status = 'active') = (left_at IS NULL))
);
SELECT manage_updated_at('school_teachers');
CREATE UNIQUE INDEX school_teachers_one_active_idx ON school_teachers (teacher_id)
    WHERE status = 'active';
CREATE INDEX school_teachers_teacher_idx ON school_teachers (teacher_id);

-- Where a teacher serves, as each source stated it and when (提案三). The
-- current service unit is the statement with the latest `stated_at`: a
-- later-arriving statement of an older fact never undoes a newer one.
CREATE TABLE service_unit_statements (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    teacher_id uuid NOT NULL REFERENCES teachers (id),
    -- NULL: the teacher left and serves nowhere in the network.
    unit_id uuid REFERENCES org_units (id),
    source text NOT NULL CHECK (source IN ('school_admin', 'import', 'teacher', 'sign_in_service')),
    -- When the fact was true according to the source.
    stated_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    recorded_by uuid REFERENCES users (id)
);
CREATE INDEX service_unit_statements_teacher_idx
    ON service_unit_statements (teacher_id, stated_at DESC, id DESC);

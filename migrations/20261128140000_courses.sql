-- Courses (研習課程), their review by the competent authority, delegation of
-- review authority, and duplicate warnings (issue: courses).
--
-- Routing is data: a submitted course is reviewed by its organizer's
-- competent authority, or by the unit that currently holds that authority's
-- review by delegation. Nothing about routing is stored on the course while
-- it waits, so ending or creating a delegation moves pending reviews at once.

-- Non-overlapping delegations per authority need an exclusion constraint
-- that mixes uuid equality with range overlap.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- Code lists partner platforms use instead of guessing (reference data,
-- loaded by `inservice seed`).
CREATE TABLE course_codes (
    list text NOT NULL CHECK (list IN ('nature', 'category', 'tag', 'audience_role')),
    code text NOT NULL CHECK (code ~ '^[a-z0-9_]{1,40}$'),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 100),
    sort_order int NOT NULL DEFAULT 0,
    PRIMARY KEY (list, code)
);

-- Public course codes (研習代碼): 7 digits, issued in sequence network-wide
-- when a course is first submitted.
CREATE SEQUENCE course_code_seq AS int START 3500001 MINVALUE 1000000 MAXVALUE 9999999 NO CYCLE;

CREATE TABLE courses (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    code int UNIQUE CHECK (code BETWEEN 1000000 AND 9999999),
    organizer_id uuid NOT NULL REFERENCES org_units (id),
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
    nature text NOT NULL,
    category text NOT NULL,
    tags text[] NOT NULL DEFAULT '{}',
    -- Audience; an empty list means "any".
    audience_stages text[] NOT NULL DEFAULT '{}',
    audience_counties text[] NOT NULL DEFAULT '{}',
    audience_roles text[] NOT NULL DEFAULT '{}',
    mode text NOT NULL CHECK (mode IN ('in_person', 'online', 'hybrid')),
    venue text CHECK (length(venue) <= 200),
    url text CHECK (length(url) <= 500),
    -- Hours in halves (3.5 hours = 7), never more than the scheduled time.
    half_hours int NOT NULL CHECK (half_hours > 0),
    capacity int NOT NULL CHECK (capacity > 0),
    -- Admitted registrations, kept on the course row so that admission can
    -- be decided by one conditional UPDATE under concurrency.
    admitted_count int NOT NULL DEFAULT 0 CHECK (admitted_count BETWEEN 0 AND capacity),
    registration_opens_at timestamptz NOT NULL,
    registration_closes_at timestamptz NOT NULL,
    onsite_registration boolean NOT NULL DEFAULT false,
    -- The span of the sessions, kept with them for date filters.
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL,
    status text NOT NULL DEFAULT 'draft' CHECK (status IN (
        'draft', 'submitted', 'approved', 'returned', 'rejected', 'cancelled', 'completed')),
    submitted_at timestamptz,
    -- Why the submitter went ahead despite likely duplicates.
    duplicate_reason text CHECK (length(duplicate_reason) <= 1000),
    -- The unit that made the last review decision (set when one is made).
    decided_by_unit_id uuid REFERENCES org_units (id),
    decided_at timestamptz,
    approved_at timestamptz,
    created_by uuid REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at),
    CHECK (registration_closes_at > registration_opens_at),
    CHECK (registration_closes_at <= starts_at),
    CHECK (half_hours * interval '30 minutes' <= ends_at - starts_at),
    CHECK ((status = 'draft') = (code IS NULL AND submitted_at IS NULL) OR status = 'cancelled')
);
SELECT manage_updated_at('courses');

CREATE INDEX courses_organizer_idx ON courses (organizer_id, starts_at);
CREATE INDEX courses_starts_idx ON courses (starts_at, id);
CREATE INDEX courses_pending_idx ON courses (submitted_at) WHERE status = 'submitted';
CREATE INDEX courses_tags_idx ON courses USING gin (tags);
CREATE INDEX courses_title_trgm_idx ON courses USING gin (title gin_trgm_ops);

CREATE TABLE course_sessions (
    course_id uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    position int NOT NULL CHECK (position >= 0),
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
    PRIMARY KEY (course_id, position)
);

-- Every state change: who, when, from, to, why (DESIGN.md §4 Workflows).
-- A submission keeps a snapshot of the reviewable fields, so a reviewer of
-- a resubmission sees what changed since the last review, field by field.
CREATE TABLE course_transitions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    course_id uuid NOT NULL REFERENCES courses (id),
    from_status text,
    to_status text NOT NULL,
    actor_id uuid REFERENCES users (id),
    actor_login text,
    -- For submissions: the reviewer the course was routed to; for review
    -- decisions: the reviewing unit.
    reviewer_unit_id uuid REFERENCES org_units (id),
    reason text CHECK (length(reason) <= 2000),
    snapshot jsonb,
    at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX course_transitions_course_idx ON course_transitions (course_id, id);

CREATE FUNCTION course_transitions_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'course_transitions is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER course_transitions_append_only
    BEFORE UPDATE OR DELETE ON course_transitions
    FOR EACH ROW EXECUTE PROCEDURE course_transitions_append_only();

-- Likely duplicates found when a course was last submitted, for the reviewer.
CREATE TABLE course_duplicates (
    course_id uuid NOT NULL REFERENCES courses (id),
    other_course_id uuid NOT NULL REFERENCES courses (id),
    kind text NOT NULL CHECK (kind IN ('same_organizer', 'special_education')),
    similarity real NOT NULL CHECK (similarity BETWEEN 0 AND 1),
    PRIMARY KEY (course_id, other_course_id)
);

-- Delegation of an authority's course review to another unit, for a
-- period. A delegation covers the authority and every unit it governs
-- (delegating 國教署 covers the courses reviewed by its divisions); the
-- deepest delegation in force wins. Ending one truncates its period.
CREATE TABLE review_delegations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    authority_id uuid NOT NULL REFERENCES org_units (id),
    delegate_unit_id uuid NOT NULL REFERENCES org_units (id),
    -- [valid_from, valid_to); an upper bound of infinity means open-ended.
    valid tstzrange NOT NULL,
    note text CHECK (length(note) <= 500),
    created_by uuid REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    ended_at timestamptz,
    ended_by uuid REFERENCES users (id),
    end_reason text CHECK (length(end_reason) <= 500),
    CHECK (authority_id <> delegate_unit_id),
    -- Only a delegation ended before it began has an empty period.
    CHECK (NOT isempty(valid) OR ended_at IS NOT NULL),
    CONSTRAINT review_delegations_no_overlap
        EXCLUDE USING gist (authority_id WITH =, valid WITH &&)
);
CREATE INDEX review_delegations_delegate_idx ON review_delegations (delegate_unit_id);

-- The unit whose review a unit's courses need: its competent authority, its
-- parent when none is recorded, itself at the top of the tree.
CREATE FUNCTION review_authority_of(_unit uuid) RETURNS uuid AS $$
    SELECT coalesce(competent_authority_id, parent_id, id) FROM org_units WHERE id = _unit;
$$ LANGUAGE sql STABLE;

-- Who reviews for `_authority` at `_at`: the delegate of the deepest
-- delegation in force on the authority or a unit above it, else itself.
CREATE FUNCTION reviewer_for(_authority uuid, _at timestamptz) RETURNS uuid AS $$
    SELECT coalesce((
        SELECT d.delegate_unit_id
          FROM org_units a
          JOIN org_units anc ON anc.path @> a.path
          JOIN review_delegations d ON d.authority_id = anc.id AND d.valid @> _at
         WHERE a.id = _authority
         ORDER BY nlevel(anc.path) DESC
         LIMIT 1), _authority);
$$ LANGUAGE sql STABLE;

-- The unit a course is (or was) reviewed by: the current routing while it
-- waits, the deciding unit afterwards.
CREATE FUNCTION course_reviewer(_organizer uuid, _status text, _decided_by uuid) RETURNS uuid AS $$
    SELECT CASE
        WHEN _status = 'submitted' THEN reviewer_for(review_authority_of(_organizer), now())
        ELSE _decided_by
    END;
$$ LANGUAGE sql STABLE;

-- Daily digests to reviewers: one row per reviewing unit and Taipei date,
-- inserted by whichever instance sends it.
CREATE TABLE review_digests (
    unit_id uuid NOT NULL REFERENCES org_units (id),
    digest_date date NOT NULL,
    sent_at timestamptz NOT NULL DEFAULT now(),
    items int NOT NULL,
    PRIMARY KEY (unit_id, digest_date)
);

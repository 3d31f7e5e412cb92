-- Pending transfers of teachers between schools (issue 13, item 5).
--
-- A school that adds a national ID already on another school's roster used
-- to take the teacher over at once: her name and email were overwritten and
-- her personal code, history and hours became the new school's to read. Now
-- the new school's request waits here until the former school or the teacher
-- confirms it, or the notice period ends without an objection; until then the
-- new school sees only this row (what it typed itself), nothing of the record.
-- Identity fields (name, email) are deliberately not kept here: a transfer
-- never changes them.

CREATE TABLE teacher_transfers (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    teacher_id uuid NOT NULL REFERENCES teachers (id),
    -- The school whose roster had the teacher when asked (the active one, or
    -- the last one); it confirms or objects and is sent the notice.
    from_school_id uuid REFERENCES org_units (id),
    to_school_id uuid NOT NULL REFERENCES org_units (id),
    -- What the new school stated: the name only to show the new school its
    -- own request, stage and title for its roster row once confirmed.
    stated_name text NOT NULL CHECK (length(stated_name) BETWEEN 1 AND 100),
    education_stage text CHECK (education_stage IN (
        'preschool', 'elementary', 'junior_high', 'senior_high', 'special_education')),
    job_title text CHECK (length(job_title) <= 50),
    source text NOT NULL CHECK (source IN ('school_admin', 'import')),
    requested_by uuid REFERENCES users (id),
    requested_at timestamptz NOT NULL DEFAULT now(),
    -- The end of the notice period: confirmed automatically from then on
    -- unless someone objected.
    takes_effect_at timestamptz NOT NULL,
    status text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'confirmed', 'objected')),
    decided_by uuid REFERENCES users (id),
    decided_at timestamptz,
    -- Objecting always needs a reason (DESIGN: a refusal is explained).
    reason text CHECK (length(reason) <= 500),
    CHECK ((status = 'pending') = (decided_at IS NULL)),
    CHECK (status <> 'objected' OR reason IS NOT NULL)
);
-- One open request per teacher and new school: asking again is idempotent.
CREATE UNIQUE INDEX teacher_transfers_one_pending_idx
    ON teacher_transfers (teacher_id, to_school_id) WHERE status = 'pending';
CREATE INDEX teacher_transfers_from_idx ON teacher_transfers (from_school_id, status);
CREATE INDEX teacher_transfers_to_idx ON teacher_transfers (to_school_id, status);
CREATE INDEX teacher_transfers_due_idx ON teacher_transfers (takes_effect_at)
    WHERE status = 'pending';

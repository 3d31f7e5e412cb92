-- The hours ledger (時數核發). Every grant, correction and revocation is a
-- new row; nothing is ever updated or deleted, so the history of what a
-- teacher was granted, by whom and why, is the table itself.
--
-- A revocation points at the grant it cancels and carries the negative of
-- its hours; a correction is a revocation plus a new grant, written in one
-- transaction with the same reason. A teacher's hours for a course are the
-- sum of their entries for it. Writers lock the course row, so at most one
-- unrevoked grant exists per teacher and course.

CREATE TABLE hour_entries (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    course_id uuid NOT NULL REFERENCES courses (id),
    teacher_id uuid NOT NULL REFERENCES teachers (id),
    kind text NOT NULL CHECK (kind IN ('grant', 'revocation')),
    -- In halves (3.5 hours = 7); negative for a revocation.
    half_hours int NOT NULL,
    revokes_id uuid UNIQUE REFERENCES hour_entries (id),
    reason text CHECK (length(reason) <= 500),
    -- Where the teacher served when granted, for reports by school and county.
    school_id uuid REFERENCES org_units (id),
    source text NOT NULL CHECK (source IN ('single', 'upload')),
    issued_by uuid REFERENCES users (id),
    issued_by_login text,
    issued_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    CHECK ((kind = 'grant') = (revokes_id IS NULL)),
    CHECK ((kind = 'grant') = (half_hours > 0)),
    CHECK (kind = 'grant' OR half_hours < 0),
    CHECK (kind = 'grant' OR length(reason) > 0)
);
CREATE INDEX hour_entries_teacher_idx ON hour_entries (teacher_id, course_id);
CREATE INDEX hour_entries_course_idx ON hour_entries (course_id, teacher_id);

CREATE FUNCTION hour_entries_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'hour_entries is append-only: correct with a revocation and a new grant'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER hour_entries_append_only
    BEFORE UPDATE OR DELETE ON hour_entries
    FOR EACH ROW EXECUTE PROCEDURE hour_entries_append_only();

-- Registrations (報名) for approved courses: admitted (錄取) up to capacity,
-- waitlisted (備取) beyond it and promoted in order (issue: teachers,
-- registration, hours).
--
-- Admission is decided with the course row locked, and `courses.
-- admitted_count` counts the live admitted rows, so its CHECK against the
-- capacity is the last line against over-admission. A cancelled or removed
-- registration stays as history; registering again makes a new row.

CREATE TABLE registrations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    course_id uuid NOT NULL REFERENCES courses (id),
    teacher_id uuid NOT NULL REFERENCES teachers (id),
    status text NOT NULL CHECK (status IN ('admitted', 'waitlisted', 'cancelled', 'removed')),
    -- online: the teacher; onsite: by personal code at the venue;
    -- organizer: added by the organizer from the console.
    channel text NOT NULL CHECK (channel IN ('online', 'onsite', 'organizer')),
    -- Where the teacher served when registering: the sign-in sheet's order
    -- and the statistics follow the school of the time, not of today.
    school_id uuid REFERENCES org_units (id),
    registered_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    admitted_at timestamptz,
    ended_at timestamptz,
    ended_by uuid REFERENCES users (id),
    end_reason text CHECK (length(end_reason) <= 500),
    created_by uuid REFERENCES users (id),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'admitted') = (admitted_at IS NOT NULL AND ended_at IS NULL)
           OR status IN ('cancelled', 'removed')),
    CHECK ((status IN ('cancelled', 'removed')) = (ended_at IS NOT NULL))
);
SELECT manage_updated_at('registrations');

-- One live registration per teacher and course: registering twice is refused.
CREATE UNIQUE INDEX registrations_live_idx ON registrations (course_id, teacher_id)
    WHERE status IN ('admitted', 'waitlisted');
-- The waitlist, in the order teachers joined it.
CREATE INDEX registrations_waitlist_idx ON registrations (course_id, registered_at, id)
    WHERE status = 'waitlisted';
CREATE INDEX registrations_teacher_idx ON registrations (teacher_id, registered_at DESC);
CREATE INDEX registrations_course_idx ON registrations (course_id, status);

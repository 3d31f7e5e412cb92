-- Roster reminders sent, one row per school and Taipei day (issue 13, item
-- 16): reminders could be sent without limit, each one emailing every
-- contact of the school. The primary key is the limit: a second reminder
-- to the same school on the same day cannot be recorded, so it is refused
-- (by hand) or skipped (by the scheduled job), even under concurrency.

CREATE TABLE roster_reminders (
    unit_id uuid NOT NULL REFERENCES org_units (id),
    sent_on date NOT NULL,
    school_year integer NOT NULL,
    sent_at timestamptz NOT NULL DEFAULT now(),
    -- NULL: the scheduled job.
    sent_by uuid REFERENCES users (id),
    PRIMARY KEY (unit_id, sent_on)
);

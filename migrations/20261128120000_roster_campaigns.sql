-- The annual teacher-roster campaign (每學年教師資料維護): an operator opens
-- it for a school year with a deadline; every school's email contacts are
-- asked to review their teacher data and contact page; schools confirm;
-- reminders go to the others until the deadline.

CREATE TABLE roster_campaigns (
    -- ROC school year: 115 = Aug 2026 – Jul 2027.
    school_year int PRIMARY KEY CHECK (school_year BETWEEN 100 AND 200),
    -- The last day schools may confirm, in Asia/Taipei.
    deadline date NOT NULL,
    -- Unconfirmed schools are reminded when their last campaign email is
    -- this many days old.
    reminder_interval_days int NOT NULL DEFAULT 7 CHECK (reminder_interval_days >= 1),
    opened_by uuid REFERENCES users (id),
    opened_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE roster_confirmations (
    unit_id uuid NOT NULL REFERENCES org_units (id),
    school_year int NOT NULL REFERENCES roster_campaigns (school_year),
    confirmed_at timestamptz NOT NULL DEFAULT now(),
    confirmed_by uuid REFERENCES users (id),
    PRIMARY KEY (unit_id, school_year)
);

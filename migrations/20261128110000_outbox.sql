-- Email through a transactional outbox (DESIGN.md §4 "Email"). A change that
-- should notify someone inserts rows here in its own transaction, so a
-- rolled-back change sends nothing; a worker in each server instance claims
-- due rows with FOR UPDATE SKIP LOCKED and delivers them over SMTP.

-- Only contacts marked for email receive it. An address that bounced
-- permanently is suppressed until someone edits it.
ALTER TABLE contacts
    ADD COLUMN receives_email boolean NOT NULL DEFAULT false,
    ADD COLUMN email_suppressed_at timestamptz,
    ADD COLUMN email_suppressed_reason text;

CREATE TABLE outbox (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- Insertion order, for stable paging of the outbox list.
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    -- Stable across retries, so a resend after an unknown outcome can be
    -- recognised as the same message by the receiving side.
    message_id text NOT NULL UNIQUE,
    template text NOT NULL,
    to_address text NOT NULL CHECK (length(to_address) <= 254),
    to_name text,
    -- Rendered when enqueued: every attempt sends exactly the same message.
    subject text NOT NULL,
    body_text text NOT NULL,
    body_html text NOT NULL,
    contact_id uuid REFERENCES contacts (id) ON DELETE SET NULL,
    unit_id uuid REFERENCES org_units (id),
    status text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sending', 'sent', 'dead')),
    attempts int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    -- While 'sending': the claim expires then, and another worker may take
    -- the row over (its worker died mid-send).
    lease_until timestamptz,
    last_error text,
    sent_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
SELECT manage_updated_at('outbox');

-- The worker's claim query scans only rows that may be due.
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at)
    WHERE status IN ('pending', 'sending');
CREATE INDEX outbox_contact_idx ON outbox (contact_id, created_at DESC);
CREATE INDEX outbox_status_idx ON outbox (status, created_at DESC);
CREATE INDEX outbox_to_idx ON outbox (lower(to_address), created_at DESC);

-- Every delivery attempt, for support questions ("did it go out?").
CREATE TABLE outbox_attempts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    outbox_id uuid NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    attempted_at timestamptz NOT NULL DEFAULT now(),
    outcome text NOT NULL CHECK (outcome IN ('sent', 'temporary', 'permanent')),
    smtp_code int,
    detail text
);
CREATE INDEX outbox_attempts_outbox_idx ON outbox_attempts (outbox_id, id);

-- What a message is about (e.g. 'roster:114'), so a page can show when a
-- unit was last written to about it.
ALTER TABLE outbox ADD COLUMN topic text;
CREATE INDEX outbox_topic_idx ON outbox (topic, unit_id, created_at DESC);

-- Statistics requests (統計數據申請), data-exchange applications (資訊傳報)
-- and the background jobs that answer them (issue: statistics, county
-- reports and data exchange).
--
-- Both kinds of application follow the same workflow: submitted, then
-- approved or rejected by the commissioner; approval queues a job, whose
-- progress shows on the approved application, and which ends it completed
-- or failed. Every change is a row of `application_transitions`.

CREATE TABLE statistics_requests (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- A short number people can quote on the phone: 統計申請第 12 號.
    number int GENERATED ALWAYS AS IDENTITY UNIQUE,
    requester_id uuid NOT NULL REFERENCES users (id),
    -- The unit the request is made for; its jurisdiction bounds the data.
    unit_id uuid NOT NULL REFERENCES org_units (id),
    purpose text NOT NULL CHECK (length(purpose) BETWEEN 1 AND 2000),
    purpose_category text NOT NULL CHECK (purpose_category IN (
        'legislative_question', 'policy_achievement', 'special_education_evaluation',
        'county_planning', 'other')),
    -- Period, filters, dimensions and measures (statistics::spec::Spec).
    -- Frozen once decided: see the trigger below.
    spec jsonb NOT NULL,
    -- The disclosure threshold: cells counting 1 to k-1 teachers are hidden.
    k int NOT NULL DEFAULT 3 CHECK (k >= 3),
    status text NOT NULL DEFAULT 'submitted' CHECK (status IN (
        'submitted', 'approved', 'rejected', 'completed', 'failed')),
    -- 0 … 1 while the job runs.
    progress real NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
    -- The published (suppressed) table; never the unsuppressed one.
    result jsonb,
    error text,
    decided_by uuid REFERENCES users (id),
    decided_at timestamptz,
    decision_reason text CHECK (length(decision_reason) <= 2000),
    completed_at timestamptz,
    -- Downloads are refused after this.
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'completed') = (result IS NOT NULL AND completed_at IS NOT NULL))
);
SELECT manage_updated_at('statistics_requests');
CREATE INDEX statistics_requests_requester_idx ON statistics_requests (requester_id, created_at DESC);
CREATE INDEX statistics_requests_status_idx ON statistics_requests (status, created_at);

CREATE TABLE data_exchanges (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    number int GENERATED ALWAYS AS IDENTITY UNIQUE,
    requester_id uuid NOT NULL REFERENCES users (id),
    -- A county bureau or K-12 division: the teachers serving at the schools
    -- it governs are the ones exported.
    unit_id uuid NOT NULL REFERENCES org_units (id),
    purpose text NOT NULL CHECK (length(purpose) BETWEEN 1 AND 2000),
    -- Courses ending in [period_from, period_to] (Taipei dates).
    period_from date NOT NULL,
    period_to date NOT NULL,
    -- Until when the applicant may use the records, as applied for.
    valid_until date NOT NULL,
    status text NOT NULL DEFAULT 'submitted' CHECK (status IN (
        'submitted', 'approved', 'rejected', 'completed', 'failed')),
    progress real NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
    row_count bigint,
    error text,
    decided_by uuid REFERENCES users (id),
    decided_at timestamptz,
    decision_reason text CHECK (length(decision_reason) <= 2000),
    completed_at timestamptz,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (period_from <= period_to)
);
SELECT manage_updated_at('data_exchanges');
CREATE INDEX data_exchanges_requester_idx ON data_exchanges (requester_id, created_at DESC);
CREATE INDEX data_exchanges_status_idx ON data_exchanges (status, created_at);

-- The frozen export of an approved application: what the job selected, in
-- the order it is downloaded. Deleted when the application expires.
CREATE TABLE data_exchange_rows (
    exchange_id uuid NOT NULL REFERENCES data_exchanges (id) ON DELETE CASCADE,
    seq bigint NOT NULL,
    personal_code text NOT NULL,
    name text NOT NULL,
    school text NOT NULL,
    course_code int,
    course_title text NOT NULL,
    course_date date NOT NULL,
    hours numeric(6, 1) NOT NULL,
    PRIMARY KEY (exchange_id, seq)
);

-- Text a spreadsheet would not take for a formula (OWASP's advice on CSV
-- injection): the export's names and titles are typed by users. The same
-- rule as statistics::files::inert.
CREATE FUNCTION inert_csv_text(_text text) RETURNS text AS $$
    SELECT CASE WHEN _text ~ '^[=+\-@\t\r]' THEN '''' || _text ELSE _text END;
$$ LANGUAGE sql IMMUTABLE;

-- Who moved an application from where to where, when and why.
CREATE TABLE application_transitions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('statistics', 'data_exchange')),
    application_id uuid NOT NULL,
    from_status text,
    to_status text NOT NULL,
    -- NULL for the job runner's own transitions.
    actor_id uuid REFERENCES users (id),
    actor_login text,
    reason text CHECK (length(reason) <= 2000),
    at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX application_transitions_idx ON application_transitions (kind, application_id, id);

CREATE FUNCTION application_transitions_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'application_transitions is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER application_transitions_append_only
    BEFORE UPDATE OR DELETE ON application_transitions
    FOR EACH ROW EXECUTE PROCEDURE application_transitions_append_only();

-- The approved specification is frozen: what the commissioner approved is
-- what runs.
CREATE FUNCTION statistics_requests_freeze_spec() RETURNS trigger AS $$
BEGIN
    IF OLD.status <> 'submitted' AND (NEW.spec IS DISTINCT FROM OLD.spec OR NEW.k <> OLD.k
                                      OR NEW.unit_id <> OLD.unit_id) THEN
        RAISE EXCEPTION 'the specification of a decided statistics request is frozen'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER statistics_requests_freeze_spec
    BEFORE UPDATE ON statistics_requests
    FOR EACH ROW EXECUTE PROCEDURE statistics_requests_freeze_spec();

-- Background work, claimed with FOR UPDATE SKIP LOCKED by any instance. A
-- claim is a lease: an instance that dies mid-job stops renewing it, and
-- the job is claimed again when it lapses.
CREATE TABLE jobs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    kind text NOT NULL CHECK (kind IN ('statistics', 'data_exchange')),
    subject_id uuid NOT NULL,
    status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
    attempts int NOT NULL DEFAULT 0,
    lease_until timestamptz,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    finished_at timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (kind, subject_id)
);
SELECT manage_updated_at('jobs');
CREATE INDEX jobs_due_idx ON jobs (created_at) WHERE status IN ('queued', 'running');

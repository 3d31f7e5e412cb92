-- Append-only audit log: every mutation, every denial, every read of
-- identified data. Rows are never updated or deleted; the trigger refuses it
-- even for the application's own role.

CREATE TABLE audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    actor_id uuid REFERENCES users (id),
    -- Copied so the row still reads correctly if the account is renamed.
    actor_login text,
    action text NOT NULL,
    outcome text NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed')),
    target_type text,
    target_id text,
    unit_id uuid REFERENCES org_units (id),
    request_id uuid,
    ip inet,
    -- Changed fields as {"field": {"from": …, "to": …}}; never personal IDs.
    changes jsonb,
    detail text
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, id DESC);
CREATE INDEX audit_log_unit_idx ON audit_log (unit_id, id DESC);
CREATE INDEX audit_log_action_idx ON audit_log (action, id DESC);

CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_log_append_only
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE PROCEDURE audit_log_append_only();

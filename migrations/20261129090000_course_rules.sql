-- Rules about courses and delegations that the server had written in more than one
-- place (in SQL and again in Rust), now defined once here and used by every query.

-- Shown to everyone: approved, held, or cancelled after approval (a cancelled course
-- that had been published stays findable, so registrants see that it was cancelled).
CREATE FUNCTION course_is_public(_status text, _approved_at timestamptz) RETURNS boolean AS $$
    SELECT _status IN ('approved', 'completed')
        OR (_status = 'cancelled' AND _approved_at IS NOT NULL);
$$ LANGUAGE sql IMMUTABLE;

-- A delegation that is not over: in force now, or still to begin. (In force at a time
-- is `valid @> time`, as `reviewer_for` reads it.)
CREATE FUNCTION delegation_is_open(_valid tstzrange) RETURNS boolean AS $$
    SELECT NOT isempty(_valid) AND (upper_inf(_valid) OR upper(_valid) > now());
$$ LANGUAGE sql STABLE;

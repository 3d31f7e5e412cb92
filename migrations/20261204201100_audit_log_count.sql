-- Denials are aggregated per request: one row per request and operation
-- (action, target, unit) with the number of times it was refused, instead of
-- one row per refusal. A single request of thousands of aliases used to write
-- thousands of identical rows into a log no one may delete (issue 13, item 6).
-- Every other row counts one event. A constant default adds the column
-- without rewriting the table, so the append-only trigger is not involved.

ALTER TABLE audit_log
    ADD COLUMN count integer NOT NULL DEFAULT 1 CHECK (count >= 1);

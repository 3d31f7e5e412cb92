-- The append-only trigger on audit_log fires for UPDATE and DELETE rows, but
-- TRUNCATE fires no row triggers: the application's own role could empty the
-- log in one statement (issue 13, item 14). A statement-level BEFORE TRUNCATE
-- trigger closes that. Dropping a whole database (tests, restores) fires no
-- trigger and is unaffected.

CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE PROCEDURE audit_log_append_only();

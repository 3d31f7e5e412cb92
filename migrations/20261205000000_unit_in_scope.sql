-- The one list-scope test (authz::Scope): whether the unit with `path` and
-- `id` is within a viewer's reach for an operation: everything, whole
-- subtrees (ltree paths), or single units. A single SQL expression, so the
-- planner inlines it into the calling query and conditions on `path` can
-- still use the ltree index.
CREATE FUNCTION unit_in_scope(path ltree, id uuid, all_units boolean, subtrees text[], units uuid[])
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT all_units OR path <@ ANY(subtrees::ltree[]) OR id = ANY(units) $$;

-- A unit's contact page (區管中心 page): the people to reach at the unit.
-- Only rows with is_public appear in the public directory.

CREATE TABLE contacts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    unit_id uuid NOT NULL REFERENCES org_units (id) ON DELETE CASCADE,
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    title text CHECK (length(title) <= 100),
    phone text CHECK (length(phone) <= 30),
    extension text CHECK (extension ~ '^[0-9]{1,10}$'),
    email text CHECK (length(email) <= 254),
    duty text CHECK (length(duty) <= 500),
    is_public boolean NOT NULL DEFAULT false,
    sort_order int NOT NULL DEFAULT 0,
    -- Set when the unit confirms its whole contact page is still correct.
    confirmed_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
SELECT manage_updated_at('contacts');
CREATE INDEX contacts_unit_idx ON contacts (unit_id, sort_order);

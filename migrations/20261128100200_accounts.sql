-- Accounts, roles and who holds which role where. Casbin's policy (what each
-- role may do) lives in policies/policy.csv, reviewed in git; the assignments
-- below (who holds a role at which unit) are data managed through the API and
-- read on every request, so a grant or revocation is in force on every server
-- instance at the next request.

CREATE TABLE users (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    login text NOT NULL CHECK (login ~ '^[a-z0-9][a-z0-9._-]{1,62}$'),
    display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
    email text CHECK (length(email) <= 254),
    -- argon2id in PHC string format; the salt and parameters travel with it.
    password_hash text NOT NULL,
    is_active boolean NOT NULL DEFAULT true,
    created_by uuid REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
SELECT manage_updated_at('users');
CREATE UNIQUE INDEX users_login_key ON users (login);

-- The role names Casbin's policy speaks of.
CREATE TABLE roles (
    name text PRIMARY KEY,
    description text NOT NULL,
    -- Ordering for pickers: the broadest role first.
    rank int NOT NULL
);

-- Where each role can be held: a county_admin sits at a county bureau, a
-- school_admin at a school. Data, so a new kind of unit is a row, not code.
CREATE TABLE role_placements (
    role text NOT NULL REFERENCES roles (name),
    unit_kind text NOT NULL,
    PRIMARY KEY (role, unit_kind)
);

INSERT INTO roles (name, description, rank) VALUES
    ('operator', '營運團隊 network operating team', 10),
    ('commissioner', '委辦單位 commissioning unit', 20),
    ('division_admin', '部屬司處／國教署各組 division administrator', 30),
    ('county_admin', '縣市區管中心 county regional center administrator', 40),
    ('school_admin', '學校業務承辦人 school account holder', 50),
    ('organizer', '研習辦理單位 course-offering unit', 60),
    ('teacher', '教師 teacher', 70);

INSERT INTO role_placements (role, unit_kind) VALUES
    ('operator', 'operations_team'),
    ('commissioner', 'ministry_division'),
    ('division_admin', 'ministry'),
    ('division_admin', 'ministry_division'),
    ('division_admin', 'k12_administration'),
    ('division_admin', 'k12_division'),
    ('county_admin', 'county_bureau'),
    ('school_admin', 'school'),
    ('organizer', 'course_provider'),
    ('organizer', 'operations_team'),
    ('teacher', 'school');

CREATE TABLE role_assignments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role text NOT NULL REFERENCES roles (name),
    unit_id uuid NOT NULL REFERENCES org_units (id),
    granted_by uuid REFERENCES users (id),
    granted_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT role_assignments_unique UNIQUE (user_id, role, unit_id)
);
CREATE INDEX role_assignments_unit_idx ON role_assignments (unit_id);

-- Sessions: only a SHA-256 of the token is stored, so a database dump cannot
-- be replayed as a login.
CREATE TABLE sessions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    token_hash bytea NOT NULL UNIQUE,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    ip inet,
    user_agent text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- Failed logins per login name (known or not, so the throttle itself does
-- not reveal which logins exist).
CREATE TABLE login_throttle (
    login_key text PRIMARY KEY,
    failures int NOT NULL,
    last_failure_at timestamptz NOT NULL
);

-- Sign-in throttle, second version (issue 13, items 2 and 15).
--
-- Attempts are now reserved before the password is checked, per login and
-- per client address, so concurrent guesses cannot slip past the count; and
-- a login locked by guessing can be unlocked by its owner through an
-- emailed link. See src/accounts/throttle.rs and docs/api.md.

-- Failed sign-ins per client address (IPv4 address or IPv6 /64 network).
-- This limit is lower than the per-login one, so one address is stopped
-- long before it can lock anyone's account.
CREATE TABLE sign_in_address_throttle (
    address cidr PRIMARY KEY,
    failures int NOT NULL,
    last_failure_at timestamptz NOT NULL
);
CREATE INDEX sign_in_address_throttle_last_idx ON sign_in_address_throttle (last_failure_at);

-- People type passwords into the login field: a login that is not an
-- account is now kept only as '#' followed by a keyed hash (HMAC-SHA-256
-- under the server secret, which SQL does not know), so the rows of unknown
-- logins typed so far cannot be converted. They are deleted: the worst that
-- follows is a few more free guesses at logins that do not exist.
DELETE FROM login_throttle t
 WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.login = t.login_key);
CREATE INDEX login_throttle_last_idx ON login_throttle (last_failure_at);

-- Single-use links that lift the lock of an account, emailed to its owner
-- when the lock starts. Only the SHA-256 of the token is kept.
CREATE TABLE sign_in_unlock_tokens (
    token_hash bytea PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at timestamptz
);
CREATE INDEX sign_in_unlock_tokens_user_idx ON sign_in_unlock_tokens (user_id);
CREATE INDEX sign_in_unlock_tokens_expires_idx ON sign_in_unlock_tokens (expires_at);

-- Failed sign-ins wrote what was typed as the login into the audit log
-- ("wrong credentials: <typed>", "throttled: <typed>"), passwords included.
-- Rewrite the rows whose login is not an account to the masked form new
-- rows get: the first two characters and the length. This is the one
-- sanctioned change to the append-only log, so its triggers are switched
-- off for this transaction only.
ALTER TABLE audit_log DISABLE TRIGGER USER;
UPDATE audit_log a
   SET detail = m.prefix || 'unknown login “' || left(m.typed, 2) || '…” ('
                || length(m.typed) || ' characters)'
  FROM (SELECT id,
               substring(detail FROM '^(wrong credentials: |throttled: )') AS prefix,
               substring(detail FROM '^(?:wrong credentials: |throttled: )(.*)$') AS typed
          FROM audit_log
         WHERE action = 'session.login' AND outcome = 'failed') m
 WHERE a.id = m.id
   AND m.prefix IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM users u WHERE u.login = m.typed);
ALTER TABLE audit_log ENABLE TRIGGER USER;

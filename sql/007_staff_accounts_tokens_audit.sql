-- Staff accounts, their session and API tokens, the login throttle, booking
-- ownership, and the append-only audit log (issue 13). Secrets are never
-- stored: passwords as Argon2id strings (libsodium's crypto_pwhash_str), tokens
-- as the SHA-256 of the token.

CREATE TABLE staff_users (
    id                   bigserial   PRIMARY KEY,
    -- Stored as typed lower-cased by the server; one spelling per account.
    username             text        NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._@-]{0,63}$'),
    role                 text        NOT NULL CHECK (role IN ('admin', 'clerk')),
    password_hash        text        NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    disabled             boolean     NOT NULL DEFAULT false,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    password_changed_at  timestamptz NOT NULL DEFAULT now()
);

-- Failed logins are counted per name as typed, whether or not such an account
-- exists, so the throttle and the lock say nothing about which names are real.
CREATE TABLE login_failures (
    username         text        PRIMARY KEY CHECK (char_length(username) BETWEEN 1 AND 200),
    failures         integer     NOT NULL DEFAULT 0 CHECK (failures >= 0),
    last_failure_at  timestamptz NOT NULL DEFAULT now(),
    locked_until     timestamptz
);

CREATE TABLE auth_tokens (
    id            bigserial   PRIMARY KEY,
    kind          text        NOT NULL CHECK (kind IN ('session', 'api')),
    token_hash    bytea       NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
    user_id       bigint      REFERENCES staff_users (id),
    name          text        CHECK (name IS NULL OR char_length(name) BETWEEN 1 AND 100),
    role          text        NOT NULL CHECK (role IN ('admin', 'clerk', 'shop')),
    created_by    text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz,
    revoked_at    timestamptz,
    last_used_at  timestamptz,
    -- A session belongs to a user and always expires; an API token is named.
    CONSTRAINT auth_tokens_session_shape CHECK (
        (kind = 'session' AND user_id IS NOT NULL AND expires_at IS NOT NULL AND role IN ('admin', 'clerk'))
        OR (kind = 'api' AND user_id IS NULL AND name IS NOT NULL))
);
CREATE INDEX auth_tokens_user_idx ON auth_tokens (user_id) WHERE user_id IS NOT NULL;

-- Every instance caches tokens it has checked; a revocation (or a new token)
-- is announced so all of them drop or refresh their copy within a second.
-- The payload is the token id.
CREATE FUNCTION auth_tokens_announce()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('boxoffice_auth', NEW.id::text);
    RETURN NEW;
END;
$$;

CREATE TRIGGER auth_tokens_announce
    AFTER INSERT OR UPDATE OF revoked_at, expires_at, role ON auth_tokens
    FOR EACH ROW EXECUTE FUNCTION auth_tokens_announce();

-- Tokens are revoked, never deleted, so the audit trail and a shop's bookings
-- keep pointing at something.
CREATE FUNCTION auth_tokens_refuse_delete()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'auth tokens are revoked (revoked_at), never deleted';
END;
$$;

CREATE TRIGGER auth_tokens_refuse_delete BEFORE DELETE ON auth_tokens
    FOR EACH ROW EXECUTE FUNCTION auth_tokens_refuse_delete();

-- Who made a booking: the API token of a shop (which may settle only its own
-- bookings), and for an anonymous booking (--public-booking) the hash of the
-- per-booking access token that alone lets its holder read, confirm or cancel it.
ALTER TABLE bookings
    ADD COLUMN created_by_token_id bigint REFERENCES auth_tokens (id),
    ADD COLUMN access_token_hash   bytea CHECK (access_token_hash IS NULL OR octet_length(access_token_hash) = 32);
CREATE INDEX bookings_created_by_token_idx ON bookings (created_by_token_id)
    WHERE created_by_token_id IS NOT NULL;

-- The audit log: one row per state change, written in the transaction of the
-- change. actor is a username, "token:<name>" for an API token,
-- "bootstrap-admin" for BOXOFFICE_ADMIN_TOKEN, "anonymous", or "sql:<role>"
-- for changes made outside the API.
CREATE TABLE audit_log (
    id              bigserial   PRIMARY KEY,
    at              timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor           text        NOT NULL CHECK (char_length(actor) BETWEEN 1 AND 200),
    actor_role      text        CHECK (actor_role IS NULL OR actor_role IN ('admin', 'clerk', 'shop', 'anonymous')),
    action          text        NOT NULL CHECK (action ~ '^[a-z_]+\.[a-z_]+$'),
    target_type     text        CHECK (target_type IS NULL OR target_type ~ '^[a-z_]+$'),
    target_id       text        CHECK (target_id IS NULL OR char_length(target_id) BETWEEN 1 AND 200),
    before          jsonb,
    after           jsonb,
    client_address  text        CHECK (client_address IS NULL OR char_length(client_address) <= 100),
    request_id      text        CHECK (request_id IS NULL OR char_length(request_id) <= 100)
);
CREATE INDEX audit_log_at_idx ON audit_log (at, id);
CREATE INDEX audit_log_actor_idx ON audit_log (actor, id);
CREATE INDEX audit_log_action_idx ON audit_log (action, id);
CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id, id);

-- Append-only for everyone, the server included: no statement may change or
-- remove a row once written.
CREATE FUNCTION audit_log_refuse_change()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$;

CREATE TRIGGER audit_log_refuse_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_refuse_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

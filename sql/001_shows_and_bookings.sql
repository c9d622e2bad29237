-- Shows and bookings, with the reference backend's table and column names kept
-- so its tools and DB assertions still work. The CHECK on shows is the last line
-- of defence for the no-overbooking invariant: even a buggy statement cannot
-- commit reserved_seats above total_seats.

CREATE TABLE shows (
    id              bigserial PRIMARY KEY,
    name            text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    start_time      timestamptz NOT NULL,
    total_seats     integer     NOT NULL CHECK (total_seats BETWEEN 1 AND 100000),
    reserved_seats  integer     NOT NULL DEFAULT 0,
    status          text        NOT NULL DEFAULT 'SCHEDULED' CHECK (status IN ('SCHEDULED', 'CANCELLED')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT shows_reserved_within_capacity CHECK (reserved_seats >= 0 AND reserved_seats <= total_seats)
);
CREATE INDEX shows_start_time_idx ON shows (start_time, id);

CREATE TABLE bookings (
    id            bigserial PRIMARY KEY,
    show_id       bigint      NOT NULL REFERENCES shows (id),
    user_name     text        NOT NULL CHECK (char_length(user_name) BETWEEN 1 AND 200),
    seats         integer     NOT NULL CHECK (seats > 0),
    status        text        NOT NULL DEFAULT 'PENDING'
                              CHECK (status IN ('PENDING', 'CONFIRMED', 'EXPIRED', 'CANCELLED')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    reference     text        NOT NULL UNIQUE,
    expires_at    timestamptz NOT NULL,
    confirmed_at  timestamptz,
    cancelled_at  timestamptz,
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bookings_show_status_idx ON bookings (show_id, status);
-- Only live holds are ever scanned for expiry; a partial index keeps that scan tiny.
CREATE INDEX bookings_pending_expiry_idx ON bookings (expires_at) WHERE status = 'PENDING';

-- An Idempotency-Key remembers the booking its first request created, so a
-- retried request returns that booking instead of holding more seats.
CREATE TABLE idempotency_keys (
    key           text        PRIMARY KEY CHECK (char_length(key) BETWEEN 1 AND 200),
    request_hash  text        NOT NULL,
    booking_id    bigint      REFERENCES bookings (id),
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

-- Feature flags, as in the reference backend (value holds e.g. {"model": "...", "percent": 1}).
CREATE TABLE feature_flags (
    key         text        PRIMARY KEY,
    value       jsonb       NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

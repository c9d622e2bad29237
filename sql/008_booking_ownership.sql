-- Bookings belong to whoever made them (issue 13). book_seats records the
-- caller's token (created_by_token_id, a shop's API token or a staff session)
-- and, for an anonymous booking with --public-booking token, the SHA-256 of the
-- booking's own access token. Reads, confirms and cancels take the caller's
-- scope as arguments, so the check and the change are one statement under the
-- booking's row lock: a booking outside the scope is "booking_not_found", the
-- same answer as a booking that does not exist, so ids are not confirmed.
--
-- Scopes: 'any' (admin, clerk, the bootstrap admin; anonymous callers only
-- with --public-booking open), 'token' (a shop: only the bookings its token
-- made), 'holder' (a booking access token: only the booking with that hash),
-- anything else matches nothing.

CREATE FUNCTION booking_in_scope(p_booking bookings, p_scope text, p_token_id bigint,
                                 p_access_hash bytea)
RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE p_scope
        WHEN 'any' THEN true
        WHEN 'token' THEN coalesce(p_booking.created_by_token_id = p_token_id, false)
        WHEN 'holder' THEN coalesce(p_booking.access_token_hash = p_access_hash, false)
        ELSE false
    END
$$;

-- The old signature goes, so no caller can book without saying who books;
-- the two new arguments default to NULL (a booking nobody owns, as before).
DROP FUNCTION book_seats(bigint, text, integer, integer, text, text, text);

-- 002's book_seats plus the owner. An Idempotency-Key replay by an anonymous
-- caller (p_access_token_hash given) of an anonymous booking still PENDING
-- gives that booking the new access token (access_rotated): only hashes are
-- stored, so the token of the lost first answer cannot be shown again, and a
-- retry is made because that answer was lost.
CREATE FUNCTION book_seats(
    p_show_id bigint, p_user_name text, p_seats integer, p_hold_seconds integer,
    p_reference text, p_idempotency_key text, p_request_hash text,
    p_created_by_token_id bigint DEFAULT NULL, p_access_token_hash bytea DEFAULT NULL,
    OUT outcome text, OUT booking_id bigint, OUT available integer,
    OUT created_at timestamptz, OUT expires_at timestamptz, OUT access_rotated boolean)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_existing idempotency_keys%ROWTYPE;
BEGIN
    access_rotated := false;
    IF p_idempotency_key IS NOT NULL THEN
        -- A concurrent request with the same key waits here on the unique index
        -- until the first one commits, then sees its row.
        INSERT INTO idempotency_keys (key, request_hash) VALUES (p_idempotency_key, p_request_hash)
        ON CONFLICT (key) DO NOTHING;
        IF NOT FOUND THEN
            SELECT * INTO v_existing FROM idempotency_keys WHERE key = p_idempotency_key;
            IF v_existing.request_hash <> p_request_hash THEN
                outcome := 'idempotency_key_reused';
            ELSE
                outcome := 'replayed';
                booking_id := v_existing.booking_id;
                IF p_access_token_hash IS NOT NULL AND booking_id IS NOT NULL THEN
                    UPDATE bookings b SET access_token_hash = p_access_token_hash
                     WHERE b.id = book_seats.booking_id AND b.access_token_hash IS NOT NULL
                       AND b.status = 'PENDING';
                    access_rotated := FOUND;
                END IF;
            END IF;
            RETURN;
        END IF;
    END IF;

    UPDATE shows SET reserved_seats = reserved_seats + p_seats, updated_at = now()
     WHERE id = p_show_id AND status = 'SCHEDULED' AND reserved_seats + p_seats <= total_seats;
    IF NOT FOUND THEN
        SELECT CASE WHEN status = 'CANCELLED' THEN 'show_cancelled' ELSE 'not_enough_seats' END,
               total_seats - reserved_seats
          INTO outcome, available
          FROM shows WHERE id = p_show_id;
        outcome := coalesce(outcome, 'show_not_found');
        -- A failed attempt holds nothing, so its key is forgotten and a retry
        -- is judged afresh.
        IF p_idempotency_key IS NOT NULL THEN
            DELETE FROM idempotency_keys WHERE key = p_idempotency_key;
        END IF;
        RETURN;
    END IF;

    created_at := clock_timestamp();
    expires_at := created_at + make_interval(secs => p_hold_seconds);
    INSERT INTO bookings (show_id, user_name, seats, status, reference, created_at, expires_at,
                          created_by_token_id, access_token_hash)
    VALUES (p_show_id, p_user_name, p_seats, 'PENDING', p_reference, book_seats.created_at,
            book_seats.expires_at, p_created_by_token_id, p_access_token_hash)
    RETURNING id INTO booking_id;
    IF p_idempotency_key IS NOT NULL THEN
        UPDATE idempotency_keys SET booking_id = book_seats.booking_id WHERE key = p_idempotency_key;
    END IF;
    -- Every server instance listens, so whichever is alive arms its timer for this hold.
    PERFORM pg_notify('boxoffice_holds', (extract(epoch FROM book_seats.expires_at) * 1000)::bigint::text);
    outcome := 'booked';
END;
$$;

-- 004's confirm_booking within a scope: the row is locked only when the
-- caller may touch it.
CREATE FUNCTION confirm_booking(p_booking_id bigint, p_scope text, p_token_id bigint,
                                p_access_hash bytea, OUT outcome text)
LANGUAGE plpgsql AS $$
DECLARE
    v_booking bookings%ROWTYPE;
    v_now timestamptz;
BEGIN
    SELECT * INTO v_booking FROM bookings b
     WHERE b.id = p_booking_id AND booking_in_scope(b, p_scope, p_token_id, p_access_hash)
       FOR UPDATE;
    IF NOT FOUND THEN
        outcome := 'booking_not_found';
        RETURN;
    END IF;
    v_now := clock_timestamp();
    IF v_booking.status = 'CONFIRMED' THEN
        outcome := 'confirmed';
    ELSIF v_booking.status = 'CANCELLED' THEN
        outcome := 'booking_cancelled';
    ELSIF v_booking.status = 'EXPIRED' THEN
        outcome := 'booking_expired';
    ELSIF v_booking.expires_at <= v_now THEN
        PERFORM end_booking(v_booking, 'EXPIRED');
        outcome := 'booking_expired';
    ELSE
        UPDATE bookings SET status = 'CONFIRMED', confirmed_at = v_now, updated_at = v_now
         WHERE id = p_booking_id;
        outcome := 'confirmed';
    END IF;
END;
$$;

-- 002's cancel_booking within a scope.
CREATE FUNCTION cancel_booking(p_booking_id bigint, p_scope text, p_token_id bigint,
                               p_access_hash bytea, OUT outcome text)
LANGUAGE plpgsql AS $$
DECLARE
    v_booking bookings%ROWTYPE;
BEGIN
    SELECT * INTO v_booking FROM bookings b
     WHERE b.id = p_booking_id AND booking_in_scope(b, p_scope, p_token_id, p_access_hash)
       FOR UPDATE;
    IF NOT FOUND THEN
        outcome := 'booking_not_found';
    ELSIF v_booking.status = 'CANCELLED' THEN
        outcome := 'cancelled';
    ELSIF v_booking.status = 'EXPIRED' THEN
        outcome := 'booking_expired';
    ELSIF v_booking.status = 'PENDING' AND v_booking.expires_at <= clock_timestamp() THEN
        -- Past its deadline a hold is expired, whoever touches it first.
        PERFORM end_booking(v_booking, 'EXPIRED');
        outcome := 'booking_expired';
    ELSE
        PERFORM end_booking(v_booking, 'CANCELLED');
        outcome := 'cancelled';
    END IF;
END;
$$;

-- The one-argument forms (operators' SQL, older tests) keep working, as the
-- unscoped case of the above, so there is one body for each.
CREATE OR REPLACE FUNCTION confirm_booking(p_booking_id bigint, OUT outcome text)
LANGUAGE sql AS $$
    SELECT c.outcome FROM confirm_booking(p_booking_id, 'any', NULL, NULL) c
$$;

CREATE OR REPLACE FUNCTION cancel_booking(p_booking_id bigint, OUT outcome text)
LANGUAGE sql AS $$
    SELECT c.outcome FROM cancel_booking(p_booking_id, 'any', NULL, NULL) c
$$;

-- An Idempotency-Key replay never changes a booking's access token (issue 13
-- review). 008 gave a still-PENDING anonymous booking the replaying caller's
-- new token: anyone who knew the key and the body took the booking over and
-- locked its holder out. Now the booking keeps the token it was made with; a
-- client that wants to recover from a lost answer chooses its own token in the
-- first request and sends the same one again (docs/security.md, "Replays").
--
-- Same signature and columns as 008 (access_rotated stays, always false), so
-- servers of either version run on this schema.
CREATE OR REPLACE FUNCTION book_seats(
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
                -- Read only: the caller judges what of the booking it may show.
                outcome := 'replayed';
                booking_id := v_existing.booking_id;
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

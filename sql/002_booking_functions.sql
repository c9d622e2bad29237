-- Every write that changes seat counts is one function call, so the show row
-- is locked for exactly one round trip: the whole critical section runs inside
-- PostgreSQL, never across the network.
--
-- Lock order, everywhere: booking rows before show rows, and several show
-- rows in id order. book_seats locks only its show row and inserts a new
-- booking; confirm, cancel and the expiry sweep lock bookings, then shows;
-- cancel_show locks the show's live bookings, then the show. Keeping one
-- order means these never wait on each other in a cycle. (A booking made
-- while a show is being cancelled can still meet a concurrent single cancel
-- of that same new booking; PostgreSQL detects that rare deadlock and the
-- server retries on SQLSTATE 40P01.)

-- Outcomes are returned as a text code instead of raised errors so the server
-- can tell "not enough seats" from a real failure without parsing messages.

CREATE FUNCTION book_seats(
    p_show_id bigint, p_user_name text, p_seats integer, p_hold_seconds integer,
    p_reference text, p_idempotency_key text, p_request_hash text,
    OUT outcome text, OUT booking_id bigint, OUT available integer,
    OUT created_at timestamptz, OUT expires_at timestamptz)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_existing idempotency_keys%ROWTYPE;
BEGIN
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
    INSERT INTO bookings (show_id, user_name, seats, status, reference, created_at, expires_at)
    VALUES (p_show_id, p_user_name, p_seats, 'PENDING', p_reference, book_seats.created_at, book_seats.expires_at)
    RETURNING id INTO booking_id;
    IF p_idempotency_key IS NOT NULL THEN
        UPDATE idempotency_keys SET booking_id = book_seats.booking_id WHERE key = p_idempotency_key;
    END IF;
    -- Every server instance listens, so whichever is alive arms its timer for this hold.
    PERFORM pg_notify('boxoffice_holds', (extract(epoch FROM book_seats.expires_at) * 1000)::bigint::text);
    outcome := 'booked';
END;
$$;

-- Ends a live booking (the caller holds its row lock): sets its final status
-- and gives its seats back to the show. Shared by confirm (an overdue hold
-- becomes EXPIRED) and cancel (EXPIRED when overdue, else CANCELLED).
CREATE FUNCTION end_booking(p_booking bookings, p_status text)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE bookings
       SET status = p_status, updated_at = clock_timestamp(),
           cancelled_at = CASE WHEN p_status = 'CANCELLED' THEN clock_timestamp() ELSE cancelled_at END
     WHERE id = p_booking.id;
    UPDATE shows SET reserved_seats = reserved_seats - p_booking.seats, updated_at = now()
     WHERE id = p_booking.show_id;
END;
$$;

-- Confirms a live hold. A hold past its deadline is expired right here, even
-- if no sweep has run yet, so "confirm at the deadline" has one answer.
CREATE FUNCTION confirm_booking(p_booking_id bigint, OUT outcome text)
LANGUAGE plpgsql AS $$
DECLARE
    v_booking bookings%ROWTYPE;
BEGIN
    SELECT * INTO v_booking FROM bookings WHERE id = p_booking_id FOR UPDATE;
    IF NOT FOUND THEN
        outcome := 'booking_not_found';
    ELSIF v_booking.status = 'CONFIRMED' THEN
        outcome := 'confirmed';
    ELSIF v_booking.status = 'CANCELLED' THEN
        outcome := 'booking_cancelled';
    ELSIF v_booking.status = 'EXPIRED' THEN
        outcome := 'booking_expired';
    ELSIF v_booking.expires_at <= clock_timestamp() THEN
        PERFORM end_booking(v_booking, 'EXPIRED');
        outcome := 'booking_expired';
    ELSE
        UPDATE bookings SET status = 'CONFIRMED', confirmed_at = clock_timestamp(), updated_at = clock_timestamp()
         WHERE id = p_booking_id;
        outcome := 'confirmed';
    END IF;
END;
$$;

CREATE FUNCTION cancel_booking(p_booking_id bigint, OUT outcome text)
LANGUAGE plpgsql AS $$
DECLARE
    v_booking bookings%ROWTYPE;
BEGIN
    SELECT * INTO v_booking FROM bookings WHERE id = p_booking_id FOR UPDATE;
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

-- Cancels a show and every live booking of it: bookings are locked first
-- (in id order), then the show, matching the order of every other function.
CREATE FUNCTION cancel_show(p_show_id bigint, OUT outcome text, OUT cancelled_bookings integer)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM bookings
      WHERE show_id = p_show_id AND status IN ('PENDING', 'CONFIRMED')
      ORDER BY id FOR UPDATE;
    PERFORM 1 FROM shows WHERE id = p_show_id FOR UPDATE;
    IF NOT FOUND THEN
        outcome := 'show_not_found';
        RETURN;
    END IF;
    -- With the show locked no new booking can appear; this also takes any
    -- booking made between the two locks above.
    UPDATE bookings SET status = 'CANCELLED', cancelled_at = clock_timestamp(), updated_at = clock_timestamp()
     WHERE show_id = p_show_id AND status IN ('PENDING', 'CONFIRMED');
    GET DIAGNOSTICS cancelled_bookings = ROW_COUNT;
    UPDATE shows SET status = 'CANCELLED', reserved_seats = 0, updated_at = now() WHERE id = p_show_id;
    outcome := 'cancelled';
END;
$$;

-- Expires due holds. SKIP LOCKED lets several server instances sweep at once
-- without waiting on each other or releasing a hold twice; the batch limit
-- keeps each transaction short, and the caller repeats while a full batch came back.
CREATE FUNCTION expire_due_holds(p_batch integer DEFAULT 1000)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    v_ids bigint[];
BEGIN
    SELECT array_agg(id) INTO v_ids FROM (
        SELECT id FROM bookings
         WHERE status = 'PENDING' AND expires_at <= clock_timestamp()
         ORDER BY expires_at
         LIMIT p_batch
         FOR UPDATE SKIP LOCKED
    ) due;
    IF v_ids IS NULL THEN
        RETURN 0;
    END IF;
    -- Show rows in id order, so two sweepers (or a sweeper and anything else)
    -- never lock the same shows in opposite orders.
    PERFORM 1 FROM shows
      WHERE id IN (SELECT DISTINCT show_id FROM bookings WHERE id = ANY (v_ids))
      ORDER BY id FOR UPDATE;
    -- clock_timestamp(), not now(): now() is when this transaction began,
    -- before the holds were found due, and would date the expiry too early.
    UPDATE bookings SET status = 'EXPIRED', updated_at = clock_timestamp() WHERE id = ANY (v_ids);
    UPDATE shows s SET reserved_seats = s.reserved_seats - released.seats, updated_at = now()
      FROM (SELECT show_id, sum(seats) AS seats FROM bookings WHERE id = ANY (v_ids) GROUP BY show_id) released
     WHERE s.id = released.show_id;
    -- Keys only matter for retries of recent requests.
    DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours';
    RETURN cardinality(v_ids);
END;
$$;

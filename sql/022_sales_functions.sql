-- The operations of sales (issue 18), each one function so that every
-- multi-row change commits whole: booking with categories, confirming with a
-- payment, cancelling some or all tickets with a refund. Lock order as
-- everywhere (docs/design.md): keys, shows, then bookings' own rows; a
-- booking's row first, then the shift's (FOR SHARE), then the show's (as
-- cancel_booking takes a booking before its show). Nothing locks a shift
-- after a show, so no cycle.

-- Group booking with ticket categories: book_seats_batch_with_seats (018),
-- or book_seats_batch (013) when p_with_seats is false, judged exactly as
-- they judge, plus:
--   p_tickets[i]: entry i's categories as a JSON array of [code, count]
--     pairs (counts adding up to p_seats[i]), NULL for the show's default;
--   outcome unknown_category (taken holds the code): not an active category
--     of the show; nothing is held for that entry.
-- Rows gain lines: the booked entry's lines as JSON
-- [[id, category, name, unit_price, count, cancelled], ...].
CREATE FUNCTION book_tickets_batch(
    p_show_ids bigint[], p_user_names text[], p_seats integer[], p_hold_seconds integer[],
    p_references text[], p_keys text[], p_hashes text[], p_token_ids bigint[],
    p_token_hashes bytea[], p_may_hold boolean[], p_seat_lists text[], p_best boolean[],
    p_with_seats boolean, p_tickets text[])
RETURNS TABLE (ord integer, outcome text, booking_id bigint, available integer,
               created_at timestamptz, expires_at timestamptz, taken text, lines text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    n integer := coalesce(array_length(p_show_ids, 1), 0);
    v_bad_code text[] := array_fill(NULL::text, ARRAY[greatest(n, 1)]);
    v_keep integer[];
    a_ord integer[] := '{}';       -- the inner function's rows, by entry number
    a_outcome text[] := '{}';
    a_booking bigint[] := '{}';
    a_available integer[] := '{}';
    a_created timestamptz[] := '{}';
    a_expires timestamptz[] := '{}';
    a_taken text[] := '{}';
BEGIN
    IF n = 0 THEN
        RETURN;
    END IF;
    -- Categories first: an entry naming one the show does not sell holds
    -- nothing. Arrays, not a temporary table: this runs for every batch.
    IF EXISTS (SELECT 1 FROM unnest(p_tickets) AS t(x) WHERE t.x IS NOT NULL) THEN
        SELECT array_agg(c.code ORDER BY c.i) INTO v_bad_code
          FROM (SELECT g.i,
                       (SELECT p.pair ->> 0
                          FROM json_array_elements(p_tickets[g.i]::json) AS p(pair)
                         WHERE NOT EXISTS (SELECT 1 FROM ticket_categories tc
                                            WHERE tc.show_id = p_show_ids[g.i] AND tc.active
                                              AND tc.code = p.pair ->> 0)
                         LIMIT 1) AS code
                  FROM generate_subscripts(p_show_ids, 1) AS g(i)) c;
    END IF;
    SELECT coalesce(array_agg(g.i ORDER BY g.i), '{}') INTO v_keep
      FROM generate_subscripts(p_show_ids, 1) AS g(i)
     WHERE v_bad_code[g.i] IS NULL;

    IF cardinality(v_keep) > 0 AND p_with_seats THEN
        SELECT array_agg(v_keep[r.ord] ORDER BY r.ord), array_agg(r.outcome ORDER BY r.ord),
               array_agg(r.booking_id ORDER BY r.ord), array_agg(r.available ORDER BY r.ord),
               array_agg(r.created_at ORDER BY r.ord), array_agg(r.expires_at ORDER BY r.ord),
               array_agg(r.taken ORDER BY r.ord)
          INTO a_ord, a_outcome, a_booking, a_available, a_created, a_expires, a_taken
          FROM book_seats_batch_with_seats(
                 ARRAY(SELECT p_show_ids[k] FROM unnest(v_keep) AS k),
                 ARRAY(SELECT p_user_names[k] FROM unnest(v_keep) AS k),
                 ARRAY(SELECT p_seats[k] FROM unnest(v_keep) AS k),
                 ARRAY(SELECT p_hold_seconds[k] FROM unnest(v_keep) AS k),
                 ARRAY(SELECT p_references[k] FROM unnest(v_keep) AS k),
                 ARRAY(SELECT p_keys[k] FROM unnest(v_keep) AS k),
                 ARRAY(SELECT p_hashes[k] FROM unnest(v_keep) AS k),
                 ARRAY(SELECT p_token_ids[k] FROM unnest(v_keep) AS k),
                 ARRAY(SELECT p_token_hashes[k] FROM unnest(v_keep) AS k),
                 ARRAY(SELECT p_may_hold[k] FROM unnest(v_keep) AS k),
                 ARRAY(SELECT p_seat_lists[k] FROM unnest(v_keep) AS k),
                 ARRAY(SELECT p_best[k] FROM unnest(v_keep) AS k)) r;
    ELSIF cardinality(v_keep) > 0 THEN
        SELECT array_agg(v_keep[r.ord] ORDER BY r.ord), array_agg(r.outcome ORDER BY r.ord),
               array_agg(r.booking_id ORDER BY r.ord), array_agg(r.available ORDER BY r.ord),
               array_agg(r.created_at ORDER BY r.ord), array_agg(r.expires_at ORDER BY r.ord),
               array_agg(NULL::text ORDER BY r.ord)
          INTO a_ord, a_outcome, a_booking, a_available, a_created, a_expires, a_taken
          FROM book_seats_batch(
                 ARRAY(SELECT p_show_ids[k] FROM unnest(v_keep) AS k),
                 ARRAY(SELECT p_user_names[k] FROM unnest(v_keep) AS k),
                 ARRAY(SELECT p_seats[k] FROM unnest(v_keep) AS k),
                 ARRAY(SELECT p_hold_seconds[k] FROM unnest(v_keep) AS k),
                 ARRAY(SELECT p_references[k] FROM unnest(v_keep) AS k),
                 ARRAY(SELECT p_keys[k] FROM unnest(v_keep) AS k),
                 ARRAY(SELECT p_hashes[k] FROM unnest(v_keep) AS k),
                 ARRAY(SELECT p_token_ids[k] FROM unnest(v_keep) AS k),
                 ARRAY(SELECT p_token_hashes[k] FROM unnest(v_keep) AS k),
                 ARRAY(SELECT p_may_hold[k] FROM unnest(v_keep) AS k)) r;
    END IF;

    -- The booked entries that named categories: their default line becomes
    -- the lines they asked for, at the prices of this moment.
    IF EXISTS (SELECT 1 FROM unnest(a_ord, a_outcome) AS r(i, outcome)
                WHERE r.outcome = 'booked' AND p_tickets[r.i] IS NOT NULL) THEN
        DELETE FROM booking_lines bl
         USING unnest(a_ord, a_outcome, a_booking) AS r(i, outcome, booking)
         WHERE r.outcome = 'booked' AND p_tickets[r.i] IS NOT NULL AND bl.booking_id = r.booking;
        INSERT INTO booking_lines (booking_id, show_id, category, name, unit_price, count)
        SELECT r.booking, p_show_ids[r.i], tc.code, tc.name, tc.price, (p.pair ->> 1)::integer
          FROM unnest(a_ord, a_outcome, a_booking) AS r(i, outcome, booking)
         CROSS JOIN LATERAL json_array_elements(p_tickets[r.i]::json) WITH ORDINALITY AS p(pair, pos)
          JOIN ticket_categories tc ON tc.show_id = p_show_ids[r.i] AND tc.code = p.pair ->> 0
         WHERE r.outcome = 'booked' AND p_tickets[r.i] IS NOT NULL
         ORDER BY r.booking, p.pos;
    END IF;

    RETURN QUERY
        SELECT g.i, coalesce(r.outcome, 'unknown_category'), r.booking, r.available,
               r.created, r.expires,
               CASE WHEN r.outcome IS NULL THEN v_bad_code[g.i] ELSE r.taken END,
               (SELECT json_agg(json_build_array(bl.id, bl.category, bl.name, bl.unit_price,
                                                 bl.count, bl.cancelled) ORDER BY bl.id)::text
                  FROM booking_lines bl
                 WHERE r.outcome IN ('booked', 'replayed') AND bl.booking_id = r.booking)
          FROM generate_subscripts(p_show_ids, 1) AS g(i)
          LEFT JOIN unnest(a_ord, a_outcome, a_booking, a_available, a_created, a_expires, a_taken)
                    AS r(i, outcome, booking, available, created, expires, taken) ON r.i = g.i
         ORDER BY g.i;
END;
$$;

-- A payment may go into this shift: it exists and is open. Locked FOR SHARE,
-- so closing the shift (FOR UPDATE) waits for sales in flight and its report
-- sees them.
CREATE FUNCTION shift_accepts_payments(p_shift_id bigint)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_closed timestamptz;
BEGIN
    SELECT s.closed_at INTO v_closed FROM shifts s WHERE s.id = p_shift_id FOR SHARE;
    IF NOT FOUND THEN
        RETURN 'shift_not_found';
    ELSIF v_closed IS NOT NULL THEN
        RETURN 'shift_closed';
    END IF;
    RETURN NULL;
END;
$$;

-- Confirms a hold with its payment: 009/012's confirm_booking_audited, and
-- the payment in the same call. The amount is always what the booking's lines
-- are worth; cash may be tendered above it (change = tendered - amount).
-- Outcomes beyond confirm's: payment_required (the booking costs something
-- and no method was given), payment_invalid (tendered below the amount, or
-- tendered for anything but cash), no_open_shift (a method other than online
-- without a shift), shift_not_found, shift_closed. A confirmed booking's
-- retry answers confirmed and pays nothing twice.
CREATE FUNCTION confirm_booking_paid(
    p_booking_id bigint, p_scope text, p_token_id bigint, p_access_hash bytea,
    p_actor text, p_actor_role text, p_client_address text, p_request_id text,
    p_method text, p_tendered bigint, p_reference text, p_shift_id bigint,
    OUT outcome text, OUT changed_to text, OUT payment_id bigint)
LANGUAGE plpgsql AS $$
DECLARE
    v_status  text;
    v_expires timestamptz;
    v_total   bigint;
    v_problem text;
BEGIN
    SELECT b.status, b.expires_at INTO v_status, v_expires FROM bookings b
     WHERE b.id = p_booking_id AND booking_in_scope(b, p_scope, p_token_id, p_access_hash)
       FOR UPDATE;
    -- An overdue hold is expired by confirm below, whatever the payment says.
    IF v_status = 'PENDING' AND v_expires > clock_timestamp() THEN
        SELECT coalesce(sum((l.count - l.cancelled) * l.unit_price), 0) INTO v_total
          FROM booking_lines l WHERE l.booking_id = p_booking_id;
        IF p_method IS NULL AND v_total > 0 THEN
            outcome := 'payment_required';
            RETURN;
        END IF;
        IF p_method IS NOT NULL THEN
            IF p_tendered IS NOT NULL AND (p_method <> 'cash' OR p_tendered < v_total) THEN
                outcome := 'payment_invalid';
                RETURN;
            END IF;
            IF p_shift_id IS NULL AND p_method <> 'online' THEN
                outcome := 'no_open_shift';
                RETURN;
            END IF;
            IF p_shift_id IS NOT NULL THEN
                v_problem := shift_accepts_payments(p_shift_id);
                IF v_problem IS NOT NULL THEN
                    outcome := v_problem;
                    RETURN;
                END IF;
            END IF;
        END IF;
    END IF;
    SELECT c.outcome, c.changed_to INTO outcome, changed_to
      FROM confirm_booking_audited(p_booking_id, p_scope, p_token_id, p_access_hash, p_actor,
                                   p_actor_role, p_client_address, p_request_id) c;
    IF changed_to = 'CONFIRMED' AND p_method IS NOT NULL THEN
        INSERT INTO payments (booking_id, kind, method, amount, tendered, change, reference,
                              shift_id, actor)
        VALUES (p_booking_id, 'payment', p_method, v_total, p_tendered, p_tendered - v_total,
                p_reference, p_shift_id, coalesce(nullif(p_actor, ''), 'anonymous'))
        RETURNING id INTO payment_id;
        INSERT INTO audit_log (actor, actor_role, action, target_type, target_id, after,
                               client_address, request_id)
        VALUES (coalesce(nullif(p_actor, ''), 'anonymous'), nullif(p_actor_role, ''),
                'booking.payment', 'booking', p_booking_id::text,
                jsonb_build_object('payment_id', payment_id, 'method', p_method,
                                   'amount', v_total, 'shift_id', p_shift_id),
                nullif(p_client_address, ''), nullif(p_request_id, ''));
    END IF;
END;
$$;

-- Cancels tickets of a booking: all of them (p_all), some of a category
-- (p_categories/p_counts, taken from its lines in line order), or named seats
-- (p_seat_ids, seated shows; the seats' tickets are taken from the lines in
-- line order). Their seats go back to the show at once; what had been paid
-- for them is refunded (p_refund_method, or the method the booking was paid
-- with), never more than was paid. Nothing left: the booking is CANCELLED.
-- Outcomes: cancelled (all gone; also a retry on a CANCELLED booking with
-- p_all), partly_cancelled, booking_not_found, booking_expired,
-- booking_cancelled (some tickets of a CANCELLED booking), nothing_to_cancel
-- (detail: the category or seat that has no such ticket left),
-- seat_ids_required (some tickets of a seated booking by category),
-- no_open_shift, shift_not_found, shift_closed.
CREATE FUNCTION cancel_booking_tickets(
    p_booking_id bigint, p_scope text, p_token_id bigint, p_access_hash bytea,
    p_actor text, p_actor_role text, p_client_address text, p_request_id text,
    p_all boolean, p_categories text[], p_counts integer[], p_seat_ids bigint[],
    p_refund_method text, p_refund_reference text, p_shift_id bigint,
    OUT outcome text, OUT changed_to text, OUT refund_id bigint, OUT refunded bigint,
    OUT detail text)
LANGUAGE plpgsql AS $$
DECLARE
    v_booking  bookings%ROWTYPE;
    v_seated   boolean;
    v_take     integer[];      -- per line (in id order): tickets taken back
    v_lines    bigint[];
    v_left     integer[];
    v_prices   bigint[];
    v_need     integer;
    v_got      integer;
    v_count    integer := 0;
    v_value    bigint := 0;
    v_net      bigint;
    v_method   text;
    v_shift    bigint;
    v_problem  text;
    i          integer;
    j          integer;
BEGIN
    SELECT * INTO v_booking FROM bookings b
     WHERE b.id = p_booking_id AND booking_in_scope(b, p_scope, p_token_id, p_access_hash)
       FOR UPDATE;
    IF NOT FOUND THEN
        outcome := 'booking_not_found';
        RETURN;
    ELSIF v_booking.status = 'CANCELLED' THEN
        outcome := CASE WHEN p_all THEN 'cancelled' ELSE 'booking_cancelled' END;
        RETURN;
    ELSIF v_booking.status = 'EXPIRED' THEN
        outcome := 'booking_expired';
        RETURN;
    ELSIF v_booking.status = 'PENDING' AND v_booking.expires_at <= clock_timestamp() THEN
        PERFORM end_booking(v_booking, 'EXPIRED');
        outcome := 'booking_expired';
        changed_to := 'EXPIRED';
        RETURN;
    END IF;
    SELECT s.seating_plan_id IS NOT NULL INTO v_seated FROM shows s WHERE s.id = v_booking.show_id;

    SELECT array_agg(l.id ORDER BY l.id), array_agg(l.count - l.cancelled ORDER BY l.id),
           array_agg(l.unit_price ORDER BY l.id)
      INTO v_lines, v_left, v_prices
      FROM booking_lines l WHERE l.booking_id = p_booking_id;
    v_lines := coalesce(v_lines, '{}');
    v_take := array_fill(0, ARRAY[greatest(cardinality(v_lines), 1)]);

    IF p_all THEN
        FOR i IN 1 .. cardinality(v_lines) LOOP
            v_take[i] := v_left[i];
        END LOOP;
    ELSIF p_seat_ids IS NOT NULL THEN
        SELECT min(w.seat) INTO v_need FROM unnest(p_seat_ids) AS w(seat)
         WHERE NOT EXISTS (SELECT 1 FROM seat_assignments sa
                            WHERE sa.booking_id = p_booking_id AND sa.seat_id = w.seat AND sa.live);
        IF v_need IS NOT NULL OR NOT v_seated THEN
            outcome := 'nothing_to_cancel';
            detail := v_need::text;
            RETURN;
        END IF;
        v_need := cardinality(p_seat_ids);
        FOR i IN 1 .. cardinality(v_lines) LOOP
            v_got := least(v_need, v_left[i]);
            v_take[i] := v_got;
            v_need := v_need - v_got;
        END LOOP;
    ELSE
        IF v_seated THEN
            outcome := 'seat_ids_required';
            RETURN;
        END IF;
        FOR j IN 1 .. coalesce(cardinality(p_categories), 0) LOOP
            v_need := p_counts[j];
            FOR i IN 1 .. cardinality(v_lines) LOOP
                CONTINUE WHEN (SELECT l.category FROM booking_lines l WHERE l.id = v_lines[i])
                              IS DISTINCT FROM p_categories[j];
                v_got := least(v_need, v_left[i] - v_take[i]);
                v_take[i] := v_take[i] + v_got;
                v_need := v_need - v_got;
            END LOOP;
            IF v_need > 0 THEN
                outcome := 'nothing_to_cancel';
                detail := p_categories[j];
                RETURN;
            END IF;
        END LOOP;
    END IF;
    FOR i IN 1 .. cardinality(v_lines) LOOP
        v_count := v_count + v_take[i];
        v_value := v_value + v_take[i] * v_prices[i];
    END LOOP;
    IF v_count = 0 THEN
        outcome := 'nothing_to_cancel';
        RETURN;
    END IF;

    SELECT coalesce(sum(CASE WHEN p.kind = 'payment' THEN p.amount ELSE -p.amount END), 0)
      INTO v_net FROM payments p WHERE p.booking_id = p_booking_id;
    refunded := least(v_value, greatest(v_net, 0));
    IF refunded > 0 THEN
        v_method := coalesce(p_refund_method,
                             (SELECT p.method FROM payments p
                               WHERE p.booking_id = p_booking_id AND p.kind = 'payment'
                               ORDER BY p.id DESC LIMIT 1));
        -- Online money goes back online, in no shift; the rest from a till.
        IF v_method = 'online' THEN
            v_shift := NULL;
        ELSIF p_shift_id IS NULL THEN
            outcome := 'no_open_shift';
            RETURN;
        ELSE
            v_shift := p_shift_id;
            v_problem := shift_accepts_payments(p_shift_id);
            IF v_problem IS NOT NULL THEN
                outcome := v_problem;
                RETURN;
            END IF;
        END IF;
        INSERT INTO payments (booking_id, kind, method, amount, reference, shift_id, actor)
        VALUES (p_booking_id, 'refund', v_method, refunded, p_refund_reference, v_shift,
                coalesce(nullif(p_actor, ''), 'anonymous'))
        RETURNING id INTO refund_id;
    END IF;

    UPDATE booking_lines l SET cancelled = l.cancelled + t.take
      FROM unnest(v_lines, v_take) AS t(id, take)
     WHERE l.id = t.id AND t.take > 0;
    INSERT INTO line_cancellations (line_id, count, refund_id)
    SELECT t.id, t.take, refund_id FROM unnest(v_lines, v_take) AS t(id, take) WHERE t.take > 0;

    IF v_count = v_booking.seats THEN
        -- Nothing left: the booking ends as a cancel does (its seats free, sold
        -- seats counted down by the change feed's trigger).
        PERFORM end_booking(v_booking, 'CANCELLED');
        outcome := 'cancelled';
        changed_to := 'CANCELLED';
        PERFORM audit_booking_settle('booking.cancel', p_booking_id, v_booking.status, 'CANCELLED',
                                     p_actor, p_actor_role, p_client_address, p_request_id);
    ELSE
        IF p_seat_ids IS NOT NULL THEN
            UPDATE seat_assignments sa SET live = false, sold = false
             WHERE sa.booking_id = p_booking_id AND sa.live AND sa.seat_id = ANY (p_seat_ids);
        END IF;
        UPDATE bookings b SET seats = b.seats - v_count, updated_at = clock_timestamp()
         WHERE b.id = p_booking_id;
        -- The status stays, so the change feed's trigger leaves sold_seats alone.
        UPDATE shows s
           SET reserved_seats = s.reserved_seats - v_count,
               sold_seats = s.sold_seats
                            - CASE WHEN v_booking.status = 'CONFIRMED' THEN v_count ELSE 0 END,
               updated_at = now()
         WHERE s.id = v_booking.show_id;
        outcome := 'partly_cancelled';
        INSERT INTO audit_log (actor, actor_role, action, target_type, target_id, before, after,
                               client_address, request_id)
        VALUES (coalesce(nullif(p_actor, ''), 'anonymous'), nullif(p_actor_role, ''),
                'booking.cancel_part', 'booking', p_booking_id::text,
                jsonb_build_object('seats', v_booking.seats),
                jsonb_build_object('seats', v_booking.seats - v_count, 'refunded', refunded,
                                   'refund_id', refund_id),
                nullif(p_client_address, ''), nullif(p_request_id, ''));
    END IF;
    IF refund_id IS NOT NULL THEN
        INSERT INTO audit_log (actor, actor_role, action, target_type, target_id, after,
                               client_address, request_id)
        VALUES (coalesce(nullif(p_actor, ''), 'anonymous'), nullif(p_actor_role, ''),
                'booking.refund', 'booking', p_booking_id::text,
                jsonb_build_object('refund_id', refund_id, 'method', v_method,
                                   'amount', refunded, 'shift_id', v_shift),
                nullif(p_client_address, ''), nullif(p_request_id, ''));
    END IF;
END;
$$;

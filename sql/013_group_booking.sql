-- Group booking (issue 15): many booking requests in one statement, so bookings
-- for a hot show share one commit flush instead of queueing for one each.
--
-- Entry i of the arrays is judged exactly as book_seats (010) would judge it if
-- the entries ran one after another in array order: the same outcomes, the same
-- idempotency rules (a key repeated inside the batch replays or is refused as a
-- later book_seats call would), the same rows. Plus 'sales_paused': an entry
-- with p_may_hold false may only be replayed (a keyed retry of a hold made
-- before a pause), never hold seats.
--
-- Lock order, as everywhere (docs/design.md): all idempotency keys first, in key
-- order (two batches never wait on each other's keys in a cycle); then the show
-- rows in id order. Nothing here locks an existing booking row.
CREATE FUNCTION book_seats_batch(
    p_show_ids bigint[], p_user_names text[], p_seats integer[], p_hold_seconds integer[],
    p_references text[], p_keys text[], p_hashes text[], p_token_ids bigint[],
    p_token_hashes bytea[], p_may_hold boolean[])
RETURNS TABLE (ord integer, outcome text, booking_id bigint, available integer,
               created_at timestamptz, expires_at timestamptz)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    n integer := coalesce(array_length(p_show_ids, 1), 0);
    v_claimed text[];                -- keys this batch inserted (new to the database)
    v_old_keys text[];               -- keys that existed before: their hash and booking
    v_old_hashes text[];
    v_old_bookings bigint[];
    v_key_booked text[] := '{}';     -- claimed keys an earlier entry booked with...
    v_key_hash text[] := '{}';       -- ...the hash of that entry
    v_key_booking bigint[] := '{}';  -- ...and its booking
    v_ids bigint[];                  -- distinct shows, locked, in id order
    v_free integer[];
    v_status text[];
    v_delta integer[];
    r_outcome text[] := array_fill(NULL::text, ARRAY[n]);
    r_booking bigint[] := array_fill(NULL::bigint, ARRAY[n]);
    r_available integer[] := array_fill(NULL::integer, ARRAY[n]);
    r_created timestamptz[] := array_fill(NULL::timestamptz, ARRAY[n]);
    r_expires timestamptz[] := array_fill(NULL::timestamptz, ARRAY[n]);
    i integer;
    k integer;
    s integer;
    v_key text;
    v_first_expiry timestamptz;
BEGIN
    IF n = 0 THEN
        RETURN;
    END IF;
    -- A concurrent request with one of these keys makes this wait on the unique
    -- index until it commits, as in book_seats.
    WITH wanted AS (
        SELECT DISTINCT ON (w.key) w.key, w.hash
          FROM unnest(p_keys, p_hashes) WITH ORDINALITY AS w(key, hash, pos)
         WHERE w.key IS NOT NULL
         ORDER BY w.key, w.pos),
    claimed AS (
        INSERT INTO idempotency_keys (key, request_hash)
        SELECT wanted.key, wanted.hash FROM wanted ORDER BY wanted.key
        ON CONFLICT (key) DO NOTHING
        RETURNING idempotency_keys.key)
    SELECT coalesce(array_agg(claimed.key), '{}') INTO v_claimed FROM claimed;
    SELECT coalesce(array_agg(ik.key), '{}'), coalesce(array_agg(ik.request_hash), '{}'),
           coalesce(array_agg(ik.booking_id), '{}')
      INTO v_old_keys, v_old_hashes, v_old_bookings
      FROM idempotency_keys ik
     WHERE ik.key IN (SELECT DISTINCT u.key FROM unnest(p_keys) AS u(key) WHERE u.key IS NOT NULL)
       AND NOT (ik.key = ANY (v_claimed));

    SELECT coalesce(array_agg(sh.id ORDER BY sh.id), '{}'),
           coalesce(array_agg(sh.total_seats - sh.reserved_seats ORDER BY sh.id), '{}'),
           coalesce(array_agg(sh.status ORDER BY sh.id), '{}')
      INTO v_ids, v_free, v_status
      FROM (SELECT sh0.id, sh0.total_seats, sh0.reserved_seats, sh0.status FROM shows sh0
             WHERE sh0.id = ANY (p_show_ids) ORDER BY sh0.id FOR UPDATE) sh;
    v_delta := array_fill(0, ARRAY[greatest(array_length(v_ids, 1), 1)]);

    FOR i IN 1 .. n LOOP
        v_key := p_keys[i];
        IF v_key IS NOT NULL THEN
            k := array_position(v_old_keys, v_key);
            IF k IS NOT NULL THEN
                IF v_old_hashes[k] <> p_hashes[i] THEN
                    r_outcome[i] := 'idempotency_key_reused';
                ELSE
                    r_outcome[i] := 'replayed';
                    r_booking[i] := v_old_bookings[k];
                END IF;
                CONTINUE;
            END IF;
            k := array_position(v_key_booked, v_key);
            IF k IS NOT NULL THEN
                IF v_key_hash[k] <> p_hashes[i] THEN
                    r_outcome[i] := 'idempotency_key_reused';
                ELSE
                    r_outcome[i] := 'replayed';
                    r_booking[i] := v_key_booking[k];
                END IF;
                CONTINUE;
            END IF;
        END IF;
        IF NOT p_may_hold[i] THEN
            r_outcome[i] := 'sales_paused';
            CONTINUE;
        END IF;
        s := array_position(v_ids, p_show_ids[i]);
        IF s IS NULL THEN
            r_outcome[i] := 'show_not_found';
        ELSIF v_status[s] = 'CANCELLED' THEN
            r_outcome[i] := 'show_cancelled';
            r_available[i] := v_free[s];
        ELSIF p_seats[i] > v_free[s] THEN
            r_outcome[i] := 'not_enough_seats';
            r_available[i] := v_free[s];
        ELSE
            v_free[s] := v_free[s] - p_seats[i];
            v_delta[s] := v_delta[s] + p_seats[i];
            r_outcome[i] := 'booked';
            r_booking[i] := nextval('bookings_id_seq');
            r_created[i] := clock_timestamp();
            r_expires[i] := r_created[i] + make_interval(secs => p_hold_seconds[i]);
            v_first_expiry := least(v_first_expiry, r_expires[i]);
            IF v_key IS NOT NULL THEN
                v_key_booked := v_key_booked || v_key;
                v_key_hash := v_key_hash || p_hashes[i];
                v_key_booking := v_key_booking || r_booking[i];
            END IF;
        END IF;
    END LOOP;

    -- A claimed key whose entries all failed is forgotten (a retry is judged
    -- afresh); one that booked points at its booking, with its entry's hash.
    DELETE FROM idempotency_keys ik
     WHERE ik.key = ANY (v_claimed) AND NOT (ik.key = ANY (v_key_booked));

    IF v_first_expiry IS NOT NULL THEN
        UPDATE shows sh SET reserved_seats = sh.reserved_seats + d.delta, updated_at = now()
          FROM unnest(v_ids, v_delta) AS d(id, delta)
         WHERE sh.id = d.id AND d.delta > 0;
        INSERT INTO bookings (id, show_id, user_name, seats, status, reference, created_at,
                              expires_at, created_by_token_id, access_token_hash)
        SELECT e.booking, e.show_id, e.user_name, e.seats, 'PENDING', e.reference, e.created,
               e.expires, e.token_id, e.token_hash
          FROM unnest(r_booking, p_show_ids, p_user_names, p_seats, p_references, r_created,
                      r_expires, p_token_ids, p_token_hashes, r_outcome)
               AS e(booking, show_id, user_name, seats, reference, created, expires, token_id,
                    token_hash, outcome)
         WHERE e.outcome = 'booked'
         ORDER BY e.booking;
        UPDATE idempotency_keys ik SET booking_id = b.booking, request_hash = b.hash
          FROM unnest(v_key_booked, v_key_booking, v_key_hash) AS b(key, booking, hash)
         WHERE ik.key = b.key;
        -- One announcement for the batch: the earliest deadline. The sweep that
        -- it arms re-reads the next deadline from the table, so later ones are
        -- not missed.
        PERFORM pg_notify('boxoffice_holds',
                          (extract(epoch FROM v_first_expiry) * 1000)::bigint::text);
    END IF;

    RETURN QUERY
        SELECT o.pos::integer, o.outcome, o.booking, o.available, o.created, o.expires
          FROM unnest(r_outcome, r_booking, r_available, r_created, r_expires)
               WITH ORDINALITY AS o(outcome, booking, available, created, expires, pos);
END;
$$;

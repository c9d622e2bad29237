-- Reserved seating (issue 17). A show is general admission (a count, as
-- before) or seated: it has a seating plan, and each booking of it holds named
-- seats. docs/seating.md describes the model; this file is its database half.
--
-- The rule that matters: a seat of a show is in at most one live thing at a
-- time, a live (PENDING or CONFIRMED) booking or an admin's block. The unique
-- partial index seat_assignments_live enforces it whatever the code does; the
-- booking function below checks first so that a taken seat is an answer
-- (seats_taken, naming the seats), not a failed batch. reserved_seats still
-- counts the seats of live bookings, so shows_reserved_within_capacity guards
-- seated shows as it guards the others, with total_seats = the plan's seats
-- minus the blocked ones.

CREATE TABLE seating_plans (
    id          bigserial   PRIMARY KEY,
    name        text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    seat_count  integer     NOT NULL CHECK (seat_count BETWEEN 1 AND 20000),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE plan_sections (
    plan_id   bigint  NOT NULL REFERENCES seating_plans (id),
    idx       integer NOT NULL CHECK (idx >= 0),
    name      text    NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    category  text    NOT NULL CHECK (char_length(category) BETWEEN 1 AND 40),
    rank      integer NOT NULL CHECK (rank BETWEEN 0 AND 1000),
    PRIMARY KEY (plan_id, idx),
    UNIQUE (plan_id, name)
);

CREATE TABLE plan_seats (
    id               bigserial PRIMARY KEY,
    plan_id          bigint    NOT NULL,
    section_idx      integer   NOT NULL,
    row_label        text      NOT NULL CHECK (char_length(row_label) BETWEEN 1 AND 10),
    row_index        integer   NOT NULL CHECK (row_index >= 0),
    number           integer   NOT NULL CHECK (number BETWEEN 1 AND 9999),
    position         integer   NOT NULL,
    label            text      NOT NULL CHECK (char_length(label) BETWEEN 1 AND 20),
    x                double precision NOT NULL,
    y                double precision NOT NULL,
    accessible       boolean   NOT NULL DEFAULT false,
    restricted_view  boolean   NOT NULL DEFAULT false,
    aisle            boolean   NOT NULL DEFAULT false,
    FOREIGN KEY (plan_id, section_idx) REFERENCES plan_sections (plan_id, idx),
    UNIQUE (plan_id, label),
    -- The neighbours best-available looks at are found by position.
    UNIQUE (plan_id, section_idx, row_index, position),
    UNIQUE (plan_id, id)
);

-- A show's plan is fixed when the show is created. A fully blocked seated show
-- has no seats to sell (total 0); a general-admission show keeps 1..100 000.
ALTER TABLE shows
    ADD COLUMN seating_plan_id bigint REFERENCES seating_plans (id),
    DROP CONSTRAINT shows_total_seats_check,
    ADD CONSTRAINT shows_total_seats_check CHECK (
        total_seats BETWEEN 1 AND 100000 OR (seating_plan_id IS NOT NULL AND total_seats = 0)),
    ADD CONSTRAINT shows_id_plan_unique UNIQUE (id, seating_plan_id);

-- Which seat of which show a booking holds (or an admin blocked: no booking).
-- Rows of ended bookings stay, not live, so a cancelled booking still says
-- which seats it had. sold: the booking is CONFIRMED. The composite keys keep
-- every seat in its show's plan.
CREATE TABLE seat_assignments (
    show_id     bigint  NOT NULL,
    plan_id     bigint  NOT NULL,
    seat_id     bigint  NOT NULL,
    booking_id  bigint  REFERENCES bookings (id),
    live        boolean NOT NULL DEFAULT true,
    sold        boolean NOT NULL DEFAULT false,
    FOREIGN KEY (show_id, plan_id) REFERENCES shows (id, seating_plan_id),
    FOREIGN KEY (plan_id, seat_id) REFERENCES plan_seats (plan_id, id),
    CONSTRAINT seat_assignments_block_is_live CHECK (booking_id IS NOT NULL OR live),
    CONSTRAINT seat_assignments_sold_is_booked CHECK (NOT sold OR (booking_id IS NOT NULL AND live))
);
CREATE UNIQUE INDEX seat_assignments_live ON seat_assignments (show_id, seat_id) WHERE live;
CREATE INDEX seat_assignments_booking_idx ON seat_assignments (booking_id) WHERE booking_id IS NOT NULL;

-- A booking's seats follow its state, whoever changes it (confirm, cancel, the
-- expiry sweep, cancel_show, an older server on this schema): ended bookings
-- free their seats, confirmed ones sell them. Per statement, like the change
-- feed (017): a sweep of 20 000 holds is one call, and a sweep of
-- general-admission shows only looks whether any of its shows is seated.
CREATE FUNCTION bookings_track_seats()
RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_shows  bigint[];
    v_ended  bigint[];
    v_sold   bigint[];
BEGIN
    SELECT array_agg(DISTINCT n.show_id) INTO v_shows FROM new_rows n;
    IF v_shows IS NULL OR NOT EXISTS (
            SELECT 1 FROM shows s WHERE s.id = ANY (v_shows) AND s.seating_plan_id IS NOT NULL) THEN
        RETURN NULL;
    END IF;
    SELECT array_agg(n.id) FILTER (WHERE n.status IN ('EXPIRED', 'CANCELLED')),
           array_agg(n.id) FILTER (WHERE n.status = 'CONFIRMED')
      INTO v_ended, v_sold
      FROM new_rows n
     WHERE n.show_id IN (SELECT s.id FROM shows s
                          WHERE s.id = ANY (v_shows) AND s.seating_plan_id IS NOT NULL);
    IF v_ended IS NOT NULL THEN
        UPDATE seat_assignments sa SET live = false, sold = false
         WHERE sa.booking_id = ANY (v_ended) AND sa.live;
    END IF;
    IF v_sold IS NOT NULL THEN
        UPDATE seat_assignments sa SET sold = true
         WHERE sa.booking_id = ANY (v_sold) AND sa.live AND NOT sa.sold;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER bookings_track_seats AFTER UPDATE ON bookings
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION bookings_track_seats();

-- Seat state changes on the change feed (docs/api.md, "Live push"): per
-- statement and show, at most 400 seats a payload (under 8 000 bytes).
-- A seat's state: free, held, sold or blocked.
CREATE FUNCTION seat_assignments_announce()
RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_show   bigint;
    v_seats  bigint[];
    v_states text[];
BEGIN
    FOR v_show, v_seats, v_states IN
        SELECT c.show_id, array_agg(c.seat_id ORDER BY c.seat_id), array_agg(c.state ORDER BY c.seat_id)
          FROM (SELECT r.show_id, r.seat_id,
                       CASE WHEN TG_OP = 'DELETE' OR NOT r.live THEN 'free'
                            WHEN r.booking_id IS NULL THEN 'blocked'
                            WHEN r.sold THEN 'sold' ELSE 'held' END AS state
                  FROM changed_rows r) c
         GROUP BY c.show_id
    LOOP
        FOR i IN 1 .. cardinality(v_seats) BY 400 LOOP
            PERFORM pg_notify('boxoffice_changes', json_build_object(
                'e', 'seats', 'seq', nextval('change_feed_seq'), 'show', v_show,
                'at', (extract(epoch FROM clock_timestamp()) * 1000)::bigint,
                's', (SELECT json_agg(json_build_array(u.seat, u.state))
                        FROM unnest(v_seats[i:i + 399], v_states[i:i + 399]) AS u(seat, state)))::text);
        END LOOP;
    END LOOP;
    RETURN NULL;
END;
$$;

CREATE TRIGGER seat_assignments_announce_insert AFTER INSERT ON seat_assignments
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION seat_assignments_announce();
CREATE TRIGGER seat_assignments_announce_update AFTER UPDATE ON seat_assignments
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION seat_assignments_announce();
CREATE TRIGGER seat_assignments_announce_delete AFTER DELETE ON seat_assignments
    REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION seat_assignments_announce();

-- Whether a free seat at this position of this row is there to be sold: it
-- exists, no live assignment has it, and no earlier entry of the batch took it
-- (p_batch holds 'show:seat' pairs).
CREATE FUNCTION seat_is_free_at(p_show bigint, p_plan bigint, p_section integer, p_row integer,
                                p_position integer, p_batch text[])
RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM plan_seats ps
         WHERE ps.plan_id = p_plan AND ps.section_idx = p_section AND ps.row_index = p_row
           AND ps.position = p_position
           AND NOT EXISTS (SELECT 1 FROM seat_assignments sa
                            WHERE sa.show_id = p_show AND sa.seat_id = ps.id AND sa.live)
           AND NOT ((p_show::text || ':' || ps.id::text) = ANY (p_batch)));
$$;

-- Best-available's promise, checked again under the show's lock: the block is
-- one row of consecutive seats and leaves no single free seat between itself
-- and a taken seat or the row's end (docs/seating.md). The server chose the
-- block from a moment earlier; when this says no, it chooses again.
CREATE FUNCTION seat_block_strands_seat(p_show bigint, p_plan bigint, p_seats bigint[],
                                        p_batch text[])
RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_section integer;
    v_row     integer;
    v_lo      integer;
    v_hi      integer;
    v_rows    integer;
    v_count   integer;
BEGIN
    SELECT min(ps.section_idx), min(ps.row_index), min(ps.position), max(ps.position),
           count(DISTINCT (ps.section_idx, ps.row_index)), count(*)
      INTO v_section, v_row, v_lo, v_hi, v_rows, v_count
      FROM plan_seats ps WHERE ps.plan_id = p_plan AND ps.id = ANY (p_seats);
    IF v_rows <> 1 OR v_count <> cardinality(p_seats) OR v_hi - v_lo + 1 <> v_count THEN
        RETURN true; -- not one block of one row: never best-available's answer
    END IF;
    RETURN (seat_is_free_at(p_show, p_plan, v_section, v_row, v_lo - 1, p_batch)
            AND NOT seat_is_free_at(p_show, p_plan, v_section, v_row, v_lo - 2, p_batch))
        OR (seat_is_free_at(p_show, p_plan, v_section, v_row, v_hi + 1, p_batch)
            AND NOT seat_is_free_at(p_show, p_plan, v_section, v_row, v_hi + 2, p_batch));
END;
$$;

-- Group booking with seats: book_seats_batch (013) for batches that hold
-- seats, the same judging, idempotency rules, lock order and rows, plus:
--   p_seat_lists[i]: the seats entry i holds, as an array literal of
--     plan_seats ids ('{12,13}'), NULL for a general-admission entry;
--   p_best[i]: the seats were chosen by best-available, not picked.
-- New outcomes: seats_taken (a picked seat is held, sold or blocked; taken
-- lists them, nothing is held), seats_stale (best-available's block is no
-- longer free or would now strand a seat: the server chooses again),
-- not_seated (seats for a general-admission show), seats_required (a count
-- for a seated show reached the database), unknown_seats (not in the plan).
-- Seat checks run under the show row's lock, which every writer of
-- seat_assignments takes first, so what is judged free stays free until commit.
CREATE FUNCTION book_seats_batch_with_seats(
    p_show_ids bigint[], p_user_names text[], p_seats integer[], p_hold_seconds integer[],
    p_references text[], p_keys text[], p_hashes text[], p_token_ids bigint[],
    p_token_hashes bytea[], p_may_hold boolean[], p_seat_lists text[], p_best boolean[])
RETURNS TABLE (ord integer, outcome text, booking_id bigint, available integer,
               created_at timestamptz, expires_at timestamptz, taken text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    n integer := coalesce(array_length(p_show_ids, 1), 0);
    v_claimed text[];
    v_old_keys text[];
    v_old_hashes text[];
    v_old_bookings bigint[];
    v_key_booked text[] := '{}';
    v_key_hash text[] := '{}';
    v_key_booking bigint[] := '{}';
    v_ids bigint[];
    v_free integer[];
    v_status text[];
    v_plan bigint[];
    v_delta integer[];
    v_batch_seats text[] := '{}';    -- 'show:seat' taken by earlier entries of this batch
    v_as_show bigint[] := '{}';      -- the seat_assignments rows to insert
    v_as_plan bigint[] := '{}';
    v_as_seat bigint[] := '{}';
    v_as_booking bigint[] := '{}';
    v_want bigint[];
    v_bad bigint[];
    r_outcome text[] := array_fill(NULL::text, ARRAY[n]);
    r_booking bigint[] := array_fill(NULL::bigint, ARRAY[n]);
    r_available integer[] := array_fill(NULL::integer, ARRAY[n]);
    r_created timestamptz[] := array_fill(NULL::timestamptz, ARRAY[n]);
    r_expires timestamptz[] := array_fill(NULL::timestamptz, ARRAY[n]);
    r_taken text[] := array_fill(NULL::text, ARRAY[n]);
    i integer;
    k integer;
    s integer;
    v_key text;
    v_first_expiry timestamptz;
BEGIN
    IF n = 0 THEN
        RETURN;
    END IF;
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
           coalesce(array_agg(sh.status ORDER BY sh.id), '{}'),
           coalesce(array_agg(sh.seating_plan_id ORDER BY sh.id), '{}')
      INTO v_ids, v_free, v_status, v_plan
      FROM (SELECT sh0.id, sh0.total_seats, sh0.reserved_seats, sh0.status, sh0.seating_plan_id
              FROM shows sh0
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
            CONTINUE;
        ELSIF v_status[s] = 'CANCELLED' THEN
            r_outcome[i] := 'show_cancelled';
            r_available[i] := v_free[s];
            CONTINUE;
        ELSIF v_plan[s] IS NULL AND p_seat_lists[i] IS NOT NULL THEN
            r_outcome[i] := 'not_seated';
            CONTINUE;
        ELSIF v_plan[s] IS NOT NULL AND p_seat_lists[i] IS NULL THEN
            r_outcome[i] := 'seats_required';
            r_available[i] := v_free[s];
            CONTINUE;
        END IF;
        IF p_seat_lists[i] IS NULL THEN
            IF p_seats[i] > v_free[s] THEN
                r_outcome[i] := 'not_enough_seats';
                r_available[i] := v_free[s];
                CONTINUE;
            END IF;
        ELSE
            v_want := p_seat_lists[i]::bigint[];
            IF cardinality(v_want) <> p_seats[i] OR cardinality(v_want) = 0 THEN
                RAISE EXCEPTION 'entry % holds % seats but lists %', i, p_seats[i], p_seat_lists[i];
            END IF;
            SELECT array_agg(w.seat ORDER BY w.seat) INTO v_bad
              FROM unnest(v_want) AS w(seat)
             WHERE NOT EXISTS (SELECT 1 FROM plan_seats ps
                                WHERE ps.plan_id = v_plan[s] AND ps.id = w.seat);
            IF v_bad IS NOT NULL THEN
                r_outcome[i] := 'unknown_seats';
                r_taken[i] := v_bad::text;
                CONTINUE;
            END IF;
            SELECT array_agg(w.seat ORDER BY w.seat) INTO v_bad
              FROM unnest(v_want) AS w(seat)
             WHERE EXISTS (SELECT 1 FROM seat_assignments sa
                            WHERE sa.show_id = p_show_ids[i] AND sa.seat_id = w.seat AND sa.live)
                OR (p_show_ids[i]::text || ':' || w.seat::text) = ANY (v_batch_seats);
            IF v_bad IS NOT NULL THEN
                r_outcome[i] := CASE WHEN p_best[i] THEN 'seats_stale' ELSE 'seats_taken' END;
                r_taken[i] := v_bad::text;
                r_available[i] := v_free[s];
                CONTINUE;
            END IF;
            IF p_best[i] AND seat_block_strands_seat(p_show_ids[i], v_plan[s], v_want,
                                                     v_batch_seats) THEN
                r_outcome[i] := 'seats_stale';
                r_available[i] := v_free[s];
                CONTINUE;
            END IF;
        END IF;
        v_free[s] := v_free[s] - p_seats[i];
        v_delta[s] := v_delta[s] + p_seats[i];
        r_outcome[i] := 'booked';
        r_booking[i] := nextval('bookings_id_seq');
        r_created[i] := clock_timestamp();
        r_expires[i] := r_created[i] + make_interval(secs => p_hold_seconds[i]);
        v_first_expiry := least(v_first_expiry, r_expires[i]);
        IF v_want IS NOT NULL AND p_seat_lists[i] IS NOT NULL THEN
            v_batch_seats := v_batch_seats
                || ARRAY(SELECT p_show_ids[i]::text || ':' || w.seat::text FROM unnest(v_want) AS w(seat));
            v_as_show := v_as_show || array_fill(p_show_ids[i], ARRAY[cardinality(v_want)]);
            v_as_plan := v_as_plan || array_fill(v_plan[s], ARRAY[cardinality(v_want)]);
            v_as_seat := v_as_seat || v_want;
            v_as_booking := v_as_booking || array_fill(r_booking[i], ARRAY[cardinality(v_want)]);
        END IF;
        v_want := NULL;
        IF v_key IS NOT NULL THEN
            v_key_booked := v_key_booked || v_key;
            v_key_hash := v_key_hash || p_hashes[i];
            v_key_booking := v_key_booking || r_booking[i];
        END IF;
    END LOOP;

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
        IF cardinality(v_as_seat) > 0 THEN
            INSERT INTO seat_assignments (show_id, plan_id, seat_id, booking_id)
            SELECT a.show_id, a.plan_id, a.seat_id, a.booking_id
              FROM unnest(v_as_show, v_as_plan, v_as_seat, v_as_booking)
                   AS a(show_id, plan_id, seat_id, booking_id);
        END IF;
        UPDATE idempotency_keys ik SET booking_id = b.booking, request_hash = b.hash
          FROM unnest(v_key_booked, v_key_booking, v_key_hash) AS b(key, booking, hash)
         WHERE ik.key = b.key;
        PERFORM pg_notify('boxoffice_holds',
                          (extract(epoch FROM v_first_expiry) * 1000)::bigint::text);
    END IF;

    RETURN QUERY
        SELECT o.pos::integer, o.outcome, o.booking, o.available, o.created, o.expires, o.taken
          FROM unnest(r_outcome, r_booking, r_available, r_created, r_expires, r_taken)
               WITH ORDINALITY AS o(outcome, booking, available, created, expires, taken, pos);
END;
$$;

-- An admin blocks seats of a seated show (the sound desk, a camera) or frees
-- them again, all or nothing: a seat that a live booking holds cannot be
-- blocked (seats_taken lists them). The show's capacity becomes the plan's
-- seats minus the blocked ones, under the show's lock like every booking.
CREATE FUNCTION set_show_seat_blocks(p_show_id bigint, p_block bigint[], p_unblock bigint[])
RETURNS TABLE (outcome text, taken text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_plan   bigint;
    v_status text;
    v_count  integer;
    v_bad    bigint[];
BEGIN
    SELECT sh.seating_plan_id, sh.status INTO v_plan, v_status
      FROM shows sh WHERE sh.id = p_show_id FOR UPDATE;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'show_not_found'::text, NULL::text;
        RETURN;
    ELSIF v_plan IS NULL THEN
        RETURN QUERY SELECT 'not_seated'::text, NULL::text;
        RETURN;
    ELSIF v_status = 'CANCELLED' THEN
        RETURN QUERY SELECT 'show_cancelled'::text, NULL::text;
        RETURN;
    END IF;
    SELECT array_agg(w.seat ORDER BY w.seat) INTO v_bad
      FROM unnest(p_block || p_unblock) AS w(seat)
     WHERE NOT EXISTS (SELECT 1 FROM plan_seats ps WHERE ps.plan_id = v_plan AND ps.id = w.seat);
    IF v_bad IS NOT NULL THEN
        RETURN QUERY SELECT 'unknown_seats'::text, v_bad::text;
        RETURN;
    END IF;
    SELECT array_agg(sa.seat_id ORDER BY sa.seat_id) INTO v_bad
      FROM seat_assignments sa
     WHERE sa.show_id = p_show_id AND sa.live AND sa.booking_id IS NOT NULL
       AND sa.seat_id = ANY (p_block);
    IF v_bad IS NOT NULL THEN
        RETURN QUERY SELECT 'seats_taken'::text, v_bad::text;
        RETURN;
    END IF;
    DELETE FROM seat_assignments sa
     WHERE sa.show_id = p_show_id AND sa.live AND sa.booking_id IS NULL
       AND sa.seat_id = ANY (p_unblock);
    INSERT INTO seat_assignments (show_id, plan_id, seat_id)
    SELECT p_show_id, v_plan, w.seat FROM unnest(p_block) AS w(seat)
    ON CONFLICT (show_id, seat_id) WHERE live DO NOTHING;
    SELECT count(*) INTO v_count FROM seat_assignments sa
     WHERE sa.show_id = p_show_id AND sa.live AND sa.booking_id IS NULL;
    UPDATE shows sh SET total_seats = sp.seat_count - v_count, updated_at = now()
      FROM seating_plans sp
     WHERE sh.id = p_show_id AND sp.id = v_plan AND sh.total_seats <> sp.seat_count - v_count;
    RETURN QUERY SELECT 'ok'::text, NULL::text;
END;
$$;

-- The change feed's booking announcements (017), built in one query instead
-- of one pass over slices of the arrays per fifty bookings: slicing the
-- arrays of a 20 000-hold sweep 400 times cost 250 ms a sweep, most of the
-- time 100 000 due holds take to be released. Each announcement now carries
-- up to fifty bookings whose state changed (before: fifty rows looked at).
CREATE OR REPLACE FUNCTION bookings_announce_changes()
RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_ids    bigint[];
    v_shows  bigint[];
    v_status text[];
    v_seats  integer[];
    v_tokens bigint[];
    v_holder text[];
    v_before text[];
    v_items  json;
BEGIN
    SELECT array_agg(n.id ORDER BY n.id), array_agg(n.show_id ORDER BY n.id),
           array_agg(n.status ORDER BY n.id), array_agg(n.seats ORDER BY n.id),
           array_agg(n.created_by_token_id ORDER BY n.id),
           array_agg(CASE WHEN n.access_token_hash IS NULL THEN NULL
                          ELSE encode(substring(n.access_token_hash FROM 1 FOR 8), 'hex') END
                     ORDER BY n.id)
      INTO v_ids, v_shows, v_status, v_seats, v_tokens, v_holder
      FROM new_rows n;
    IF v_ids IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT array_agg(o.status ORDER BY o.id) INTO v_before FROM old_rows o;

    IF 'CONFIRMED' = ANY (v_status) OR 'CONFIRMED' = ANY (v_before) THEN
        PERFORM 1 FROM shows s
          WHERE s.id IN (SELECT u.show_id FROM unnest(v_shows, v_status, v_before) AS u(show_id, now_, was)
                          WHERE (u.now_ = 'CONFIRMED') <> (u.was = 'CONFIRMED'))
          ORDER BY s.id FOR UPDATE;
        UPDATE shows s SET sold_seats = s.sold_seats + d.delta
          FROM (SELECT u.show_id,
                       sum(CASE WHEN u.now_ = 'CONFIRMED' THEN u.seats ELSE -u.seats END) AS delta
                  FROM unnest(v_shows, v_status, v_before, v_seats) AS u(show_id, now_, was, seats)
                 WHERE (u.now_ = 'CONFIRMED') <> (u.was = 'CONFIRMED')
                 GROUP BY u.show_id) d
         WHERE s.id = d.show_id AND d.delta <> 0;
    END IF;

    -- At most 50 bookings an announcement: with ids of 19 digits that is
    -- still under the 8 000 bytes a payload may hold. Numbers are drawn in
    -- id order, one per announcement, in the loop.
    FOR v_items IN
        SELECT json_agg(c.item ORDER BY c.id)
          FROM (SELECT u.id, (row_number() OVER (ORDER BY u.id) - 1) / 50 AS chunk,
                       json_build_array(u.id, u.show_id, u.status, u.seats, u.token, u.holder) AS item
                  FROM unnest(v_ids, v_shows, v_status, v_seats, v_tokens, v_holder, v_before)
                       AS u(id, show_id, status, seats, token, holder, was)
                 WHERE u.status <> u.was) c
         GROUP BY c.chunk
         ORDER BY c.chunk
    LOOP
        PERFORM pg_notify('boxoffice_changes', json_build_object(
            'e', 'bookings', 'seq', nextval('change_feed_seq'),
            'at', (extract(epoch FROM clock_timestamp()) * 1000)::bigint,
            'b', v_items)::text);
    END LOOP;
    RETURN NULL;
END;
$$;

-- The change feed for live push (issue 16). Every change of a show's
-- availability, of a booking's state and of a feature flag is announced on the
-- channel boxoffice_changes after commit, so a change made through any server
-- instance reaches the subscribers of every instance. Triggers, not the
-- booking functions, announce: every path that writes (the functions of every
-- migration, an admin's UPDATE, servers of an older version on this schema)
-- is covered, and the functions stay as they are.
--
-- Payloads are compact JSON for the server, not for clients: the server turns
-- them into the documented event messages (docs/api.md, "Live push").

-- One number for every announcement. A show's number is drawn while its row is
-- locked by the writer, so for one show the numbers grow in commit order: the
-- row keeps it as change_seq (the API's "version"), and a client applies an
-- event only if it is newer than what it has.
CREATE SEQUENCE change_feed_seq;

-- Seats of CONFIRMED bookings, kept by the trigger below so that an event can
-- carry held and sold counts without counting bookings (a hot show has tens of
-- thousands). held = reserved_seats - sold_seats.
ALTER TABLE shows
    ADD COLUMN sold_seats integer NOT NULL DEFAULT 0 CONSTRAINT shows_sold_not_negative CHECK (sold_seats >= 0),
    ADD COLUMN change_seq bigint  NOT NULL DEFAULT 0;

UPDATE shows s SET sold_seats = c.seats
  FROM (SELECT show_id, sum(seats) AS seats FROM bookings WHERE status = 'CONFIRMED'
         GROUP BY show_id) c
 WHERE s.id = c.show_id AND s.status = 'SCHEDULED';

-- Announces a show whose public face changed. BEFORE, so that the number is
-- stored in the row itself; the announcement leaves only at commit, and a
-- statement that fails (the capacity CHECK) takes it back with it.
CREATE FUNCTION shows_announce_change()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND NEW.reserved_seats = OLD.reserved_seats AND NEW.sold_seats = OLD.sold_seats
       AND NEW.total_seats = OLD.total_seats AND NEW.status = OLD.status
       AND NEW.name = OLD.name AND NEW.start_time = OLD.start_time THEN
        RETURN NEW;
    END IF;
    NEW.change_seq := nextval('change_feed_seq');
    PERFORM pg_notify('boxoffice_changes', json_build_object(
        'e', 'show', 'seq', NEW.change_seq, 'id', NEW.id, 'name', NEW.name,
        'start', (extract(epoch FROM NEW.start_time) * 1000)::bigint,
        'total', NEW.total_seats, 'reserved', NEW.reserved_seats, 'sold', NEW.sold_seats,
        'status', NEW.status, 'at', (extract(epoch FROM clock_timestamp()) * 1000)::bigint)::text);
    RETURN NEW;
END;
$$;

CREATE TRIGGER shows_announce_change BEFORE INSERT OR UPDATE ON shows
    FOR EACH ROW EXECUTE FUNCTION shows_announce_change();

-- Keeps sold_seats and announces booking state changes, once per statement:
-- an expiry sweep of 20 000 holds is one statement, and one announcement per
-- fifty bookings keeps it cheap (a payload holds at most 8 000 bytes).
-- Creating a booking is not announced here: its show's new counts are.
-- Each booking carries who may see it (docs/api.md, "Who sees what"): the
-- token that made it and the first 8 bytes of its access token's hash.
CREATE FUNCTION bookings_announce_changes()
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
    v_count  integer;
BEGIN
    -- Arrays in id order, not a join of the two transition tables: they have
    -- no statistics, and the planner's guesses made the join cost 15 µs a row
    -- (300 ms for a sweep of 20 000 holds). Each table holds each updated row
    -- once, so the two arrays line up.
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
    v_count := cardinality(v_ids);

    -- Seats sold: the booking rows are locked by the statement; the shows
    -- follow in id order, the order every writer locks in.
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
    -- still under the 8 000 bytes a payload may hold.
    FOR i IN 1 .. v_count BY 50 LOOP
        PERFORM pg_notify('boxoffice_changes', json_build_object(
                    'e', 'bookings', 'seq', nextval('change_feed_seq'),
                    'at', (extract(epoch FROM clock_timestamp()) * 1000)::bigint,
                    'b', (SELECT json_agg(json_build_array(u.id, u.show_id, u.status, u.seats,
                                                           u.token, u.holder))
                            FROM unnest(v_ids[i:i + 49], v_shows[i:i + 49], v_status[i:i + 49],
                                        v_seats[i:i + 49], v_tokens[i:i + 49], v_holder[i:i + 49],
                                        v_before[i:i + 49])
                                 AS u(id, show_id, status, seats, token, holder, was)
                           WHERE u.status <> u.was))::text)
          WHERE EXISTS (SELECT 1 FROM unnest(v_status[i:i + 49], v_before[i:i + 49]) AS u(status, was)
                         WHERE u.status <> u.was);
    END LOOP;
    RETURN NULL;
END;
$$;

CREATE TRIGGER bookings_announce_changes AFTER UPDATE ON bookings
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION bookings_announce_changes();

-- A flag's key, on the same feed, so that subscribers learn of it in order
-- with the rest (the server's own flag snapshot keeps listening on
-- boxoffice_flags).
CREATE FUNCTION feature_flags_announce_change()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('boxoffice_changes', json_build_object(
        'e', 'flag', 'seq', nextval('change_feed_seq'),
        'key', CASE WHEN TG_OP = 'DELETE' THEN OLD.key ELSE NEW.key END,
        'at', (extract(epoch FROM clock_timestamp()) * 1000)::bigint)::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER feature_flags_announce_change AFTER INSERT OR UPDATE OR DELETE ON feature_flags
    FOR EACH ROW EXECUTE FUNCTION feature_flags_announce_change();

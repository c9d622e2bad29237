-- A show's announcement on the change feed (017) also names its seating plan
-- (018), so that a client which first hears of a show from push knows at once
-- whether it is seated. 'plan' is absent for general admission.
CREATE OR REPLACE FUNCTION shows_announce_change()
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
    PERFORM pg_notify('boxoffice_changes', json_strip_nulls(json_build_object(
        'e', 'show', 'seq', NEW.change_seq, 'id', NEW.id, 'name', NEW.name,
        'start', (extract(epoch FROM NEW.start_time) * 1000)::bigint,
        'total', NEW.total_seats, 'reserved', NEW.reserved_seats, 'sold', NEW.sold_seats,
        'status', NEW.status, 'at', (extract(epoch FROM clock_timestamp()) * 1000)::bigint,
        'plan', NEW.seating_plan_id))::text);
    RETURN NEW;
END;
$$;

-- Expiry fast enough for a flash sale's abandoned carts: 100 000 holds falling
-- due in the same second must be released within 2 s. The sweep of 011 returns
-- one row per hold and works on id arrays it re-reads three times, so the server
-- takes small batches and pays one commit flush per 1 000 holds. This one reads
-- each due hold once (id, show, seats, deadline), releases a batch of any size
-- with one UPDATE of bookings and one of shows, and answers with the lag of the
-- batch grouped by millisecond: a handful of rows, however big the batch.
-- Same locking as 003 and 011: due holds taken with SKIP LOCKED (so any number
-- of sweepers share the work), show rows locked in id order before they change.
CREATE FUNCTION expire_due_holds_by_lag(p_batch integer DEFAULT 20000)
RETURNS TABLE (lag_ms bigint, holds bigint)
LANGUAGE plpgsql AS $$
DECLARE
    v_ids      bigint[];
    v_shows    bigint[];
    v_seats    integer[];
    v_deadline timestamptz[];
    v_released timestamptz;
BEGIN
    SELECT array_agg(due.id), array_agg(due.show_id), array_agg(due.seats), array_agg(due.expires_at)
      INTO v_ids, v_shows, v_seats, v_deadline
      FROM (SELECT b.id, b.show_id, b.seats, b.expires_at FROM bookings b
             WHERE b.status = 'PENDING' AND b.expires_at <= clock_timestamp()
             ORDER BY b.expires_at
             LIMIT p_batch
             FOR UPDATE SKIP LOCKED) due;
    IF v_ids IS NULL THEN
        RETURN;
    END IF;
    PERFORM 1 FROM shows s
      WHERE s.id IN (SELECT DISTINCT u.show_id FROM unnest(v_shows) AS u(show_id))
      ORDER BY s.id FOR UPDATE;
    -- One reading of the clock for the whole batch, taken after every lock is
    -- held: the holds are released no earlier than this, and their lag is
    -- measured from their own deadline to it.
    v_released := clock_timestamp();
    UPDATE bookings b SET status = 'EXPIRED', updated_at = v_released
      FROM unnest(v_ids) AS u(id)
     WHERE b.id = u.id;
    UPDATE shows s SET reserved_seats = s.reserved_seats - released.seats, updated_at = now()
      FROM (SELECT u.show_id, sum(u.seats) AS seats
              FROM unnest(v_shows, v_seats) AS u(show_id, seats) GROUP BY u.show_id) released
     WHERE s.id = released.show_id;
    RETURN QUERY
        SELECT greatest(0, floor(extract(epoch FROM v_released - d.deadline) * 1000))::bigint,
               count(*)
          FROM unnest(v_deadline) AS d(deadline)
         GROUP BY 1;
END;
$$;

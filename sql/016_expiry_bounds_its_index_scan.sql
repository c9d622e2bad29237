-- The sweep's cost no longer grows with the number of pending holds that are
-- not yet due (see the comment on v_now). Otherwise the same as 015.
CREATE OR REPLACE FUNCTION expire_due_holds_by_lag(p_batch integer DEFAULT 20000)
RETURNS TABLE (lag_ms bigint, holds bigint)
LANGUAGE plpgsql AS $$
DECLARE
    v_ids      bigint[];
    v_shows    bigint[];
    v_seats    integer[];
    v_deadline timestamptz[];
    v_released timestamptz;
    v_now      timestamptz := clock_timestamp();
BEGIN
    -- v_now, not clock_timestamp() in the WHERE clause: a volatile function
    -- cannot bound an index scan, so the planner walked the whole partial
    -- index of pending holds in deadline order and filtered each one. With a
    -- million pending hour-long holds every sweep read all of them (130 ms)
    -- even when nothing was due. A variable is a parameter: an index bound.
    SELECT array_agg(due.id), array_agg(due.show_id), array_agg(due.seats), array_agg(due.expires_at)
      INTO v_ids, v_shows, v_seats, v_deadline
      FROM (SELECT b.id, b.show_id, b.seats, b.expires_at FROM bookings b
             WHERE b.status = 'PENDING' AND b.expires_at <= v_now
             ORDER BY b.expires_at
             LIMIT p_batch
             FOR UPDATE SKIP LOCKED) due;
    IF v_ids IS NULL THEN
        RETURN;
    END IF;
    -- One reading of the clock for the whole batch, taken once its rows are
    -- locked: the holds are released no earlier than this, and their lag is
    -- measured from their own deadline to it.
    v_released := clock_timestamp();
    -- = ANY, not a join with unnest(): the planner costs the join as a merge
    -- join over the whole primary key, which reads every booking ever made.
    UPDATE bookings b SET status = 'EXPIRED', updated_at = v_released
     WHERE b.id = ANY (v_ids);
    -- Only now the show rows, in id order. Still the order everyone locks in
    -- (booking rows, then shows), but the show is held just for the last
    -- update and the commit, so sweepers of other servers release the same
    -- show's holds side by side instead of one after another.
    PERFORM 1 FROM shows s
      WHERE s.id IN (SELECT DISTINCT u.show_id FROM unnest(v_shows) AS u(show_id))
      ORDER BY s.id FOR UPDATE;
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

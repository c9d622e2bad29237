-- The hold sweep tells the server each released hold's deadline, so it can
-- measure how late the release was (boxoffice_hold_expiry_lag_seconds).
-- Same sweep as expire_due_holds (003), which stays for other callers: due
-- holds taken with SKIP LOCKED in batches, shows locked in id order; one row
-- per released hold, its expires_at in epoch milliseconds.
CREATE FUNCTION expire_due_holds_returning_deadlines(p_batch integer DEFAULT 1000)
RETURNS TABLE (deadline_ms bigint)
LANGUAGE plpgsql AS $$
DECLARE
    v_ids bigint[];
BEGIN
    SELECT array_agg(due.id) INTO v_ids FROM (
        SELECT b.id FROM bookings b
         WHERE b.status = 'PENDING' AND b.expires_at <= clock_timestamp()
         ORDER BY b.expires_at
         LIMIT p_batch
         FOR UPDATE SKIP LOCKED
    ) due;
    IF v_ids IS NULL THEN
        RETURN;
    END IF;
    -- Show rows in id order, so two sweepers (or a sweeper and anything else)
    -- never lock the same shows in opposite orders.
    PERFORM 1 FROM shows s
      WHERE s.id IN (SELECT DISTINCT b.show_id FROM bookings b WHERE b.id = ANY (v_ids))
      ORDER BY s.id FOR UPDATE;
    -- clock_timestamp(), not now(): now() is when this transaction began,
    -- before the holds were found due, and would date the expiry too early.
    UPDATE bookings b SET status = 'EXPIRED', updated_at = clock_timestamp()
     WHERE b.id = ANY (v_ids);
    UPDATE shows s SET reserved_seats = s.reserved_seats - released.seats, updated_at = now()
      FROM (SELECT b.show_id, sum(b.seats) AS seats FROM bookings b
             WHERE b.id = ANY (v_ids) GROUP BY b.show_id) released
     WHERE s.id = released.show_id;
    RETURN QUERY
        SELECT floor(extract(epoch FROM b.expires_at) * 1000)::bigint
          FROM bookings b WHERE b.id = ANY (v_ids);
END;
$$;

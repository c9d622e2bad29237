-- Idempotency keys are purged on their own schedule (the server calls
-- purge_idempotency_keys every minute), not as a side effect of the expiry
-- sweep: 002 purged only in a sweep that expired at least one hold, so a
-- server whose holds were all confirmed never purged its keys.
-- expire_due_holds is the one from 002, less the purge.

-- Expires due holds. SKIP LOCKED lets several server instances sweep at once
-- without waiting on each other or releasing a hold twice; the batch limit
-- keeps each transaction short, and the caller repeats while a full batch came back.
CREATE OR REPLACE FUNCTION expire_due_holds(p_batch integer DEFAULT 1000)
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
    RETURN cardinality(v_ids);
END;
$$;

-- Deletes keys older than max_age and returns how many. Keys only matter for
-- retries of recent requests; idempotency_keys_created_idx keeps this a range
-- scan over the oldest keys.
CREATE FUNCTION purge_idempotency_keys(max_age interval)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    v_count integer;
BEGIN
    DELETE FROM idempotency_keys WHERE created_at < now() - max_age;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END;
$$;

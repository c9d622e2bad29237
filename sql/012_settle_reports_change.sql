-- Confirm and cancel say what they changed (issue 14), so the server counts
-- boxoffice_bookings_total by real changes only. 009's outcome alone cannot
-- tell: 'confirmed' also answers a booking that was already CONFIRMED (a
-- retry), 'cancelled' one already CANCELLED, and 'booking_expired' does not
-- say whether this call found the hold overdue and expired it, or an earlier
-- sweep had.
--
-- changed_to is the status this call gave the booking, NULL when it changed
-- nothing. Same arguments and the same outcome column first, so callers that
-- select only outcome keep working (a server still running the old code while
-- another one migrates). A new OUT column changes the return type, which
-- CREATE OR REPLACE cannot do: the 009 functions are dropped and made again,
-- in the migration's one transaction. The audit rows are written as in 009.
--
-- The booking row stays locked from the first read to the end of the call
-- (the inner function locks it again, which is free), so the status read
-- after the change is this call's doing and nobody else's.

DROP FUNCTION confirm_booking_audited(bigint, text, bigint, bytea, text, text, text, text);
DROP FUNCTION cancel_booking_audited(bigint, text, bigint, bytea, text, text, text, text);

-- The booking's status now, if it differs from before; NULL when it does not
-- (or there is no such booking).
CREATE FUNCTION booking_status_changed_from(p_booking_id bigint, p_before text)
RETURNS text
LANGUAGE sql AS $$
    SELECT nullif(b.status, p_before) FROM bookings b WHERE b.id = p_booking_id;
$$;

CREATE FUNCTION confirm_booking_audited(
    p_booking_id bigint, p_scope text, p_token_id bigint, p_access_hash bytea,
    p_actor text, p_actor_role text, p_client_address text, p_request_id text,
    OUT outcome text, OUT changed_to text)
LANGUAGE plpgsql AS $$
DECLARE
    v_before text;
BEGIN
    SELECT b.status INTO v_before FROM bookings b
     WHERE b.id = p_booking_id AND booking_in_scope(b, p_scope, p_token_id, p_access_hash)
       FOR UPDATE;
    outcome := (SELECT c.outcome
                  FROM confirm_booking(p_booking_id, p_scope, p_token_id, p_access_hash) c);
    IF v_before IS NULL THEN
        RETURN; -- not found, or not the caller's: nothing was touched
    END IF;
    changed_to := booking_status_changed_from(p_booking_id, v_before);
    IF outcome = 'confirmed' AND v_before IS DISTINCT FROM 'CONFIRMED' THEN
        PERFORM audit_booking_settle('booking.confirm', p_booking_id, v_before, 'CONFIRMED',
                                     p_actor, p_actor_role, p_client_address, p_request_id);
    END IF;
END;
$$;

CREATE FUNCTION cancel_booking_audited(
    p_booking_id bigint, p_scope text, p_token_id bigint, p_access_hash bytea,
    p_actor text, p_actor_role text, p_client_address text, p_request_id text,
    OUT outcome text, OUT changed_to text)
LANGUAGE plpgsql AS $$
DECLARE
    v_before text;
BEGIN
    SELECT b.status INTO v_before FROM bookings b
     WHERE b.id = p_booking_id AND booking_in_scope(b, p_scope, p_token_id, p_access_hash)
       FOR UPDATE;
    outcome := (SELECT c.outcome
                  FROM cancel_booking(p_booking_id, p_scope, p_token_id, p_access_hash) c);
    IF v_before IS NULL THEN
        RETURN;
    END IF;
    changed_to := booking_status_changed_from(p_booking_id, v_before);
    IF outcome = 'cancelled' AND v_before IS DISTINCT FROM 'CANCELLED' THEN
        PERFORM audit_booking_settle('booking.cancel', p_booking_id, v_before, 'CANCELLED',
                                     p_actor, p_actor_role, p_client_address, p_request_id);
    END IF;
END;
$$;

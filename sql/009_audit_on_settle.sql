-- Confirm and cancel with their audit row (issue 13). Both are single function
-- calls in autocommit on the hot path; these variants take who is asking as
-- arguments and write the audit_log row inside the same call, so a settled
-- booking and its audit row commit together in one round trip.
--
-- Only a change is recorded: confirming a booking that is already CONFIRMED,
-- cancelling one already CANCELLED, or a refusal (not found, expired,
-- cancelled) writes nothing. A hold found overdue is expired by the inner
-- function, which is the expiry's doing, not the caller's: no row either.
--
-- They take 008's scope arguments and call its scoped confirm_booking and
-- cancel_booking. The booking row is locked first, and only within the
-- caller's scope (as 008 does; bookings before shows), so reading its status
-- before the change cannot interleave with another settle of the same booking.

CREATE FUNCTION audit_booking_settle(
    p_action text, p_booking_id bigint, p_before text, p_after text,
    p_actor text, p_actor_role text, p_client_address text, p_request_id text)
RETURNS void
LANGUAGE sql AS $$
    INSERT INTO audit_log (actor, actor_role, action, target_type, target_id, before, after,
                           client_address, request_id)
    VALUES (coalesce(nullif(p_actor, ''), 'anonymous'), nullif(p_actor_role, ''), p_action,
            'booking', p_booking_id::text,
            jsonb_build_object('status', p_before), jsonb_build_object('status', p_after),
            nullif(p_client_address, ''), nullif(p_request_id, ''));
$$;

CREATE FUNCTION confirm_booking_audited(
    p_booking_id bigint, p_scope text, p_token_id bigint, p_access_hash bytea,
    p_actor text, p_actor_role text, p_client_address text, p_request_id text,
    OUT outcome text)
LANGUAGE plpgsql AS $$
DECLARE
    v_before text;
BEGIN
    SELECT b.status INTO v_before FROM bookings b
     WHERE b.id = p_booking_id AND booking_in_scope(b, p_scope, p_token_id, p_access_hash)
       FOR UPDATE;
    outcome := (SELECT c.outcome
                  FROM confirm_booking(p_booking_id, p_scope, p_token_id, p_access_hash) c);
    IF outcome = 'confirmed' AND v_before IS DISTINCT FROM 'CONFIRMED' THEN
        PERFORM audit_booking_settle('booking.confirm', p_booking_id, v_before, 'CONFIRMED',
                                     p_actor, p_actor_role, p_client_address, p_request_id);
    END IF;
END;
$$;

CREATE FUNCTION cancel_booking_audited(
    p_booking_id bigint, p_scope text, p_token_id bigint, p_access_hash bytea,
    p_actor text, p_actor_role text, p_client_address text, p_request_id text,
    OUT outcome text)
LANGUAGE plpgsql AS $$
DECLARE
    v_before text;
BEGIN
    SELECT b.status INTO v_before FROM bookings b
     WHERE b.id = p_booking_id AND booking_in_scope(b, p_scope, p_token_id, p_access_hash)
       FOR UPDATE;
    outcome := (SELECT c.outcome
                  FROM cancel_booking(p_booking_id, p_scope, p_token_id, p_access_hash) c);
    IF outcome = 'cancelled' AND v_before IS DISTINCT FROM 'CANCELLED' THEN
        PERFORM audit_booking_settle('booking.cancel', p_booking_id, v_before, 'CANCELLED',
                                     p_actor, p_actor_role, p_client_address, p_request_id);
    END IF;
END;
$$;

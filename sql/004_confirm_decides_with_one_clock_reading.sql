-- confirm_booking reads the clock once. In 002 it judged the deadline with one
-- clock_timestamp() call and dated the confirmation with another, so a confirm
-- judged a few microseconds before expires_at could be stored with
-- confirmed_at at or after it (caught once by tst_holdexpiry's race at the
-- deadline on a busy machine). Now the decision and the stored time are the
-- same instant, read after the row lock is ours. Behaviour is otherwise 002's.
CREATE OR REPLACE FUNCTION confirm_booking(p_booking_id bigint, OUT outcome text)
LANGUAGE plpgsql AS $$
DECLARE
    v_booking bookings%ROWTYPE;
    v_now timestamptz;
BEGIN
    SELECT * INTO v_booking FROM bookings WHERE id = p_booking_id FOR UPDATE;
    IF NOT FOUND THEN
        outcome := 'booking_not_found';
        RETURN;
    END IF;
    v_now := clock_timestamp();
    IF v_booking.status = 'CONFIRMED' THEN
        outcome := 'confirmed';
    ELSIF v_booking.status = 'CANCELLED' THEN
        outcome := 'booking_cancelled';
    ELSIF v_booking.status = 'EXPIRED' THEN
        outcome := 'booking_expired';
    ELSIF v_booking.expires_at <= v_now THEN
        PERFORM end_booking(v_booking, 'EXPIRED');
        outcome := 'booking_expired';
    ELSE
        UPDATE bookings SET status = 'CONFIRMED', confirmed_at = v_now, updated_at = v_now
         WHERE id = p_booking_id;
        outcome := 'confirmed';
    END IF;
END;
$$;

-- Sales at the counter (issue 18): ticket categories with prices, the lines a
-- booking was sold with (at the prices of that moment), payments and refunds,
-- and the clerks' shifts they are taken in. docs/counter.md describes the
-- model; this file is its database half. Money is integer minor units
-- (bigint), never floating point; one currency per installation (the
-- server's BOXOFFICE_CURRENCY), so no amount carries one.
--
-- The money rule, kept by a deferred constraint trigger whatever the code
-- does: for every booking, payments - refunds = the value of its live lines
-- (count - cancelled, at unit_price) when it is CONFIRMED, and 0 otherwise. A
-- CANCELLED booking of a CANCELLED show is the one exception: its money is
-- owed back (docs/counter.md, "Cancelled shows"), so it may hold up to what
-- it was worth.

CREATE TABLE ticket_categories (
    show_id   bigint  NOT NULL REFERENCES shows (id),
    code      text    NOT NULL CHECK (code ~ '^[a-z0-9_-]{1,40}$'),
    name      text    NOT NULL CHECK (char_length(name) BETWEEN 1 AND 60),
    price     bigint  NOT NULL CHECK (price BETWEEN 0 AND 100000000),
    position  integer NOT NULL CHECK (position >= 0),
    -- A category left out of a later price list stays, inactive, for the
    -- lines sold in it; only active ones can be sold.
    active    boolean NOT NULL DEFAULT true,
    PRIMARY KEY (show_id, code)
);

-- Every show sells at least one category: the first active one is its
-- default, what a booking by count (the reference's {"seats": n}) buys.
INSERT INTO ticket_categories (show_id, code, name, price, position)
SELECT s.id, 'standard', 'Standard', 0, 0 FROM shows s;

CREATE FUNCTION shows_add_standard_category()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ticket_categories (show_id, code, name, price, position)
    SELECT n.id, 'standard', 'Standard', 0, 0 FROM new_rows n;
    RETURN NULL;
END;
$$;

-- Also for shows made by a server without sales (a rolling upgrade); the
-- server replaces the list when the request names categories.
CREATE TRIGGER shows_add_standard_category AFTER INSERT ON shows
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION shows_add_standard_category();

-- Replaces a show's price list: the given categories become the active ones,
-- in this order; the others become inactive. Under the show's lock, as every
-- booking of it.
CREATE FUNCTION set_show_categories(p_show_id bigint, p_codes text[], p_names text[],
                                    p_prices bigint[], OUT outcome text)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM shows s WHERE s.id = p_show_id FOR UPDATE;
    IF NOT FOUND THEN
        outcome := 'show_not_found';
        RETURN;
    END IF;
    IF coalesce(cardinality(p_codes), 0) = 0 THEN
        RAISE EXCEPTION 'a show sells at least one category' USING ERRCODE = '23514';
    END IF;
    UPDATE ticket_categories tc SET active = false
     WHERE tc.show_id = p_show_id AND tc.active AND NOT (tc.code = ANY (p_codes));
    INSERT INTO ticket_categories (show_id, code, name, price, position, active)
    SELECT p_show_id, c.code, c.name, c.price, (c.pos - 1)::integer, true
      FROM unnest(p_codes, p_names, p_prices) WITH ORDINALITY AS c(code, name, price, pos)
    ON CONFLICT (show_id, code) DO UPDATE
       SET name = excluded.name, price = excluded.price, position = excluded.position,
           active = true;
    outcome := 'ok';
END;
$$;

-- What a booking bought: a category, how many, at which unit price. Lines
-- are never rewritten; a partial cancellation raises cancelled.
CREATE TABLE booking_lines (
    id          bigserial PRIMARY KEY,
    booking_id  bigint  NOT NULL REFERENCES bookings (id),
    show_id     bigint  NOT NULL,
    category    text    NOT NULL,
    name        text    NOT NULL,
    unit_price  bigint  NOT NULL CHECK (unit_price >= 0),
    count       integer NOT NULL CHECK (count > 0),
    cancelled   integer NOT NULL DEFAULT 0,
    CONSTRAINT booking_lines_cancelled_within CHECK (cancelled BETWEEN 0 AND count)
    -- No foreign key to ticket_categories: a line copies the category's code,
    -- name and price when it is written (only the two writers below write
    -- lines, both from an active category), and a second key check on every
    -- booking of the hot path cost 7 us each (100 000 holds: 0.7 s more).
);
CREATE INDEX booking_lines_booking_idx ON booking_lines (booking_id);

-- Bookings made before prices existed were free: one standard line each.
INSERT INTO booking_lines (booking_id, show_id, category, name, unit_price, count)
SELECT b.id, b.show_id, 'standard', 'Standard', 0, b.seats FROM bookings b ORDER BY b.id;

-- Every new booking gets one line of its show's default category for all its
-- seats, whichever function made it (the reference's booking by count, the
-- group batch, an older server). book_tickets_batch below replaces it for
-- bookings that named their categories.
CREATE FUNCTION bookings_add_default_line()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- The default of each show once, joined to the new rows: not one lookup
    -- per booking (a batch of holds is mostly one show).
    WITH defaults AS (
        SELECT DISTINCT ON (tc.show_id) tc.show_id, tc.code, tc.name, tc.price
          FROM ticket_categories tc
         WHERE tc.show_id IN (SELECT DISTINCT n.show_id FROM new_rows n) AND tc.active
         ORDER BY tc.show_id, tc.position, tc.code)
    INSERT INTO booking_lines (booking_id, show_id, category, name, unit_price, count)
    SELECT n.id, n.show_id, d.code, d.name, d.price, n.seats
      FROM new_rows n JOIN defaults d ON d.show_id = n.show_id
     ORDER BY n.id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER bookings_add_default_line AFTER INSERT ON bookings
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION bookings_add_default_line();

-- A clerk's till session. owner names who may use it: 'user:<id>' (a staff
-- login), 'token:<id>' (a staff API token) or 'bootstrap'. One open shift per
-- owner at a time.
CREATE TABLE shifts (
    id             bigserial   PRIMARY KEY,
    owner          text        NOT NULL CHECK (owner ~ '^(user:[0-9]+|token:[0-9]+|bootstrap)$'),
    clerk          text        NOT NULL CHECK (char_length(clerk) BETWEEN 1 AND 200),
    opening_float  bigint      NOT NULL CHECK (opening_float BETWEEN 0 AND 100000000),
    opened_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    closed_at      timestamptz,
    counted_cash   bigint      CHECK (counted_cash BETWEEN 0 AND 1000000000),
    CONSTRAINT shifts_closed_is_counted CHECK ((closed_at IS NULL) = (counted_cash IS NULL))
);
CREATE UNIQUE INDEX shifts_one_open_per_owner ON shifts (owner) WHERE closed_at IS NULL;
CREATE INDEX shifts_opened_idx ON shifts (opened_at DESC, id DESC);

-- Money in (payment) and out (refund) of a booking. Cash payments say what
-- was tendered and the change given. Everything but online payments belongs
-- to a shift; online ones (a web shop's) to the day's online report.
CREATE TABLE payments (
    id          bigserial   PRIMARY KEY,
    booking_id  bigint      NOT NULL REFERENCES bookings (id),
    kind        text        NOT NULL CHECK (kind IN ('payment', 'refund')),
    method      text        NOT NULL CHECK (method IN ('cash', 'card', 'voucher', 'online', 'other')),
    amount      bigint      NOT NULL CHECK (amount >= 0),
    tendered    bigint,
    change      bigint,
    reference   text        CHECK (char_length(reference) BETWEEN 1 AND 100),
    shift_id    bigint      REFERENCES shifts (id),
    actor       text        NOT NULL CHECK (char_length(actor) BETWEEN 1 AND 200),
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    CONSTRAINT payments_cash_change CHECK (
        (tendered IS NULL AND change IS NULL)
        OR (kind = 'payment' AND method = 'cash' AND tendered >= amount
            AND change = tendered - amount)),
    CONSTRAINT payments_in_a_shift CHECK (shift_id IS NOT NULL OR method = 'online'),
    CONSTRAINT payments_refund_not_zero CHECK (kind = 'payment' OR amount > 0)
);
CREATE INDEX payments_booking_idx ON payments (booking_id);
CREATE INDEX payments_shift_idx ON payments (shift_id) WHERE shift_id IS NOT NULL;
CREATE INDEX payments_online_idx ON payments (at) WHERE method = 'online';

-- Which tickets a cancellation took back, and the refund that paid them back
-- (none when nothing had been paid): the shift report counts refunded tickets
-- by category from here.
CREATE TABLE line_cancellations (
    id         bigserial   PRIMARY KEY,
    line_id    bigint      NOT NULL REFERENCES booking_lines (id),
    count      integer     NOT NULL CHECK (count > 0),
    refund_id  bigint      REFERENCES payments (id),
    at         timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX line_cancellations_refund_idx ON line_cancellations (refund_id)
    WHERE refund_id IS NOT NULL;

-- The money rule for one booking (see the top of this file).
CREATE FUNCTION booking_is_balanced(p_booking_id bigint)
RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT CASE
             WHEN b.status = 'CONFIRMED' THEN m.net = m.live
             WHEN b.status = 'CANCELLED' AND s.status = 'CANCELLED' THEN m.net BETWEEN 0 AND m.worth
             ELSE m.net = 0
           END
      FROM bookings b
      JOIN shows s ON s.id = b.show_id
     CROSS JOIN LATERAL (
           SELECT coalesce((SELECT sum(CASE WHEN p.kind = 'payment' THEN p.amount ELSE -p.amount END)
                              FROM payments p WHERE p.booking_id = b.id), 0) AS net,
                  coalesce((SELECT sum((l.count - l.cancelled) * l.unit_price)
                              FROM booking_lines l WHERE l.booking_id = b.id), 0) AS live,
                  coalesce((SELECT sum(l.count * l.unit_price)
                              FROM booking_lines l WHERE l.booking_id = b.id), 0) AS worth) m
     WHERE b.id = p_booking_id;
$$;

CREATE FUNCTION booking_balance_check()
RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_booking bigint;
BEGIN
    -- Only the branch taken is evaluated: bookings rows have no booking_id.
    IF TG_TABLE_NAME = 'bookings' THEN
        v_booking := NEW.id;
    ELSE
        v_booking := NEW.booking_id;
    END IF;
    IF NOT coalesce(booking_is_balanced(v_booking), true) THEN
        RAISE EXCEPTION 'booking % does not balance: payments - refunds must equal its live lines',
                        v_booking USING ERRCODE = '23514';
    END IF;
    RETURN NULL;
END;
$$;

-- Checked at commit, once the whole operation is in: a confirm inserts the
-- payment and changes the status in one transaction. Expiry (PENDING to
-- EXPIRED) never moves money, so the sweep is not slowed by this.
CREATE CONSTRAINT TRIGGER payments_balance AFTER INSERT ON payments
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION booking_balance_check();
CREATE CONSTRAINT TRIGGER booking_lines_balance AFTER UPDATE ON booking_lines
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION booking_balance_check();
CREATE CONSTRAINT TRIGGER bookings_balance AFTER UPDATE OF status ON bookings
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status
          AND (NEW.status = 'CONFIRMED' OR OLD.status = 'CONFIRMED'))
    EXECUTE FUNCTION booking_balance_check();

-- Payments and refunds are a ledger: written once, never changed.
CREATE FUNCTION payments_refuse_change()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'payments are append-only';
END;
$$;
CREATE TRIGGER payments_refuse_change BEFORE UPDATE OR DELETE ON payments
    FOR EACH ROW EXECUTE FUNCTION payments_refuse_change();

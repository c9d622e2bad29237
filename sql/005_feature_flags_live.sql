-- Feature flags become something the server obeys live (docs/flags.md).
-- The reference's three columns stay as they are; a change made any way at
-- all - the API, or psql as the reference's README shows - is stamped, kept
-- in the history and announced on channel boxoffice_flags, by triggers, so
-- no writer can forget one of the three.

-- A flag's version is drawn from one sequence for all flags, so a flag that
-- is deleted and created again never repeats a version an editor still holds
-- (If-Match on a stale copy fails instead of overwriting the new flag).
CREATE SEQUENCE feature_flag_version;

ALTER TABLE feature_flags
    ADD COLUMN updated_by text   NOT NULL DEFAULT 'unknown',
    ADD COLUMN version    bigint NOT NULL DEFAULT nextval('feature_flag_version');

-- What is wrong with a key and value, in words, or NULL when nothing is. The
-- server checks the same rules first, with the same words, so a refusal here
-- means a writer went around it.
CREATE FUNCTION feature_flag_problem(p_key text, p_value jsonb)
RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    v_type text := jsonb_typeof(p_value);
    v_percent numeric;
BEGIN
    IF p_key IS NULL OR p_key !~ '^[a-z0-9._:-]{1,100}$' THEN
        RETURN 'a flag key is 1 to 100 characters of a-z, 0-9 and . _ : -';
    END IF;
    IF v_type IS NULL OR v_type NOT IN ('object', 'number', 'boolean', 'string') THEN
        RETURN 'a flag value is an object, a number, a boolean or a string';
    END IF;
    IF p_key = 'booking.hold_seconds' THEN
        -- Nested, not OR: SQL does not promise to stop at the first true
        -- operand, and a string cast to numeric raises.
        IF v_type = 'number' THEN
            IF p_value::numeric = trunc(p_value::numeric) AND p_value::numeric BETWEEN 10 AND 86400 THEN
                RETURN NULL;
            END IF;
        END IF;
        RETURN 'booking.hold_seconds must be a whole number of seconds from 10 to 86400';
    END IF;
    IF p_key = 'booking.max_seats' THEN
        IF v_type = 'number' THEN
            IF p_value::numeric = trunc(p_value::numeric) AND p_value::numeric BETWEEN 1 AND 1000 THEN
                RETURN NULL;
            END IF;
        END IF;
        RETURN 'booking.max_seats must be a whole number from 1 to 1000';
    END IF;
    IF p_key = 'sales.paused' OR p_key ~ '^sales\.paused\.show\.[1-9][0-9]{0,17}$' THEN
        IF v_type <> 'boolean' THEN
            RETURN p_key || ' must be true or false';
        END IF;
        RETURN NULL;
    END IF;
    IF p_key LIKE 'booking.%' OR p_key LIKE 'sales.%' THEN
        RETURN 'the names booking.* and sales.* belong to the server''s own flags: '
               'booking.hold_seconds, booking.max_seats, sales.paused, sales.paused.show.<id>';
    END IF;
    IF v_type = 'object' AND p_value ? 'percent' THEN
        IF jsonb_typeof(p_value -> 'percent') <> 'number' THEN
            RETURN 'percent must be a number from 0 to 100';
        END IF;
        v_percent := (p_value -> 'percent')::numeric;
        IF v_percent NOT BETWEEN 0 AND 100 THEN
            RETURN 'percent must be a number from 0 to 100';
        END IF;
        IF v_percent * 10 <> trunc(v_percent * 10) THEN
            RETURN 'percent may have at most one decimal place';
        END IF;
    END IF;
    RETURN NULL;
END;
$$;

-- NOT VALID: rows written before this migration (by hand, as the reference
-- did) are not re-judged, but every new or changed row is.
ALTER TABLE feature_flags
    ADD CONSTRAINT feature_flags_valid CHECK (feature_flag_problem(key, value) IS NULL) NOT VALID;

CREATE TABLE feature_flag_history (
    id          bigserial   PRIMARY KEY,
    key         text        NOT NULL,
    old_value   jsonb,                     -- NULL: the flag was created
    new_value   jsonb,                     -- NULL: the flag was deleted
    changed_by  text        NOT NULL,
    changed_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (old_value IS NOT NULL OR new_value IS NOT NULL)
);
CREATE INDEX feature_flag_history_by_key ON feature_flag_history (key, id DESC);

-- Who is changing flags: the API sets boxoffice.actor for its transaction;
-- anyone else (psql) is named by their database role.
CREATE FUNCTION feature_flag_actor()
RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(current_setting('boxoffice.actor', true), ''), 'sql:' || session_user);
$$;

CREATE FUNCTION feature_flags_stamp()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.key <> OLD.key THEN
        RAISE EXCEPTION 'a feature flag key cannot be renamed; delete it and create the new one';
    END IF;
    NEW.updated_at := now();
    NEW.updated_by := feature_flag_actor();
    NEW.version := nextval('feature_flag_version');
    RETURN NEW;
END;
$$;

CREATE TRIGGER feature_flags_stamp BEFORE INSERT OR UPDATE ON feature_flags
    FOR EACH ROW EXECUTE FUNCTION feature_flags_stamp();

-- The NOTIFY payload is the key; listeners re-read the table, so a lost or
-- coalesced notification costs nothing but the re-read.
CREATE FUNCTION feature_flags_record_change()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO feature_flag_history (key, old_value, new_value, changed_by)
        VALUES (OLD.key, OLD.value, NULL, feature_flag_actor());
        PERFORM pg_notify('boxoffice_flags', OLD.key);
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.value = OLD.value THEN
        RETURN NEW;
    END IF;
    INSERT INTO feature_flag_history (key, old_value, new_value, changed_by)
    VALUES (NEW.key, CASE WHEN TG_OP = 'UPDATE' THEN OLD.value END, NEW.value, NEW.updated_by);
    PERFORM pg_notify('boxoffice_flags', NEW.key);
    RETURN NEW;
END;
$$;

CREATE TRIGGER feature_flags_record_change AFTER INSERT OR UPDATE OR DELETE ON feature_flags
    FOR EACH ROW EXECUTE FUNCTION feature_flags_record_change();

-- Sets a flag. p_expected_version: NULL = whatever is there now, 0 = only if
-- the flag does not exist, n = only if its version is n (If-Match).
-- outcome: 'created', 'updated', 'unchanged' (same value: no new version, no
-- history, no notification), 'version_conflict', or 'invalid' (the row
-- holds the problem in words in flag_updated_by).
CREATE FUNCTION put_feature_flag(p_key text, p_value jsonb, p_actor text,
                                 p_expected_version bigint DEFAULT NULL)
RETURNS TABLE (outcome text, flag_key text, flag_value jsonb, flag_updated_at timestamptz,
               flag_updated_by text, flag_version bigint)
LANGUAGE plpgsql AS $$
DECLARE
    v_row feature_flags%ROWTYPE;
    v_problem text := feature_flag_problem(p_key, p_value);
BEGIN
    IF v_problem IS NOT NULL THEN
        RETURN QUERY SELECT 'invalid'::text, p_key, NULL::jsonb, NULL::timestamptz, v_problem, 0::bigint;
        RETURN;
    END IF;
    PERFORM set_config('boxoffice.actor', p_actor, true);
    LOOP
        SELECT * INTO v_row FROM feature_flags f WHERE f.key = p_key FOR UPDATE;
        IF FOUND THEN
            IF p_expected_version IS NOT NULL AND v_row.version <> p_expected_version THEN
                RETURN QUERY SELECT 'version_conflict'::text, v_row.key, v_row.value,
                                    v_row.updated_at, v_row.updated_by, v_row.version;
                RETURN;
            END IF;
            IF v_row.value = p_value THEN
                RETURN QUERY SELECT 'unchanged'::text, v_row.key, v_row.value,
                                    v_row.updated_at, v_row.updated_by, v_row.version;
                RETURN;
            END IF;
            UPDATE feature_flags f SET value = p_value WHERE f.key = p_key RETURNING * INTO v_row;
            RETURN QUERY SELECT 'updated'::text, v_row.key, v_row.value,
                                v_row.updated_at, v_row.updated_by, v_row.version;
            RETURN;
        END IF;
        IF p_expected_version IS NOT NULL AND p_expected_version <> 0 THEN
            RETURN QUERY SELECT 'version_conflict'::text, p_key, NULL::jsonb,
                                NULL::timestamptz, NULL::text, 0::bigint;
            RETURN;
        END IF;
        INSERT INTO feature_flags (key, value) VALUES (p_key, p_value)
            ON CONFLICT (key) DO NOTHING
            RETURNING * INTO v_row;
        IF FOUND THEN
            RETURN QUERY SELECT 'created'::text, v_row.key, v_row.value,
                                v_row.updated_at, v_row.updated_by, v_row.version;
            RETURN;
        END IF;
        -- A concurrent PUT created it first: take the update path against its row.
    END LOOP;
END;
$$;

-- Deletes a flag. outcome: 'deleted' (the row is the flag as it was),
-- 'not_found', or 'version_conflict' (the row is the flag as it is).
CREATE FUNCTION delete_feature_flag(p_key text, p_actor text, p_expected_version bigint DEFAULT NULL)
RETURNS TABLE (outcome text, flag_key text, flag_value jsonb, flag_updated_at timestamptz,
               flag_updated_by text, flag_version bigint)
LANGUAGE plpgsql AS $$
DECLARE
    v_row feature_flags%ROWTYPE;
BEGIN
    PERFORM set_config('boxoffice.actor', p_actor, true);
    SELECT * INTO v_row FROM feature_flags f WHERE f.key = p_key FOR UPDATE;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'not_found'::text, p_key, NULL::jsonb, NULL::timestamptz, NULL::text, 0::bigint;
        RETURN;
    END IF;
    IF p_expected_version IS NOT NULL AND v_row.version <> p_expected_version THEN
        RETURN QUERY SELECT 'version_conflict'::text, v_row.key, v_row.value,
                            v_row.updated_at, v_row.updated_by, v_row.version;
        RETURN;
    END IF;
    DELETE FROM feature_flags f WHERE f.key = p_key;
    RETURN QUERY SELECT 'deleted'::text, v_row.key, v_row.value,
                        v_row.updated_at, v_row.updated_by, v_row.version;
END;
$$;

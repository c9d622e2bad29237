-- Three corrections to 005, found in review.

-- 1. TRUNCATE fires no row triggers, so it emptied the table with no history
-- and no announcement: every running server kept obeying the old flags (a
-- pause, say) until some other change. Now it is recorded and announced like
-- deleting each row; the payload '*' says "everything" (listeners re-read the
-- whole table whatever the payload).
CREATE FUNCTION feature_flags_record_truncate()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO feature_flag_history (key, old_value, new_value, changed_by)
    SELECT key, value, NULL, feature_flag_actor() FROM feature_flags;
    PERFORM pg_notify('boxoffice_flags', '*');
    RETURN NULL;
END;
$$;

CREATE TRIGGER feature_flags_record_truncate BEFORE TRUNCATE ON feature_flags
    FOR EACH STATEMENT EXECUTE FUNCTION feature_flags_record_truncate();

-- 2. An UPDATE that leaves the value as it was (psql's SET value = value) got
-- a new version, time and author, though no history row or announcement: an
-- editor's If-Match then failed over a change that never happened. Such an
-- update now keeps all three.
CREATE OR REPLACE FUNCTION feature_flags_stamp()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.key <> OLD.key THEN
        RAISE EXCEPTION 'a feature flag key cannot be renamed; delete it and create the new one';
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.value = OLD.value THEN
        NEW.updated_at := OLD.updated_at;
        NEW.updated_by := OLD.updated_by;
        NEW.version := OLD.version;
        RETURN NEW;
    END IF;
    NEW.updated_at := now();
    NEW.updated_by := feature_flag_actor();
    NEW.version := nextval('feature_flag_version');
    RETURN NEW;
END;
$$;

-- 3. If-Match: * ("only if it exists") was judged by the server reading the
-- version first and writing against it, retrying when another writer got in
-- between - and failing after a few lost races. p_expected_version -1 now
-- means "only if it exists", judged under the row lock in one call.
-- p_expected_version: NULL = whatever is there now, -1 = only if the flag
-- exists, 0 = only if it does not, n > 0 = only if its version is n.
CREATE OR REPLACE FUNCTION put_feature_flag(p_key text, p_value jsonb, p_actor text,
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
            IF p_expected_version IS NOT NULL AND p_expected_version >= 0
               AND v_row.version <> p_expected_version THEN
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

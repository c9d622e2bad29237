-- The seat checks of book_seats_batch_with_seats (018) look up a handful of
-- seats of one show. PL/pgSQL caches a generic plan for them after a few
-- calls, and the generic plan hashes every live seat of the show for each
-- booking: 1.4 ms a booking once a show is half sold (docs/performance.md,
-- "Issue 17"), where a plan made for the call does two index lookups.
ALTER FUNCTION book_seats_batch_with_seats(bigint[], text[], integer[], integer[], text[], text[],
                                           text[], bigint[], bytea[], boolean[], text[], boolean[])
    SET plan_cache_mode = force_custom_plan;
ALTER FUNCTION seat_block_strands_seat(bigint, bigint, bigint[], text[])
    SET plan_cache_mode = force_custom_plan;

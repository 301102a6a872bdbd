-- A username is one name whatever its case: see the PostgreSQL script of this version for why two users whose names
-- differ only in case stop the migration rather than one being renamed. H2 has no RAISE: casting the message to a
-- number fails with the message in the error, and only when there is a clash. Flyway notes the failed attempt on H2
-- (its DDL is not transactional), so the message says to forget it too. H2 indexes no expressions, so the unique
-- constraint stands on a column computed from the name.
SELECT CAST('Usernames that differ only in case: ' || LISTAGG(username || ' (id ' || id || ')', ', ')
        WITHIN GROUP (ORDER BY id) || '. A username no longer tells capitals from small letters: rename all but one'
        || ' of each (UPDATE users SET username = ''...'' WHERE id = ...), forget this attempt (DELETE FROM'
        || ' flyway_schema_history WHERE version = ''58''), then start Keepwarm again' AS INT)
FROM users
WHERE LOWER(username) IN (SELECT LOWER(username) FROM users GROUP BY LOWER(username) HAVING COUNT(*) > 1)
HAVING COUNT(*) > 0;

ALTER TABLE users ADD COLUMN username_without_case VARCHAR(100) GENERATED ALWAYS AS (LOWER(username));
ALTER TABLE users ADD CONSTRAINT users_username_without_case UNIQUE (username_without_case);

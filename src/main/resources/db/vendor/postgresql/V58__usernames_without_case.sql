-- A username is one name whatever its case: 'Alice' and 'alice' can no longer both exist, and either signs in as the
-- one user. Two users whose names differ only in case stop this migration, before it changes anything, with their
-- names and ids: which of the two people keeps the name, and so who signs in as 'alice', is a person's decision, not
-- the migration's (renaming one silently would lock that person out under a name they were never told). Rename all
-- but one (UPDATE users SET username = 'alice.smith' WHERE id = 7) and start Keepwarm again.
DO $$
DECLARE
    clashes TEXT;
BEGIN
    SELECT string_agg(names, '; ') INTO clashes FROM (
        SELECT string_agg(username || ' (id ' || id || ')', ', ' ORDER BY id) AS names
        FROM users GROUP BY LOWER(username) HAVING COUNT(*) > 1) same_name;
    IF clashes IS NOT NULL THEN
        RAISE EXCEPTION 'Usernames that differ only in case: %. A username no longer tells capitals from small letters: rename all but one of each (UPDATE users SET username = ''...'' WHERE id = ...), then start Keepwarm again',
            clashes;
    END IF;
END $$;

CREATE UNIQUE INDEX users_username_without_case ON users (LOWER(username));

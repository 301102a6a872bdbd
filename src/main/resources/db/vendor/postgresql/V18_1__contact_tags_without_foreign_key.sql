-- A tag row's foreign key made PostgreSQL lock its contact row (FOR KEY SHARE, written to the WAL) for every tag
-- inserted: about 9 µs of the 42 µs of database work an imported contact cost (1,000,000-row import bench). The
-- code keeps what the key kept instead: whoever deletes a contact deletes its tags in the same transaction, and
-- whoever tags a contact it did not create in its own transaction locks the contact row first and tags only a
-- contact still there (Tags, ContactWriter, Merges, PersonalData). H2, the embedded try-out database, keeps the key
-- and with it a check in every H2 test that no code tags a contact that is gone.
ALTER TABLE contact_tags DROP CONSTRAINT contact_tags_contact_id_fkey;

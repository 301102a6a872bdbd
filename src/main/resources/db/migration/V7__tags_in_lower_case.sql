-- Tags are labels without case ('HPC' and 'hpc' are one tag); from now on they are stored in lower case.
INSERT INTO contact_tags (contact_id, tag)
SELECT contact_id, LOWER(tag) FROM contact_tags WHERE tag <> LOWER(tag) ON CONFLICT DO NOTHING;
DELETE FROM contact_tags WHERE tag <> LOWER(tag);

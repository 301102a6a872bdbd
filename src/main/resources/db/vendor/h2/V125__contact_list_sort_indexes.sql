-- See the PostgreSQL script of this version. H2 indexes no expression, so the first name is indexed as it is, and its
-- foreign key keeps the index of company_id alone, so the one by company and id is another.
CREATE INDEX contacts_by_last_name ON contacts (last_name_folded, first_name_folded, id);
CREATE INDEX contacts_by_update ON contacts (updated_at, id);
DROP INDEX contacts_created;
CREATE INDEX contacts_created ON contacts (created_at, id);
CREATE INDEX contacts_by_company ON contacts (company_id, id);
CREATE INDEX companies_by_name ON companies (name_folded, id);
CREATE INDEX contact_scores_by_score ON contact_scores (score, contact_id);

-- The contact list sorts by last and first name, address, company, score, last change and creation, either way, with
-- the id breaking ties, and pages with a row comparison on the sort key and id (ContactSort): each order is one range
-- of one of these indexes, so a page deep in 100,000 contacts costs what the first does. Contacts without a last name,
-- a company or a score come last, read from the same index (its null part) or by id. The address is unique, so its
-- own index serves its order.
CREATE INDEX contacts_by_last_name ON contacts (last_name_folded, (COALESCE(first_name_folded, '')), id);
CREATE INDEX contacts_by_update ON contacts (updated_at, id);
DROP INDEX contacts_created;
CREATE INDEX contacts_created ON contacts (created_at, id);
-- By company: the companies by name, then each one's contacts by id.
DROP INDEX contacts_company;
CREATE INDEX contacts_company ON contacts (company_id, id);
CREATE INDEX companies_by_name ON companies (name_folded, id);
CREATE INDEX contact_scores_by_score ON contact_scores (score, contact_id);

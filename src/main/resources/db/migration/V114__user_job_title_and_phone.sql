-- How a person's emails and call scripts can name them beyond their name and address: their job title and a phone
-- number, as owner.title and owner.phone in templates ("Rita Jones, Account Executive, +44 20 7946 0000"). Each person
-- sets their own on their account page.
ALTER TABLE users ADD COLUMN job_title VARCHAR(200);
ALTER TABLE users ADD COLUMN phone VARCHAR(50);

-- A new contact of a country with clocks by region (US, Canada, Australia) and no state Keepwarm knows gets no zone,
-- rather than the account's: email then goes at hours every clock of the country allows, calls wait until it is set.
ALTER TABLE contacts ALTER COLUMN time_zone DROP NOT NULL;

-- Events sent to POST /api/v1/events carry the client's own id: a retried batch finds its events already there.
ALTER TABLE activities ADD COLUMN client_event_id VARCHAR(200);
CREATE UNIQUE INDEX activities_client_event ON activities (client_event_id);

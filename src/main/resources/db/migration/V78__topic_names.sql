-- A topic is kept in lower case (content_topics.topic, the contact's topic: tag) so that "HPC" and "hpc" are one topic;
-- the prospect's pages (landing page, preference centre) and the editor show it as an author last wrote it, in any
-- case but all lower: "HPC", "Data centre cooling". A topic no author wrote so is shown as kept.
CREATE TABLE topic_names (
    topic VARCHAR(100) PRIMARY KEY,
    name  VARCHAR(100) NOT NULL
);

package io.keepwarm.handoff;

import java.time.Instant;

/**
 * A territory rule: contacts of this region (matched against the contact's region or country) and/or industry (the
 * company's) go to this rep. A rule naming both wins over one naming either; among equals the older rule wins.
 */
public record Territory(long id, String region, String industry, long repId, Instant createdAt) {}

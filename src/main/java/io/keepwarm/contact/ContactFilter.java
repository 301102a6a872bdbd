package io.keepwarm.contact;

import java.time.Instant;

/**
 * Which contacts a list shows; null means any.
 *
 * @param q the start of an email, first or last name, case ignored
 */
public record ContactFilter(String q, String tag, Validity validity, ContactSource source, Long ownerId,
        Long companyId, Instant updatedSince) {}

package io.keepwarm.lifecycle;

import java.time.LocalDate;

/** A contact's expected-ready date arrived in its own time zone; published once per date set. */
public record ContactBecameReady(long contactId, Long ownerId, LocalDate readyOn, String reason) {}

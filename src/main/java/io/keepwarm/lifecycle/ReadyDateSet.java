package io.keepwarm.lifecycle;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A contact's expected-ready date was set: they (or a rep for them) said when to ask again, which answers the question
 * until {@code askFrom}, the start of that day in the contact's zone. Published in the setting transaction.
 */
public record ReadyDateSet(long contactId, LocalDate readyOn, Instant askFrom) {}

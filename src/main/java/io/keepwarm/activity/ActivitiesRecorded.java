package io.keepwarm.activity;

import java.util.Set;

/** Activities were added to the log for these contacts. */
public record ActivitiesRecorded(Set<Long> contactIds) {}

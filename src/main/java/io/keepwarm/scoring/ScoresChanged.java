package io.keepwarm.scoring;

import java.util.Set;

/** The scores or grades of these contacts changed, in one batch (activity scored, grades recomputed, decay). */
public record ScoresChanged(Set<Long> contactIds) {}

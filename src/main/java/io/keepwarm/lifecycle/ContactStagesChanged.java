package io.keepwarm.lifecycle;

import java.util.List;

/**
 * Many contacts moved in one pass (a scored batch's new MQLs, a recycling run), published once in the transaction
 * that moved them instead of a {@link ContactStageChanged} each, so listeners can do their part a batch at a time.
 */
public record ContactStagesChanged(List<ContactStageChanged> changes) {}

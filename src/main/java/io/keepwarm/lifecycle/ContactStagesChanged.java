package io.keepwarm.lifecycle;

import java.util.List;

/**
 * Contacts moved, published once in the transaction that moved them: a single move (a person's, a program step's) is
 * a batch of one, a scored batch's new MQLs or a recycling run a batch of many, so a listener does its part a batch at
 * a time and has one path for both.
 */
public record ContactStagesChanged(List<StageChange> changes) {}

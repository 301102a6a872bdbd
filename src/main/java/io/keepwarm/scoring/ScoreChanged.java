package io.keepwarm.scoring;

/** A contact's score or grade changed. */
public record ScoreChanged(long contactId, Scores.Score score) {}

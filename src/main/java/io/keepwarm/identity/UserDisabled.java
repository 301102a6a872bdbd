package io.keepwarm.identity;

/** A user was disabled: they can no longer sign in, so work waiting in their name has to go to someone who can. */
public record UserDisabled(long userId) {}

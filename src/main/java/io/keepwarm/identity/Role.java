package io.keepwarm.identity;

/** What a user or API key may do: ADMIN runs the place, MARKETER nurtures, SALES works the leads. */
public enum Role {
    ADMIN,
    MARKETER,
    SALES
}

package io.keepwarm.engine;

/**
 * Why the pressure policy deferred or suppressed a touch, or why a readiness check had nothing to ask (WITH_SALES,
 * ASKED_LATER), with words a marketer can read in a report.
 */
public enum Reason {
    NO_CONSENT("the contact has not given consent for this channel, and the account does not let unknown consent"
            + " pass for the contact's country"),
    CONSENT_WITHDRAWN("the contact withdrew consent for this channel"),
    DO_NOT_CONTACT("the contact is marked do-not-contact on this channel"),
    SUPPRESSED("the contact's address is on the suppression list"),
    NO_PHONE_NUMBER("the contact has no phone number: no call or text can be made"),
    INVALID_ADDRESS("the contact cannot be reached: bounced, unreachable or left the company"),
    WRONG_CHANNEL("the contact prefers another channel, and the account honours preferred channels"),
    CAP_REACHED("the contact has had as many touches as the caps allow in a rolling window"),
    QUIET_HOURS("it is quiet time in the contact's time zone"),
    UNKNOWN_TIME_ZONE("the contact's time zone is unknown and no moment is outside quiet hours in every zone from"
            + " UTC-12 to UTC+14; set the contact's time zone"),
    PREFERENCE("the contact chose in the preference centre not to get pieces like this (only webinars, or other"
            + " topics)"),
    LANGUAGE("the piece is in another language than the contact's (their own, or the account's default when they have"
            + " none): a stream passes it over for them, and a sequence's step or a one-off send is withheld"),
    PAUSED("the contact paused nurture email in the preference centre: it waits for the pause's end, and is dropped"
            + " when that comes after the step's staleness limit"),
    ALREADY_RECEIVED("the contact already received this piece (it was handed over to be sent) from this or another"
            + " program, a trigger or a one-off send; a sequence's step marked \"send even if already received\" sends"
            + " it again"),
    CONTACT_GONE("the contact no longer exists: erased, or merged into another"),
    STALE("the earliest allowed moment is past the step's staleness limit"),
    CONTENT_EXPIRED("the piece's valid-until moment had passed (an event's invitation after the event): it is sent to"
            + " no one from then on, a touch planned before and still waiting included"),
    WITH_SALES("the contact is with sales (marketing-qualified), who ask whether they are ready in the hand-off"),
    ASKED_LATER("the contact asked to be asked later");

    private final String message;

    Reason(String message) {
        this.message = message;
    }

    public String message() {
        return message;
    }

    /** Whether the touch can still go later (a deferral) rather than never. */
    public boolean temporary() {
        return this == CAP_REACHED || this == QUIET_HOURS || this == PAUSED;
    }
}

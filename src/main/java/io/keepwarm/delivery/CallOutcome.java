package io.keepwarm.delivery;

/** How a call went, or what came of a follow-up, as the rep logs it when completing a task. */
public enum CallOutcome {
    /** Reached, and ready to talk to sales: the contact becomes MQL (or an open hand-off is accepted). */
    REACHED_READY,
    /** Reached, not now: needs an ask-again date; the contact keeps, or goes back to, nurture. */
    REACHED_NOT_NOW,
    /** A message was left: an attempt, so another is booked as after no answer, up to the attempts allowed. */
    VOICEMAIL,
    /** Nobody answered: another attempt is booked, up to the attempts allowed (none when a call-back is booked). */
    NO_ANSWER,
    /** The number is not the contact's: it is flagged and no longer called. */
    WRONG_NUMBER,
    /** The contact asked never to be called: phone do-not-contact, with the statement in the consent ledger. */
    DO_NOT_CALL,
    /** A follow-up done (not a call): its note says what came of it. Only a follow-up ends with it. */
    DONE;

    /** The source of the consent statement a {@link #DO_NOT_CALL} records, as the ledger and the API keep it. */
    public static final String CONSENT_SOURCE = "CALL_OUTCOME";

    /** Whether this is how a call went, the only kind of outcome a call takes. */
    public boolean ofACall() {
        return this != DONE;
    }

    /**
     * Whether the contact heard from us on this call: a conversation, or a message left. A touch, as a "days since the
     * last touch" trigger counts them, where a call nobody answered or a wrong number is not.
     */
    public boolean heard() {
        return switch (this) {
            case REACHED_READY, REACHED_NOT_NOW, VOICEMAIL, DO_NOT_CALL -> true;
            case NO_ANSWER, WRONG_NUMBER, DONE -> false;
        };
    }
}

package io.keepwarm.delivery;

/** How a call went, as the rep logs it when completing a task. */
public enum CallOutcome {
    /** Reached, and ready to talk to sales: the contact becomes MQL (or an open hand-off is accepted). */
    REACHED_READY,
    /** Reached, not now: needs an ask-again date; the contact keeps, or goes back to, nurture. */
    REACHED_NOT_NOW,
    /** A message was left; nothing else changes. */
    VOICEMAIL,
    /** Nobody answered: another attempt is booked, up to the attempts allowed. */
    NO_ANSWER,
    /** The number is not the contact's: it is flagged and no longer called. */
    WRONG_NUMBER,
    /** The contact asked never to be called: phone do-not-contact, with the statement in the consent ledger. */
    DO_NOT_CALL
}

package io.keepwarm.contact;

/** Where a contact came from. */
public enum ContactSource {
    TRADE_SHOW,
    COLD_CALL,
    WEB_FORM,
    REFERRAL,
    BUSINESS_CARD,
    LOST_DEAL,
    EVENT,
    PARTNER,
    IMPORT,
    API,
    /** Typed in by a person in the web app. */
    MANUAL,
    OTHER
}

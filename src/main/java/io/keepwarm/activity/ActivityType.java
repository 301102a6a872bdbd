package io.keepwarm.activity;

/** What happened: the kinds of activity the log holds. */
public enum ActivityType {
    TOUCH_SENT(false),
    EMAIL_OPENED(true),
    EMAIL_CLICKED(true),
    PAGE_VIEW(true),
    FORM_SUBMITTED(true),
    REPLIED(true),
    OFFER_ACCEPTED(true),
    WEBINAR_REGISTERED(true),
    WEBINAR_ATTENDED(true),
    PURCHASE(true),
    CALL_OUTCOME(false),
    /** The contact withdrew email consent from a message's unsubscribe link or header. */
    UNSUBSCRIBED(false),
    /** An event type the account names itself ("webinar no-show", "trial started"), sent through the events API. */
    CUSTOM(true);

    private final boolean engagement;

    ActivityType(boolean engagement) {
        this.engagement = engagement;
    }

    /** Whether the contact did this themselves, as opposed to something we did to them. */
    public boolean engagement() {
        return engagement;
    }
}

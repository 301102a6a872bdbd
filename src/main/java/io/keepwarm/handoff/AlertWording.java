package io.keepwarm.handoff;

/**
 * How a person reads a module's text: an alert names a hand-off's rep choice, a rejection's reason or an offer by the
 * API's codes, which the web app says in words. The email copy of an alert is read by the same person as the app's
 * alert, so it is said the same way, and links to the page the app's alert leads to; the web app provides the words
 * and its pages (ui.Words).
 */
public interface AlertWording {

    /**
     * An alert's subject or body as the app shows it: codes in words, and the moments a hand-off's story wrote in
     * numbers ("2027-01-04 08:00") as the pages say them ("Mon 4 January 2027, 08:00").
     */
    String alertText(String text);

    /** The web app's page where a user acts on an alert about the contact (none: their day), as a path. */
    String pageOf(Long contactId);
}

package io.keepwarm.handoff;

/**
 * How a person reads a module's text: an alert names a hand-off's rep choice, a rejection's reason or an offer by the
 * API's codes, which the web app says in words. The email copy of an alert is read by the same person as the app's
 * alert, so it is said the same way; the web app provides the words (ui.Words).
 */
public interface AlertWording {

    String said(String text);
}

package io.keepwarm.content;

/**
 * The links a rendered piece carries for one contact: its landing page and offer (null when the item has none),
 * and the unsubscribe and preference pages.
 */
public record Links(String landingUrl, String offerUrl, String unsubscribeUrl, String preferencesUrl) {}

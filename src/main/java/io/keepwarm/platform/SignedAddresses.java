package io.keepwarm.platform;

import java.util.regex.Pattern;

/**
 * Our public pages' addresses as staff see them in activity, tracking data, hand-off notes, the outbox's messages, call
 * scripts and a contact's personal-data export: the signed token cut ({@code /t/l/…}). A click's or a visit's address carries the contact's token, and whoever holds
 * it can act as the contact (take an offer, change their preferences); the rest of the address still says which page
 * it was. A token is cut as far as the characters a token is made of (a key id, a dot, base64url), so an address
 * inside HTML ends at its quote and the markup around it stays whole, and a sentence's full stop after one stays.
 */
public final class SignedAddresses {

    private static final Pattern SIGNED = Pattern.compile("(/t/[A-Za-z]+/)[A-Za-z0-9._~%-]*[A-Za-z0-9_~%-]");

    private SignedAddresses() {}

    public static String cut(String text) {
        return text == null ? null : SIGNED.matcher(text).replaceAll("$1…");
    }
}

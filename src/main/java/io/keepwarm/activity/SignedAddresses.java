package io.keepwarm.activity;

import java.util.regex.Pattern;

/**
 * Our public pages' addresses as staff see them in activity, tracking data and hand-off notes: the signed token cut
 * ({@code /t/l/…}). A click's or a visit's address carries the contact's token, and whoever holds it can act as the
 * contact (take an offer, change their preferences); the rest of the address still says which page it was.
 */
public final class SignedAddresses {

    private static final Pattern SIGNED = Pattern.compile("(/t/[A-Za-z]+/)[^/?#\\s]+");

    private SignedAddresses() {}

    public static String cut(String text) {
        return text == null ? null : SIGNED.matcher(text).replaceAll("$1…");
    }
}

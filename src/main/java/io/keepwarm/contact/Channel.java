package io.keepwarm.contact;

/** A way to reach a contact; consent and do-not-contact are kept per channel. */
public enum Channel {
    EMAIL,
    PHONE,
    SMS
}

package io.keepwarm.contact;

/** Whether a contact agreed to be reached on a channel; UNKNOWN until someone states it with a source. */
public enum ConsentState {
    GRANTED,
    WITHDRAWN,
    UNKNOWN
}

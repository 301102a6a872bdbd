package io.keepwarm.contact;

/** A note was written on a contact (a customer cue a rep picked up), in the transaction that stored it. */
public record NoteAdded(long contactId, long noteId, String text) {}

package io.keepwarm.content;

/** A content item personalised for one contact: the fields of the channels rendered, the others null. */
public record Rendered(String subject, String html, String text, String script) {}

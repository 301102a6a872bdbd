package io.keepwarm.content;

/**
 * A content item personalised for one contact: the fields of the channels rendered, the others null.
 *
 * @param language the piece's language ("de"), which the words the sender adds (the email's footer) follow; null for
 *     none known
 */
public record Rendered(String subject, String html, String text, String script, String language) {

    public Rendered(String subject, String html, String text, String script) {
        this(subject, html, text, script, null);
    }
}

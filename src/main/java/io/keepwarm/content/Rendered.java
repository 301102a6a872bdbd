package io.keepwarm.content;

/**
 * A content item personalised for one contact: the fields of the channels rendered, the others null.
 *
 * @param language the language the email is written in for its contact ("de"): the piece's, or for a piece of any
 *     language the one the contact reads ({@link ContentLibrary#writtenIn}); the words the sender adds (the email's
 *     footer) follow it; null for none known (a call script, a preview)
 */
public record Rendered(String subject, String html, String text, String script, String language) {

    public Rendered(String subject, String html, String text, String script) {
        this(subject, html, text, script, null);
    }
}

package io.keepwarm.delivery.internal;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Message-IDs Keepwarm writes ({@code <touch.N.R@domain>}, see {@code Delivery}), as mail that comes back names
 * them. R is 128 random bits only the recipient saw; the old form {@code <touch.N@domain>} has none and can be
 * guessed from N, so only the random form may prove who a message went to.
 */
final class MessageIds {

    /** Either form; group 1 is the random part, null for the old form. */
    static final Pattern OURS = Pattern.compile("<touch\\.\\d{1,19}(\\.[0-9a-f]{32})?@[^<>\\s]{1,255}>");
    /** Only the form with the random part. */
    static final Pattern RANDOM = Pattern.compile("<touch\\.\\d{1,19}\\.[0-9a-f]{32}@[^<>\\s]{1,255}>");

    /** The most Message-IDs read from one message's headers: a long References chain names its thread's ancestors. */
    private static final int MAX_NAMED = 50;

    private MessageIds() {}

    /** Whether this is one of our Message-IDs with its random part. */
    static boolean random(String messageId) {
        return messageId != null && RANDOM.matcher(messageId.strip()).matches();
    }

    /** Our Message-IDs of the given form that a message answers (In-Reply-To, then References), at most 50. */
    static List<String> answered(MimeMessage message, Pattern form) throws MessagingException {
        List<String> named = new ArrayList<>();
        for (String header : List.of("In-Reply-To", "References")) {
            String[] values = message.getHeader(header);
            if (values != null) {
                Matcher m = form.matcher(String.join(" ", values));
                while (m.find() && named.size() < MAX_NAMED) {
                    named.add(m.group());
                }
            }
        }
        return named;
    }
}

package io.keepwarm.engine;

import io.keepwarm.contact.Tags;
import io.keepwarm.content.ContentItem;
import io.keepwarm.content.ContentType;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a contact chose in the preference centre about which pieces they get by email: only webinar invitations, and
 * the topics they care for. Kept as the contact's tags (so segments select on them too); the engine honours them
 * wherever it chooses or sends a piece: a stream's next piece, a touch at the moment of sending (else suppressed
 * with {@link Reason#PREFERENCE}), the preview and the content-exhaustion forecast.
 *
 * @param topics the topics chosen; none chosen means every topic
 */
public record ContentChoices(boolean onlyWebinars, Set<String> topics) {

    /** Tags carrying the contact's topics start with this: "topic:hpc". */
    public static final String TOPIC_TAG = Tags.TOPIC_TAG;
    /** The tag of "only webinars". */
    public static final String ONLY_WEBINARS_TAG = Tags.ONLY_WEBINARS_TAG;
    /** A contact who chose nothing: every piece may go. */
    public static final ContentChoices ANY = new ContentChoices(false, Set.of());

    public ContentChoices {
        topics = Set.copyOf(topics);
    }

    /** The choices a contact's tags carry. */
    public static ContentChoices of(Collection<String> tags) {
        if (tags == null || tags.isEmpty()) {
            return ANY;
        }
        Set<String> topics = new TreeSet<>();
        boolean webinars = false;
        for (String tag : tags) {
            if (tag.equals(ONLY_WEBINARS_TAG)) {
                webinars = true;
            } else if (tag.startsWith(TOPIC_TAG)) {
                topics.add(tag.substring(TOPIC_TAG.length()));
            }
        }
        return webinars || !topics.isEmpty() ? new ContentChoices(webinars, topics) : ANY;
    }

    /**
     * Whether the contact still wants this piece: a webinar invitation when they asked for webinars only, and one on
     * a topic they chose when they chose any. A piece on no topic in particular (a check-in, a newsletter) is not
     * about a topic they left out.
     */
    public boolean allow(ContentItem piece) {
        if (onlyWebinars && piece.type() != ContentType.WEBINAR_INVITE) {
            return false;
        }
        return topics.isEmpty() || piece.topics().isEmpty() || piece.topics().stream().anyMatch(topics::contains);
    }
}

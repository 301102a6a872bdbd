package io.keepwarm.content.internal;

import io.keepwarm.content.ContentItem;
import io.keepwarm.content.LinkSource;
import io.keepwarm.content.Links;
import org.springframework.stereotype.Component;

/**
 * Placeholder links under {@code keepwarm.public-url}/t/preview/…: unsigned and answered by nothing yet. Previews use
 * them; the tracking module (issue 6) brings signed links that lead somewhere.
 */
@Component
public class PreviewLinks implements LinkSource {

    private final String base;

    PreviewLinks(ContentProperties properties) {
        this.base = properties.publicUrl() + "/t/preview";
    }

    @Override
    public Links linksFor(ContentItem item, long contactId) {
        String who = "?contact=" + contactId;
        return new Links(
                item.landingUrl() == null && item.landing() == null ? null : base + "/landing/" + item.id() + who,
                item.offer() == null ? null : base + "/offer/" + item.id() + who + "&offer=" + item.offer().key(),
                base + "/unsubscribe" + who,
                base + "/preferences" + who);
    }
}

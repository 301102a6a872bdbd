package io.keepwarm.content.internal;

import io.keepwarm.content.ContentItem;
import io.keepwarm.content.LinkSource;
import io.keepwarm.content.Links;
import org.springframework.stereotype.Component;

/**
 * The links of a preview, unsigned. The landing page's and the offer's lead, as in a sent email, to the piece's landing
 * page, here its preview for a signed-in person ({@code /ui/content/{id}/landing?contact=…}: the page as that contact
 * would see it, recording nothing and taking no offer). The unsubscribe and preference links are placeholders under
 * {@code keepwarm.public-url}/t/preview/… that lead nowhere: a preview must not change anyone's consent.
 */
@Component
public class PreviewLinks implements LinkSource {

    private final String publicUrl;

    PreviewLinks(ContentProperties properties) {
        this.publicUrl = properties.publicUrl();
    }

    @Override
    public Links linksFor(ContentItem item, long contactId) {
        String who = "?contact=" + contactId;
        boolean page = item.landingUrl() != null || item.landing() != null;
        String landing = !page && item.offer() == null ? null
                : publicUrl + "/ui/content/" + item.id() + "/landing" + who;
        return new Links(page ? landing : null, item.offer() == null ? null : landing + "#offer",
                publicUrl + "/t/preview/unsubscribe" + who, publicUrl + "/t/preview/preferences" + who);
    }
}

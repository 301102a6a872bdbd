package io.keepwarm.tracking.internal;

import io.keepwarm.content.ContentItem;
import io.keepwarm.content.LinkSource;
import io.keepwarm.content.Links;
import io.keepwarm.delivery.LinkTracking;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * The links prospects get, each carrying a signed token under {@code keepwarm.public-url}/t/…: the open pixel and
 * click redirects delivery puts into every email, and the landing, offer, unsubscribe and preference links of a
 * piece. Primary over the content module's placeholders, which previews keep using.
 */
@Component
@Primary
public class SignedLinks implements LinkTracking, LinkSource {

    private final Tokens tokens;
    private final String base;

    SignedLinks(Tokens tokens, @Value("${keepwarm.public-url:http://localhost:8080}") String publicUrl) {
        this.tokens = tokens;
        this.base = publicUrl.strip().replaceAll("/+$", "") + "/t/";
    }

    @Override
    public String clickUrl(long touchId, int linkIndex) {
        return base + "c/" + tokens.sign(Token.click(touchId, linkIndex));
    }

    @Override
    public String openPixelUrl(long touchId) {
        return base + "o/" + tokens.sign(Token.open(touchId));
    }

    @Override
    public Links linksFor(ContentItem item, long contactId) {
        // Signed only for a piece with a landing page or an offer: a signature costs as much as the rest of a link.
        String landing = item.landingUrl() == null && item.offer() == null ? null
                : base + "l/" + tokens.sign(new Token(Token.Purpose.LANDING, contactId, item.id()));
        return new Links(
                item.landingUrl() == null ? null : landing,
                item.offer() == null ? null : landing + "#offer",
                unsubscribeUrl(contactId),
                preferencesUrl(contactId));
    }

    public String unsubscribeUrl(long contactId) {
        return base + "u/" + tokens.sign(Token.of(Token.Purpose.UNSUBSCRIBE, contactId));
    }

    public String preferencesUrl(long contactId) {
        return base + "p/" + tokens.sign(Token.of(Token.Purpose.PREFERENCES, contactId));
    }

    public String optInUrl(long contactId, long requestId) {
        return base + "confirm/" + tokens.sign(new Token(Token.Purpose.OPT_IN, contactId, requestId));
    }
}

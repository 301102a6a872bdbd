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

    /** The query parameter that carries a click's machine flag to the landing page it led to. */
    public static final String VIA = "via";

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
        boolean page = item.landingUrl() != null || item.landing() != null;
        String landing = !page && item.offer() == null ? null
                : base + "l/" + tokens.sign(new Token(Token.Purpose.LANDING, contactId, item.id()));
        return new Links(
                page ? landing : null,
                item.offer() == null ? null : landing + "#offer",
                unsubscribeUrl(contactId, item.id()),
                preferencesUrl(contactId, item.id()));
    }

    /**
     * The link with the flag of the click that led to it ({@code ?via=scanner}), when it is one of our landing pages;
     * any other link as it is. Unsigned on purpose: it can only make a visit count less, never more.
     */
    public String flagged(String url, MachineFilter.Flag flag) {
        if (!url.startsWith(base + "l/")) {
            return url;
        }
        int hash = url.indexOf('#');
        String head = hash < 0 ? url : url.substring(0, hash);
        String via = (head.indexOf('?') < 0 ? "?" : "&") + VIA + "=" + flag.name().toLowerCase(java.util.Locale.ROOT);
        return head + via + (hash < 0 ? "" : url.substring(hash));
    }

    /** The flag a landing page's {@code via} parameter carries, or null for none or one we never write. */
    public static MachineFilter.Flag via(String value) {
        for (MachineFilter.Flag flag : MachineFilter.Flag.values()) {
            if (flag.name().equalsIgnoreCase(value)) {
                return flag;
            }
        }
        return null;
    }

    /** The piece whose landing page this address of ours is, while its token is genuine and current; else empty. */
    public java.util.Optional<Long> pieceOfLanding(String url) {
        if (url == null || !url.startsWith(base + "l/")) {
            return java.util.Optional.empty();
        }
        String token = url.substring((base + "l/").length()).split("[/?#]", 2)[0];
        return tokens.verify(token, Token.Purpose.LANDING).map(Token::detail);
    }

    public String unsubscribeUrl(long contactId) {
        return unsubscribeUrl(contactId, 0);
    }

    /**
     * The unsubscribe link of an email of a piece (0 for none): the withdrawal it records names that email, and so do
     * the consent statements made in the preference centre its page links to, as the email's own preference link's.
     */
    public String unsubscribeUrl(long contactId, long pieceId) {
        return base + "u/" + tokens.sign(Token.unsubscribe(contactId, pieceId));
    }

    public String preferencesUrl(long contactId) {
        return preferencesUrl(contactId, 0);
    }

    /**
     * The preference centre from an email of a piece (0 for none), which the consent statements made there then name.
     * The piece, not the touch: an email planned and sent in one pass is rendered before its touch has an id.
     */
    public String preferencesUrl(long contactId, long pieceId) {
        return base + "p/" + tokens.sign(Token.preferences(contactId, pieceId));
    }

    public String optInUrl(long contactId, long requestId) {
        return base + "confirm/" + tokens.sign(new Token(Token.Purpose.OPT_IN, contactId, requestId));
    }
}

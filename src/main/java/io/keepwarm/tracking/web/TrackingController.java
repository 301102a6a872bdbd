package io.keepwarm.tracking.web;

import io.keepwarm.platform.NotFoundException;
import io.keepwarm.tracking.internal.ClickTargets;
import io.keepwarm.tracking.internal.MachineFilter;
import io.keepwarm.tracking.internal.Recorder;
import io.keepwarm.tracking.internal.SignedLinks;
import io.keepwarm.tracking.internal.Token;
import io.keepwarm.tracking.internal.Tokens;
import io.keepwarm.tracking.internal.Tracked;
import io.keepwarm.tracking.internal.Visitor;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The open pixel and the click redirect. Both answer at once from the token alone (and, for a click, the message's
 * stored links) and leave the writing to the recorder, so they stay fast under a burst of opens.
 */
@RestController
class TrackingController {

    /** The smallest transparent GIF: 1 x 1 pixel. */
    private static final byte[] PIXEL = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");
    private static final CacheControl NEVER = CacheControl.noStore().cachePrivate();
    private static final String HEX = "0123456789ABCDEF";

    private final Tokens tokens;
    private final ClickTargets targets;
    private final MachineFilter machines;
    private final Recorder recorder;
    private final SignedLinks links;
    private final Clock clock;

    TrackingController(Tokens tokens, ClickTargets targets, MachineFilter machines, Recorder recorder,
            SignedLinks links, Clock clock) {
        this.links = links;
        this.tokens = tokens;
        this.targets = targets;
        this.machines = machines;
        this.recorder = recorder;
        this.clock = clock;
    }

    @GetMapping("/t/o/{token}")
    ResponseEntity<byte[]> open(@PathVariable String token, HttpServletRequest request) {
        Token open = tokens.verify(token, Token.Purpose.OPEN)
                .orElseThrow(() -> notFound(tokens, token, Token.Purpose.OPEN));
        Visitor visitor = Requests.visitor(request);
        if (!head(request)) {
            recorder.record(new Tracked(Tracked.Kind.OPEN, open.subject(), null, null, null, visitor.userAgent(),
                    visitor.referrer(), visitor.ip(), machines.open(visitor.userAgent(), visitor.ip()), clock.instant()));
        }
        return ResponseEntity.ok().cacheControl(NEVER).contentType(MediaType.IMAGE_GIF).body(PIXEL);
    }

    @GetMapping("/t/c/{token}")
    ResponseEntity<Void> click(@PathVariable String token, HttpServletRequest request) {
        Token click = tokens.verify(token, Token.Purpose.CLICK)
                .orElseThrow(() -> notFound(tokens, token, Token.Purpose.CLICK));
        // A genuine link whose email is gone was sent to someone erased since: said as their other links say it (not
        // "mistyped", which sent them hunting for a slip in a link they only clicked), and it leads nowhere.
        ClickTargets.Target target = targets.link(click.subject(), click.detail())
                .orElseThrow(() -> targets.messageGone(click.subject())
                        ? new NotFoundException(ProspectPages.ERASED) : unknown());
        Visitor visitor = Requests.visitor(request);
        MachineFilter.Flag flag = machines.click(visitor.userAgent(), target.sentAt(), clock.instant());
        if (!head(request)) {
            recorder.record(new Tracked(Tracked.Kind.CLICK, click.subject(), null, (int) click.detail(), target.url(),
                    visitor.userAgent(), visitor.referrer(), visitor.ip(), flag, clock.instant()));
        }
        // A scanner that follows the click to our landing page fetches it too: the page view carries the click's flag,
        // so it neither scores nor counts as a visit (a fast click's scanner may send a person's user agent).
        String to = flag == null ? target.url() : links.flagged(target.url(), flag);
        return ResponseEntity.status(HttpStatus.FOUND).cacheControl(NEVER).header(HttpHeaders.LOCATION, location(to))
                .build();
    }

    /**
     * A HEAD (a link checker, a mail client looking ahead) is answered as the GET (Spring MVC maps it there) but
     * records no open or click: no person opened or clicked anything.
     */
    private static boolean head(HttpServletRequest request) {
        return "HEAD".equalsIgnoreCase(request.getMethod());
    }

    /**
     * The stored link as a Location header can carry it. Not through a URI parse, which could refuse what a browser
     * follows: every character outside printable ASCII is percent-encoded as UTF-8 and the rest left as the author
     * wrote it. Written raw, the header would go out as ISO-8859-1 and turn "über" or an en dash into other bytes;
     * browsers decode the escapes again, in the host too (the URL standard's host parser).
     */
    static String location(String link) {
        StringBuilder out = null;
        for (int i = 0; i < link.length(); i++) {
            char c = link.charAt(i);
            if (c > ' ' && c < 0x7f) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(link.length() + 16).append(link, 0, i);
            }
            int codePoint = link.codePointAt(i);
            i += Character.charCount(codePoint) - 1;
            for (byte b : Character.toString(codePoint).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(HEX.charAt((b >> 4) & 0xF)).append(HEX.charAt(b & 0xF));
            }
        }
        return out == null ? link : out.toString();
    }

    static final String UNKNOWN = "This link is not known; it may have been mistyped or cut short";

    static NotFoundException unknown() {
        return new NotFoundException(UNKNOWN);
    }

    /**
     * Why a token was refused, in words: a genuine link from an email older than links live is lapsed, and saying it
     * was mistyped sent the person hunting for a typing slip in a link they had only clicked.
     */
    static NotFoundException notFound(Tokens tokens, String token, Token.Purpose purpose) {
        return tokens.lapsed(token, purpose) ? new Lapsed(tokens.lifetimeDays()) : unknown();
    }

    /** A genuine link older than links live; the page says how long they do, in the prospect's language. */
    static final class Lapsed extends NotFoundException {

        final long days;

        Lapsed(long days) {
            super(("This link has lapsed: the links in our emails work for %d days, and this one is older. The links"
                    + " in a newer email from us work, its unsubscribe link too.").formatted(days));
            this.days = days;
        }
    }
}

package io.keepwarm.ui;

import io.keepwarm.contact.Contacts;
import io.keepwarm.content.ContentItem;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.engine.PieceReferences;
import io.keepwarm.tracking.TrackedRequest;
import io.keepwarm.tracking.Tracking;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Recent opens, clicks and answers, with what each request said about itself: marketing's look at the raw signals. */
@Controller
class TrackingPage {

    private static final int LISTED = 200;
    /** An IPv6 address as Java writes one, every group in full: 0:0:0:0:0:0:0:1. */
    private static final Pattern FULL_IPV6 = Pattern.compile("[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4}){7}");

    private final Tracking tracking;
    private final Contacts contacts;
    private final ContentLibrary content;

    TrackingPage(Tracking tracking, Contacts contacts, ContentLibrary content) {
        this.tracking = tracking;
        this.contacts = contacts;
        this.content = content;
    }

    /** A request as the page lists it: what it reached in words, and its address as people write it. */
    record Row(TrackedRequest e, String link, String address) {
    }

    @GetMapping("/ui/tracking")
    String events(@RequestParam(required = false) Long contact, Model model) {
        List<TrackedRequest> events = tracking.latest(contact, LISTED);
        Map<Long, String> names = new HashMap<>();
        contacts.getAll(events.stream().map(TrackedRequest::contactId).distinct().toList())
                .forEach((id, c) -> names.put(id, c.name()));
        PieceReferences pieces = new PieceReferences(List.of(), content);
        model.addAttribute("contact", contact);
        model.addAttribute("events", events.stream()
                .map(e -> new Row(e, link(e.url(), pieces), address(e.ip()))).toList());
        model.addAttribute("names", names);
        return "tracking";
    }

    /**
     * A landing page's piece and the offer taken on it, as the tracking module names them ("content:2 offer:call-me"),
     * is "'Cooling guide', offer 'have someone call me'"; any other link is as it was.
     */
    private static String link(String url, PieceReferences pieces) {
        return pieces.readable(url, (piece, key) -> Optional.of(piece.map(p -> "'" + p.name() + "'")
                .orElse("a deleted piece") + (key == null ? "" : ", offer '" + offer(piece, key) + "'")));
    }

    /** An offer by its button's words: the piece's own, or those every landing page offers ("call-me"). */
    private static String offer(Optional<ContentItem> piece, String key) {
        return piece.map(ContentItem::offer).filter(o -> o.key().equals(key)).map(ContentItem.Offer::label)
                .orElse(Words.offer(key));
    }

    /** An IPv6 address compressed as people write it (0:0:0:0:0:0:0:1 is ::1); any other as it was. */
    static String address(String ip) {
        if (ip == null || !FULL_IPV6.matcher(ip).matches()) {
            return ip;
        }
        String[] groups = Arrays.stream(ip.split(":")).map(g -> Integer.toHexString(Integer.parseInt(g, 16)))
                .toArray(String[]::new);
        int start = -1;
        int length = 0;
        for (int i = 0; i < groups.length; i++) {
            int run = 0;
            while (i + run < groups.length && groups[i + run].equals("0")) {
                run++;
            }
            if (run > length && run > 1) {
                start = i;
                length = run;
            }
        }
        if (start < 0) {
            return String.join(":", groups);
        }
        return String.join(":", Arrays.copyOfRange(groups, 0, start)) + "::"
                + String.join(":", Arrays.copyOfRange(groups, start + length, groups.length));
    }
}

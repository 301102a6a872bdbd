package io.keepwarm.engine;

import io.keepwarm.content.ContentItem;
import io.keepwarm.content.ContentLibrary;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How activity and tracking name our own things ("touch:5" for a sent touch, "content:1" for a piece, "content:1
 * offer:call-me" for an offer taken on a piece's landing page), read as the piece it points at, for the pages and notes
 * people read. Built over one contact's touches; each piece is looked up once.
 */
public final class PieceReferences {

    private static final Pattern OURS =
            Pattern.compile("\\btouch:(\\d{1,18})\\b|\\bcontent:(\\d{1,18})\\b(?: offer:(\\S+))?");

    private final Map<Long, Long> pieceOfTouch = new HashMap<>();
    private final Map<Long, Optional<ContentItem>> pieces = new HashMap<>();
    private final ContentLibrary content;

    public PieceReferences(Collection<Touch> touches, ContentLibrary content) {
        touches.stream().filter(t -> t.contentId() != null).forEach(t -> pieceOfTouch.put(t.id(), t.contentId()));
        this.content = content;
    }

    /** Whether a target names a touch, so the contact's touches are worth reading to name it. */
    public static boolean namesATouch(String target) {
        return target != null && target.contains("touch:");
    }

    /**
     * The target with each reference to a piece we still have shown as {@code shown} says (an offer taken on it stays
     * as written after it); others stay as written.
     */
    public String readable(String target, Function<ContentItem, String> shown) {
        return readable(target,
                (piece, offer) -> piece.map(shown).map(said -> offer == null ? said : said + " offer:" + offer));
    }

    /**
     * The target with each reference to a piece shown as {@code shown} says from the piece (empty for one deleted
     * since) and the key of the offer taken on its landing page (null when it names none); where it says nothing, or
     * a touch's piece is not known, the reference stays as written.
     */
    public String readable(String target, BiFunction<Optional<ContentItem>, String, Optional<String>> shown) {
        if (target == null) {
            return null;
        }
        return OURS.matcher(target).replaceAll(m -> {
            Long piece = m.group(1) != null ? pieceOfTouch.get(Long.parseLong(m.group(1))) : Long.valueOf(m.group(2));
            Optional<String> said = piece == null ? Optional.empty()
                    : shown.apply(pieces.computeIfAbsent(piece, content::find), m.group(3));
            return Matcher.quoteReplacement(said.orElse(m.group()));
        });
    }
}

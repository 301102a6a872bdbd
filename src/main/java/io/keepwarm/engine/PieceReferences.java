package io.keepwarm.engine;

import io.keepwarm.content.ContentItem;
import io.keepwarm.content.ContentLibrary;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How activity names our own things ("touch:5" for a sent touch, "content:1" for a piece), read as the piece it
 * points at, for the pages and notes people read. Built over one contact's touches; each piece is looked up once.
 */
public final class PieceReferences {

    private static final Pattern OURS = Pattern.compile("\\b(touch|content):(\\d{1,18})\\b");

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

    /** The target with each reference to a piece we still have shown as {@code shown} says; others stay as written. */
    public String readable(String target, Function<ContentItem, String> shown) {
        if (target == null) {
            return null;
        }
        return OURS.matcher(target).replaceAll(m -> {
            long ref = Long.parseLong(m.group(2));
            Long piece = m.group(1).equals("touch") ? pieceOfTouch.get(ref) : Long.valueOf(ref);
            Optional<ContentItem> item = piece == null ? Optional.empty() : pieces.computeIfAbsent(piece, content::find);
            return Matcher.quoteReplacement(item.map(shown).orElse(m.group()));
        });
    }
}

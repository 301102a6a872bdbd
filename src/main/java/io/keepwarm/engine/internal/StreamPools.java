package io.keepwarm.engine.internal;

import io.keepwarm.contact.Contacts;
import io.keepwarm.contact.Tags;
import io.keepwarm.content.ContentItem;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.content.ContentStatus;
import io.keepwarm.engine.ContentChoices;
import io.keepwarm.lifecycle.Lifecycle;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.platform.Languages;
import io.keepwarm.program.Program;
import io.keepwarm.platform.Zones;
import io.keepwarm.segment.Segments;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which of a stream's pieces a contact can still get: the one rule the planner chooses by, and the preview and the
 * exhaustion forecast count by, so the three never disagree.
 */
@Component
public class StreamPools {

    private final TouchStore touches;
    private final ContentLibrary library;
    private final Lifecycle lifecycle;
    private final Segments segments;
    private final Tags tags;
    private final Zones zones;
    private final Clock clock;
    private final Contacts contacts;
    private final Languages languages;

    StreamPools(TouchStore touches, ContentLibrary library, Lifecycle lifecycle, Segments segments, Tags tags,
            Zones zones, Clock clock, Contacts contacts, Languages languages) {
        this.zones = zones;
        this.clock = clock;
        this.tags = tags;
        this.contacts = contacts;
        this.languages = languages;
        this.touches = touches;
        this.library = library;
        this.lifecycle = lifecycle;
        this.segments = segments;
    }

    /**
     * A live piece with an email version, not expired {@code at} the moment it would be planned, whose stages and
     * segments (if it names any) include the contact as they are now, that the contact's own choices allow (only
     * webinars, their topics), and in the language they read ({@code reads}: their own, else the account's; a piece of
     * no language suits all). A stream sends by email: a piece with only a call script was chosen every time and
     * failed to render, and the stream never got past it.
     */
    public static boolean suits(Optional<ContentItem> piece, ContentChoices choices, String reads,
            Supplier<Stage> stage, LongPredicate inSegment, Instant at) {
        if (piece.isEmpty() || passedOver(piece.get()) != null || piece.get().expiredBy(at)
                || !choices.allow(piece.get()) || !Languages.suits(piece.get().language(), reads)) {
            return false;
        }
        ContentItem item = piece.get();
        if (!item.stages().isEmpty() && !item.stages().contains(stage.get())) {
            return false;
        }
        return item.segmentIds().isEmpty() || item.segmentIds().stream().anyMatch(inSegment::test);
    }

    /** Why a stream passes over the piece for everyone (not live, no email version), or null when it does not. */
    private static String passedOver(ContentItem item) {
        if (item.status() != ContentStatus.LIVE) {
            return "it is " + item.status();
        }
        return item.variants() == null || item.variants().email() == null ? "it has no email version" : null;
    }

    /**
     * The words a touch dropped for its expired piece, or a pool passing over one, records: "expired on Tue 3 Feb 2026,
     * 18:00 Europe/Berlin", in the account's zone, where the editor showed the author the moment.
     */
    public static String expiredOn(ContentItem item, ZoneId accountZone) {
        return item.expiredOn(accountZone);
    }

    /** Why a touch of an expired piece is dropped: "its piece expired on ...", for the touch and its forecast alike. */
    public static String pieceExpiredOn(ContentItem item, ZoneId accountZone) {
        return "its piece " + expiredOn(item, accountZone);
    }

    /** The pieces of the stream's pool that it passes over for every contact, by id, and why. */
    @Transactional(readOnly = true)
    public Map<Long, String> passedOver(Program program) {
        Map<Long, String> passed = new java.util.LinkedHashMap<>();
        Instant now = clock.instant();
        for (long id : program.pool()) {
            String why = library.find(id).map(p -> passedOver(p) != null ? passedOver(p)
                    : p.expiredBy(now) ? "it " + expiredOn(p, zones.accountZone()) : null).orElse(null);
            if (why != null) {
                passed.put(id, why);
            }
        }
        return passed;
    }

    /**
     * For each of these contacts, how many pieces of the stream's pool it can still get: not received nor planned for
     * it by any program (the pieces the planner chooses from, see {@link ContentHistory}), and suiting it now. A
     * handful of statements for the whole batch, whatever its size.
     */
    @Transactional(readOnly = true)
    public Map<Long, Integer> left(Program program, Collection<Long> contactIds) {
        Map<Long, Integer> left = new HashMap<>();
        leftPieces(program, contactIds).forEach((contact, pieces) -> left.put(contact, pieces.size()));
        return left;
    }

    /**
     * For each of these contacts, the pieces of the stream's pool it can still get ({@link #left}), in the order of
     * the pool, which is the order the planner chooses them in: what the exhaustion forecast walks, each piece's
     * valid-until moment with it.
     */
    @Transactional(readOnly = true)
    public Map<Long, List<ContentItem>> leftPieces(Program program, Collection<Long> contactIds) {
        ContentHistory history = touches.history(contactIds, program.pool());
        Instant now = clock.instant();
        Map<Long, Optional<ContentItem>> pieces = new HashMap<>();
        program.pool().forEach(id -> pieces.put(id, library.find(id)));
        Map<Long, Stage> stages = pieces.values().stream().flatMap(Optional::stream).anyMatch(p -> !p.stages().isEmpty())
                ? lifecycle.stagesOf(contactIds) : Map.of();
        Map<Long, List<String>> tagged = tags.ofAll(contactIds);
        String accountLanguage = languages.accountLanguage();
        Map<Long, String> reads = new HashMap<>();
        contacts.ownersAndZones(contactIds).forEach(c -> reads.put(c.contactId(),
                Languages.read(c.language(), accountLanguage)));
        Map<Long, Set<Long>> members = new HashMap<>();
        Map<Long, List<ContentItem>> left = new HashMap<>();
        for (long contact : contactIds) {
            Set<Long> had = history.receivedOrPlanned(contact);
            ContentChoices choices = ContentChoices.of(tagged.get(contact));
            left.put(contact, program.pool().stream().distinct().filter(id -> !had.contains(id))
                    .filter(id -> suits(pieces.get(id), choices, reads.get(contact), () -> stages.get(contact),
                            segment -> members
                            .computeIfAbsent(segment, s -> segments.matching(segments.get(s).rule(), contactIds))
                            .contains(contact), now))
                    .map(id -> pieces.get(id).orElseThrow()).toList());
        }
        return left;
    }
}

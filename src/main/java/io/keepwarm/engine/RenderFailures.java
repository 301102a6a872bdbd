package io.keepwarm.engine;

import io.keepwarm.contact.Channel;
import io.keepwarm.content.ContentItem;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.Timestamps;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The pieces that could not be filled in for contacts, counted per piece, version of the piece (as it was saved) and
 * cause, in each program: the piece's page shows them, failures since its last edit apart from older ones, and the
 * program's page its own. The first failure of each cause in a version is announced ({@link PieceFailedToRender}), so
 * its author is told once, and told again when the cause comes back after an edit.
 */
@Service
public class RenderFailures {

    /** A cause as the touch's reason detail holds it. */
    public static final int MAX_CAUSE = 300;

    /**
     * How often a piece failed for one cause, since it was last saved or before.
     *
     * @param cause in the words of its first failure
     * @param sinceEdited whether these failed with the piece as it is now; else with a version saved over since
     * @param failures how many touches failed for it (one per contact and send)
     */
    public record Failure(String cause, boolean sinceEdited, Instant firstFailedAt, Instant lastFailedAt,
            long failures) {}

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final ContentLibrary content;
    private final Clock clock;

    RenderFailures(JdbcClient jdbc, ApplicationEventPublisher events, ContentLibrary content, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.content = content;
        this.clock = clock;
    }

    /**
     * The cause of a render of a live piece that threw, in words, within what a touch keeps: the channel it has no
     * version for, or the piece's own mistake as the renderer said it, the part of the piece named in words.
     */
    public static String cause(ContentItem piece, Channel channel, RuntimeException failure) {
        boolean version = switch (channel) {
            case EMAIL -> piece.variants().email() != null;
            case PHONE -> piece.variants().phone() != null;
            case SMS -> false;
        };
        String said = !version ? "it has no " + (channel == Channel.PHONE ? "call script" : channel == Channel.EMAIL
                ? "email" : "SMS") + " version"
                : failure instanceof InvalidInputException invalid && !invalid.errors().isEmpty()
                        ? part(invalid.errors().getFirst().field()) + " " + invalid.errors().getFirst().message()
                : failure.getMessage() == null || failure.getMessage().isBlank() ? "an unexpected error ("
                        + failure.getClass().getSimpleName() + ")" : failure.getMessage().strip();
        return said.length() > MAX_CAUSE ? said.substring(0, MAX_CAUSE - 1) + "…" : said;
    }

    private static final java.util.Map<String, String> PARTS = java.util.Map.of(
            "variants.email.subject", "the email's subject", "variants.email.html", "the email's HTML body",
            "variants.email.text", "the email's text body", "variants.phone.script", "the call script");

    private static String part(String field) {
        return field == null ? "the piece" : PARTS.getOrDefault(field, field);
    }

    /**
     * What makes two failures one cause: the words without their figures, which tell one contact's from another's
     * (a subject of 1,061 characters for one, 1,073 for the next) and not what the author has to fix.
     */
    static String kind(String cause) {
        String kind = FIGURES.matcher(cause).replaceAll("#");
        return kind.length() > MAX_CAUSE ? kind.substring(0, MAX_CAUSE) : kind;
    }

    private static final java.util.regex.Pattern FIGURES = java.util.regex.Pattern.compile("\\d[\\d,.]*");

    /**
     * Counts {@code count} failures of the piece, as it was saved, for the cause, in the caller's transaction; the
     * first of a kind of cause for this version of the piece is announced, and its words are the ones the pages show.
     * A program id of 0 is a request on the landing page.
     */
    public void record(ContentItem piece, long programId, String cause, int count) {
        Instant now = clock.instant();
        String kind = kind(cause);
        var savedAt = Timestamps.of(piece.updatedAt());
        for (int attempt = 0; attempt < 2; attempt++) {
            int counted = jdbc.sql("""
                    UPDATE render_failures SET failures = failures + ?, last_failed_at = ?
                    WHERE content_id = ? AND piece_saved_at = ? AND cause_kind = ? AND program_id = ?""")
                    .params(count, Timestamps.of(now), piece.id(), savedAt, kind, programId).update();
            if (counted > 0) {
                return;
            }
            int first = jdbc.sql("""
                    INSERT INTO render_failures (content_id, piece_saved_at, cause_kind, program_id, cause,
                        first_failed_at, last_failed_at, failures)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                    .params(piece.id(), savedAt, kind, programId, cause, Timestamps.of(now), Timestamps.of(now), count)
                    .update();
            if (first > 0) {
                announce(piece, programId, cause, kind);
                return;
            }
            // Another transaction counted the cause in this program first, and announced it if it was new: this counts.
        }
    }

    /** Tells of the cause unless this version of the piece failed for it before, in this program or another. */
    private void announce(ContentItem piece, long programId, String cause, String kind) {
        var savedAt = Timestamps.of(piece.updatedAt());
        int told = jdbc.sql("""
                INSERT INTO render_failure_alerts (content_id, piece_saved_at, cause_kind) VALUES (?, ?, ?)
                ON CONFLICT DO NOTHING""").params(piece.id(), savedAt, kind).update();
        if (told > 0) {
            boolean before = jdbc.sql("""
                    SELECT COUNT(*) FROM render_failure_alerts WHERE content_id = ? AND cause_kind = ?
                    AND piece_saved_at < ?""").params(piece.id(), kind, savedAt).query(Long.class).single() > 0;
            events.publishEvent(new PieceFailedToRender(piece.id(), programId == 0 ? null : programId, cause, before));
        }
    }

    /** The piece's failures, those since its last edit first, each the latest first. */
    public List<Failure> of(ContentItem piece) {
        List<Row> rows = jdbc.sql(ROWS + " WHERE content_id = ?").param(piece.id()).query(RenderFailures::row).list();
        return summed(rows, piece.updatedAt());
    }

    /**
     * The failures of a program's touches, by piece (the piece whose latest failure is the latest first): those since
     * the piece's last edit first, each the latest first.
     */
    public Map<Long, List<Failure>> ofProgram(long programId) {
        Map<Long, List<Row>> byPiece = new LinkedHashMap<>();
        jdbc.sql(ROWS + " WHERE program_id = ? ORDER BY last_failed_at DESC").param(programId)
                .query(RenderFailures::row).list()
                .forEach(r -> byPiece.computeIfAbsent(r.contentId(), id -> new ArrayList<>()).add(r));
        Map<Long, List<Failure>> failures = new LinkedHashMap<>();
        byPiece.forEach((id, rows) -> failures.put(id, summed(rows,
                content.find(id).map(ContentItem::updatedAt).orElse(null))));
        return failures;
    }

    private static final String ROWS = """
            SELECT content_id, piece_saved_at, cause_kind, cause, first_failed_at, last_failed_at, failures
              FROM render_failures""";

    private record Row(long contentId, Instant savedAt, String kind, String cause, Instant firstFailedAt,
            Instant lastFailedAt, long failures) {}

    private static Row row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Row(rs.getLong(1), Timestamps.read(rs, 2), rs.getString(3), rs.getString(4), Timestamps.read(rs, 5),
                Timestamps.read(rs, 6), rs.getLong(7));
    }

    /**
     * The rows summed per cause, apart for the piece as saved at {@code savedAt} (null: deleted, every failure older)
     * and for the versions before: over programs, and over the versions saved over.
     */
    private static List<Failure> summed(List<Row> rows, Instant savedAt) {
        record Key(String kind, boolean sinceEdited) {}
        Map<Key, Failure> sums = new LinkedHashMap<>();
        for (Row r : rows) {
            boolean since = savedAt != null && !r.savedAt().isBefore(savedAt);
            sums.merge(new Key(r.kind(), since), new Failure(r.cause(), since, r.firstFailedAt(), r.lastFailedAt(),
                    r.failures()), (a, b) -> new Failure(a.firstFailedAt().isAfter(b.firstFailedAt()) ? b.cause()
                            : a.cause(), since, min(a.firstFailedAt(), b.firstFailedAt()),
                            max(a.lastFailedAt(), b.lastFailedAt()), a.failures() + b.failures()));
        }
        return sums.values().stream().sorted(Comparator.comparing(Failure::sinceEdited).reversed()
                .thenComparing(Failure::lastFailedAt, Comparator.reverseOrder()).thenComparing(Failure::cause)).toList();
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}

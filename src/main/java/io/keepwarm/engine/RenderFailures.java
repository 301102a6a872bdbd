package io.keepwarm.engine;

import io.keepwarm.contact.Channel;
import io.keepwarm.content.ContentItem;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.Timestamps;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The pieces that could not be filled in for contacts, counted per piece and cause: a piece's page shows them, and
 * the first failure of each cause is announced ({@link PieceFailedToRender}) so its author is told once.
 */
@Service
public class RenderFailures {

    /** A cause as the touch's reason detail holds it. */
    public static final int MAX_CAUSE = 300;

    /**
     * How often a piece failed for one cause.
     *
     * @param programId the program it first failed in; null for a request on its landing page
     * @param failures how many touches failed for it (one per contact and send)
     */
    public record Failure(long contentId, String cause, Long programId, Instant firstFailedAt, Instant lastFailedAt,
            int failures) {}

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    RenderFailures(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
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
     * Counts {@code count} failures of the piece for the cause, in the caller's transaction; the first of a kind of
     * cause is announced, and its words are the ones the piece's page shows. A program id of 0 (a request on the
     * landing page) is kept as none.
     */
    public void record(long contentId, long programId, String cause, int count) {
        Instant now = clock.instant();
        String kind = kind(cause);
        for (int attempt = 0; attempt < 2; attempt++) {
            int counted = jdbc.sql("""
                    UPDATE render_failures SET failures = failures + ?, last_failed_at = ?
                    WHERE content_id = ? AND cause_kind = ?""").params(count, Timestamps.of(now), contentId, kind)
                    .update();
            if (counted > 0) {
                return;
            }
            int first = jdbc.sql("""
                    INSERT INTO render_failures (content_id, cause_kind, cause, program_id, first_failed_at,
                        last_failed_at, failures)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                    .params(contentId, kind, cause, programId == 0 ? null : programId, Timestamps.of(now),
                            Timestamps.of(now), count).update();
            if (first > 0) {
                events.publishEvent(new PieceFailedToRender(contentId, programId == 0 ? null : programId, cause));
                return;
            }
            // Another transaction recorded the cause first: it was announced there, and this one counts.
        }
    }

    /** The piece's failures, the latest first. */
    public List<Failure> of(long contentId) {
        return jdbc.sql("""
                SELECT content_id, cause, program_id, first_failed_at, last_failed_at, failures FROM render_failures
                WHERE content_id = ? ORDER BY last_failed_at DESC, cause""").param(contentId)
                .query((rs, row) -> new Failure(rs.getLong(1), rs.getString(2), rs.getObject(3, Long.class),
                        Timestamps.read(rs, 4), Timestamps.read(rs, 5), rs.getInt(6))).list();
    }
}

package io.keepwarm.engine;

import io.keepwarm.contact.Channel;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * What one contact would receive from one program between {@code from} and {@code until}, as a dry run of the
 * engine under the current pressure policy (see {@link Forecasts#forecast} for what it approximates).
 *
 * @param zone the contact's time zone, in which cadences and quiet hours are reckoned
 * @param enrolled whether the contact is in the program now; if not, the forecast is for enrolling them now
 * @param note why the forecast is empty or stops early, in words for a person; null when nothing needs saying
 * @param unknownZone when the contact's own time zone is unknown: whose clock {@code zone} is (their country's middle
 *     one, or the account's), and which rule of quiet hours the forecast applies instead, in words; null when their
 *     zone is known
 */
public record Forecast(long programId, long contactId, ZoneId zone, boolean enrolled, Instant from, Instant until,
        List<Entry> touches, String note, String unknownZone) {

    public Forecast {
        touches = List.copyOf(touches);
    }

    /** What would happen to a planned touch. */
    public enum Outcome {
        /** Sent when it falls due. */
        SENT,
        /** Sent later than due, at {@code at}, because of {@code reason} (a cap or quiet time). */
        DEFERRED,
        /** Never sent, for {@code reason}. */
        SUPPRESSED
    }

    /**
     * One touch the engine would plan.
     *
     * @param step the sequence step that plans it; 0 for a stream's cadence
     * @param due when the engine would plan it
     * @param at when it would go out; null when suppressed
     * @param detail what would hold a touch dropped as STALE past its limit, or the day a contact who ASKED_LATER
     *     named, in words; else null
     */
    public record Entry(int step, Touch.Kind kind, Channel channel, Long contentId, String content, Instant due,
            Instant at, Outcome outcome, Reason reason, String detail) {

        public Entry(int step, Touch.Kind kind, Channel channel, Long contentId, String content, Instant due,
                Instant at, Outcome outcome, Reason reason) {
            this(step, kind, channel, contentId, content, due, at, outcome, reason, null);
        }
    }
}

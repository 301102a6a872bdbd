package io.keepwarm.analytics;

import io.keepwarm.analytics.internal.ContentQueries;
import io.keepwarm.analytics.internal.DecidedQueries;
import io.keepwarm.analytics.internal.FunnelQueries;
import io.keepwarm.analytics.internal.HandoffQueries;
import io.keepwarm.analytics.internal.TouchQueries;
import io.keepwarm.handoff.HandoffFigures;
import io.keepwarm.handoff.HandoffSettings;
import io.keepwarm.lifecycle.Stage;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The numbers behind the dashboard: the funnel, time in stage, touches sent and suppressed, hand-offs, and what each
 * piece of content earns. Read only.
 */
@Service
@Transactional(readOnly = true)
public class Analytics {

    private static final double SECONDS_PER_DAY = 86_400;
    private static final int DEFAULT_WEEKS = 12;
    private static final int DEFAULT_VELOCITY_DAYS = 90;
    private static final int DEFAULT_CONTENT_DAYS = 90;
    /** A hand-off this long after a touch still counts for the piece: about one monthly cadence. */
    static final int HANDOFF_WINDOW_DAYS = 30;

    private final FunnelQueries funnel;
    private final TouchQueries touches;
    private final HandoffQueries handoffs;
    private final ContentQueries content;
    private final DecidedQueries decided;
    private final HandoffSettings account;
    private final HandoffFigures figures;
    private final Clock clock;

    Analytics(FunnelQueries funnel, TouchQueries touches, HandoffQueries handoffs, ContentQueries content,
            DecidedQueries decided, HandoffSettings account, HandoffFigures figures, Clock clock) {
        this.decided = decided;
        this.figures = figures;
        this.account = account;
        this.funnel = funnel;
        this.touches = touches;
        this.handoffs = handoffs;
        this.content = content;
        this.clock = clock;
    }

    /** From the first of this month in the account's zone to now: the period the dashboard's funnel shows by default. */
    public Period thisMonth() {
        Instant now = clock.instant();
        ZoneId zone = account.zone();
        return new Period(LocalDate.ofInstant(now, zone).withDayOfMonth(1).atStartOfDay(zone).toInstant(), end(now));
    }

    /** The last {@code days} days up to now. */
    public Period lastDays(int days) {
        Instant now = clock.instant();
        return new Period(now.minus(Duration.ofDays(days)), end(now));
    }

    /** This week and the eleven before it, weeks starting on Monday at midnight in the account's zone. */
    public Period lastWeeks() {
        Instant now = clock.instant();
        ZoneId zone = account.zone();
        return new Period(monday(now, zone).minusWeeks(DEFAULT_WEEKS - 1).atStartOfDay(zone).toInstant(), end(now));
    }

    /** The dashboard's funnel (this month) and stage velocity (the last 90 days). */
    public record Overview(FunnelReport funnel, StageVelocity velocity) {}

    /**
     * The funnel of this month and the stage velocity of the last 90 days, from one read of where contacts stand now:
     * that read is a pass over every contact, and the two tables then agree on how many are in each stage.
     */
    public Overview overview() {
        Map<Stage, FunnelQueries.Current> now = funnel.current(clock.instant());
        return new Overview(funnel(thisMonth(), now), stageVelocity(lastDays(DEFAULT_VELOCITY_DAYS), now));
    }

    /** The funnel now, with conversions, flows and the contacts recycled back over the period (this month if null). */
    public FunnelReport funnel(Period period) {
        return funnel(period == null ? thisMonth() : period, funnel.current(clock.instant()));
    }

    private FunnelReport funnel(Period p, Map<Stage, FunnelQueries.Current> now) {
        List<FunnelReport.StageCount> stages = new ArrayList<>();
        long total = 0;
        for (Stage stage : Stage.values()) {
            long count = now.containsKey(stage) ? now.get(stage).contacts() : 0;
            stages.add(new FunnelReport.StageCount(stage, count));
            total += count;
        }
        Map<Stage, FunnelQueries.Cohort> cohorts = funnel.cohorts(p);
        List<FunnelReport.Conversion> conversions = new ArrayList<>();
        for (int i = 0; i + 1 < FunnelQueries.PATH.size(); i++) {
            Stage from = FunnelQueries.PATH.get(i);
            FunnelQueries.Cohort cohort = cohorts.getOrDefault(from, new FunnelQueries.Cohort(0, 0));
            conversions.add(new FunnelReport.Conversion(from, FunnelQueries.PATH.get(i + 1), cohort.entered(),
                    cohort.converted(), share(cohort.converted(), cohort.entered())));
        }
        List<FunnelReport.Flow> flows = funnel.flows(p).stream()
                .map(m -> new FunnelReport.Flow(m.from(), m.to(), m.count()))
                .sorted(java.util.Comparator.comparing(FunnelReport.Flow::from).thenComparing(FunnelReport.Flow::to))
                .toList();
        return new FunnelReport(clock.instant(), p, stages, total, conversions, flows, funnel.recycledBack(p));
    }

    /** Time in each stage and where contacts go from it, over the period (the last 90 days if null). */
    public StageVelocity stageVelocity(Period period) {
        return stageVelocity(period == null ? lastDays(DEFAULT_VELOCITY_DAYS) : period, funnel.current(clock.instant()));
    }

    private StageVelocity stageVelocity(Period p, Map<Stage, FunnelQueries.Current> now) {
        Map<Stage, Double> medians = funnel.exitMedians(p);
        Map<Stage, Map<Stage, Long>> exitsTo = new EnumMap<>(Stage.class);
        for (FunnelQueries.Move move : funnel.exits(p)) {
            exitsTo.computeIfAbsent(move.from(), s -> new EnumMap<>(Stage.class)).put(move.to(), move.count());
        }
        List<StageVelocity.StageTime> stages = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            Map<Stage, Long> to = exitsTo.getOrDefault(stage, Map.of());
            long exits = to.values().stream().mapToLong(Long::longValue).sum();
            Map<Stage, Double> conversion = new EnumMap<>(Stage.class);
            to.forEach((next, count) -> conversion.put(next, share(count, exits)));
            FunnelQueries.Current current = now.get(stage);
            stages.add(new StageVelocity.StageTime(stage, exits, days(medians.get(stage)),
                    to.isEmpty() ? Map.of() : new EnumMap<>(to), conversion, current == null ? 0 : current.contacts(),
                    current == null ? null : days(current.medianSeconds())));
        }
        return new StageVelocity(p, stages);
    }

    /** Touches sent and suppressed by reason per week, over the period (this week and the eleven before if null). */
    public TouchWeeks touchWeeks(Period period) {
        Period p = period == null ? lastWeeks() : period;
        ZoneId zone = account.zone();
        LocalDate firstMonday = monday(p.from(), zone);
        List<Instant> starts = starts(firstMonday, zone, p);
        int weeks = starts.size();
        long[] sent = new long[weeks];
        List<Map<String, Long>> suppressed = new ArrayList<>();
        for (int i = 0; i < weeks; i++) {
            suppressed.add(new TreeMap<>());
        }
        TreeSet<String> reasons = new TreeSet<>();
        for (TouchQueries.Count count : touches.weekly(p, starts)) {
            if (count.week() < 0 || count.week() >= weeks) {
                continue;
            }
            if (count.state().equals("SENT")) {
                sent[count.week()] += count.touches();
            } else {
                String reason = count.reason().isEmpty() ? "UNKNOWN" : count.reason();
                suppressed.get(count.week()).merge(reason, count.touches(), Long::sum);
                reasons.add(reason);
            }
        }
        List<TouchWeeks.Week> result = new ArrayList<>();
        for (int i = 0; i < weeks; i++) {
            long held = suppressed.get(i).values().stream().mapToLong(Long::longValue).sum();
            result.add(new TouchWeeks.Week(firstMonday.plusWeeks(i), sent[i], held, suppressed.get(i)));
        }
        return new TouchWeeks(p, zone.getId(), result, List.copyOf(reasons));
    }

    /**
     * Moves into MQL, hand-offs opened, accepted and rejected (by reason) per week, with the share decided within the
     * SLA and the median time to decide, over the period (this week and the eleven before if null).
     */
    public HandoffWeeks handoffWeeks(Period period) {
        return handoffWeeks(period, null);
    }

    /**
     * As {@link #handoffWeeks(Period)}, of a team: the hand-offs of these reps, each decision under the rep who decided
     * it and each missed deadline under the rep who missed it ({@link HandoffFigures}, as the hand-off report counts
     * them), and the moves into MQL of the contacts handed to them; null for everyone's.
     */
    public HandoffWeeks handoffWeeks(Period period, Collection<Long> reps) {
        Period p = period == null ? lastWeeks() : period;
        ZoneId zone = account.zone();
        LocalDate firstMonday = monday(p.from(), zone);
        List<Instant> starts = starts(firstMonday, zone, p);
        int weeks = starts.size();
        long[][] counts = new long[weeks][4];
        List<Map<String, Long>> rejectedBy = new ArrayList<>();
        for (int i = 0; i < weeks; i++) {
            rejectedBy.add(new TreeMap<>());
        }
        TreeSet<String> reasons = new TreeSet<>();
        for (HandoffQueries.Count count : handoffs.weekly(p, starts, reps)) {
            if (count.week() < 0 || count.week() >= weeks) {
                continue;
            }
            int kind = switch (count.kind()) {
                case "MQL" -> 0;
                case "HANDED_OFF" -> 1;
                case "ACCEPTED" -> 2;
                default -> 3;
            };
            counts[count.week()][kind] += count.events();
            if (kind == 3) {
                String reason = count.reason().isEmpty() ? "UNKNOWN" : count.reason();
                rejectedBy.get(count.week()).merge(reason, count.events(), Long::sum);
                reasons.add(reason);
            }
        }
        List<HandoffWeeks.Week> result = new ArrayList<>();
        long accepted = 0;
        for (int i = 0; i < weeks; i++) {
            long[] c = counts[i];
            accepted += c[2];
            result.add(new HandoffWeeks.Week(firstMonday.plusWeeks(i), c[0], c[1], c[2], c[3], rejectedBy.get(i)));
        }
        HandoffFigures.Decisions decisions = figures.of(p.from(), p.to(), reps);
        return new HandoffWeeks(p, result, decisions.decided(), decisions.decidedInTime(),
                share(accepted, decisions.decided()), decisions.medianHoursToDecision(), decisions.p90HoursToDecision(),
                decisions.missedDeadline(), List.copyOf(reasons));
    }

    /**
     * The hand-offs decided in the period (the last twelve weeks if null), the latest first, up to {@code limit}: of
     * these reps (null: everyone's), of a state (ACCEPTED or REJECTED; null: either) and rejected for this reason
     * (null: any). The dashboard's figures count the same hand-offs.
     */
    public List<DecidedHandoff> decidedHandoffs(Period period, Collection<Long> reps, String state, String reason,
            int limit) {
        return decided.decided(period == null ? lastWeeks() : period, reps, state, reason, limit);
    }

    /**
     * The moves back into nurture the dashboard's "recycled back" counts (this month if null), the latest first, up
     * to {@code limit}; a contact moved back twice is there twice.
     */
    public List<MovedBack> recycledBack(Period period, int limit) {
        return funnel.recycledBackMoves(period == null ? thisMonth() : period, limit);
    }

    /**
     * What each piece of content earned over the period (the last 90 days if null): opens, clicks and later hand-offs
     * of the contacts it was sent to, and offers accepted on its landing page. See {@link ContentReport}.
     */
    public ContentReport content(Period period) {
        Period p = period == null ? lastDays(DEFAULT_CONTENT_DAYS) : period;
        Map<Long, ContentQueries.Sent> sent = new HashMap<>();
        content.sent(p, Duration.ofDays(HANDOFF_WINDOW_DAYS).toSeconds()).forEach(s -> sent.put(s.contentId(), s));
        Map<Long, Set<Long>> accepted = new HashMap<>();
        content.offers(p).forEach(o -> accepted.computeIfAbsent(o.contentId(), id -> new HashSet<>()).add(o.contactId()));
        Set<Long> ids = new HashSet<>(sent.keySet());
        ids.addAll(accepted.keySet());
        List<ContentReport.Piece> pieces = new ArrayList<>();
        // A piece deleted since has no name left to show, and nothing left to decide about: it is left out.
        for (ContentQueries.Piece piece : content.pieces(ids)) {
            ContentQueries.Sent s = sent.getOrDefault(piece.id(), new ContentQueries.Sent(piece.id(), 0, 0, 0, 0, 0));
            pieces.add(new ContentReport.Piece(piece.id(), piece.name(), piece.type(), piece.status(), s.sent(),
                    s.contacts(), s.opened(), s.clicked(), accepted.getOrDefault(piece.id(), Set.of()).size(),
                    s.handedOff(), share(s.opened(), s.contacts()), share(s.clicked(), s.contacts()),
                    share(s.handedOff(), s.contacts())));
        }
        pieces.sort(Comparator.comparingLong(ContentReport.Piece::handedOff)
                .thenComparingLong(ContentReport.Piece::offersAccepted).thenComparingLong(ContentReport.Piece::clicked)
                .thenComparingLong(ContentReport.Piece::opened).thenComparingLong(ContentReport.Piece::sent).reversed()
                .thenComparingLong(ContentReport.Piece::contentId));
        return new ContentReport(p, HANDOFF_WINDOW_DAYS, pieces);
    }

    /** The starts of the weeks the period touches from its first Monday: midnight in the zone, as the calendar has it. */
    private static List<Instant> starts(LocalDate firstMonday, ZoneId zone, Period p) {
        List<Instant> starts = new ArrayList<>();
        for (Instant start = firstMonday.atStartOfDay(zone).toInstant(); start.isBefore(p.to());
                start = LocalDate.ofInstant(start, zone).plusWeeks(1).atStartOfDay(zone).toInstant()) {
            starts.add(start);
        }
        return starts;
    }

    /** The end of a period up to now: a millisecond on, so what happened at this very instant is in it. */
    private static Instant end(Instant now) {
        return now.plusMillis(1);
    }

    private static LocalDate monday(Instant at, ZoneId zone) {
        return LocalDate.ofInstant(at, zone).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    private static Double share(long part, long whole) {
        return whole == 0 ? null : Math.round(1000.0 * part / whole) / 1000.0;
    }

    private static Double days(Double seconds) {
        return seconds == null ? null : Math.round(10 * seconds / SECONDS_PER_DAY) / 10.0;
    }
}

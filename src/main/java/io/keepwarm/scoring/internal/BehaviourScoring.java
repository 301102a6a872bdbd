package io.keepwarm.scoring.internal;

import io.keepwarm.activity.ActivityFollower;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.activity.LoggedActivity;
import io.keepwarm.scoring.ScoreChange.Cause;
import io.keepwarm.scoring.ScoresChanged;
import io.keepwarm.scoring.ScoringRules;
import io.keepwarm.scoring.ScoringRules.BehaviourRule;
import io.keepwarm.scoring.ScoringSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Scores each batch of new activity by the behaviour rules: decay up to now, then the points of every rule each
 * activity meets, decayed from when it happened (a page view logged late scores what it would be worth now), within
 * each rule's cap counted by when the hits happened; a contact that comes to meet the readiness rule becomes MQL. Activity
 * flagged as a machine's (a privacy proxy's open, a link scanner's click) scores nothing.
 */
@Component
@Order(1)
class BehaviourScoring implements ActivityFollower {

    private record Hit(LoggedActivity activity, BehaviourRule rule) {}

    private final ScoringRules rules;
    private final ScoreBook book;
    private final ScoringSettingsStore settingsStore;
    private final ReadyLeads readyLeads;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    BehaviourScoring(ScoringRules rules, ScoreBook book, ScoringSettingsStore settingsStore, ReadyLeads readyLeads,
            ApplicationEventPublisher events, Clock clock) {
        this.rules = rules;
        this.book = book;
        this.settingsStore = settingsStore;
        this.readyLeads = readyLeads;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public void follow(List<LoggedActivity> batch) {
        List<BehaviourRule> active = rules.behaviourRules().stream().filter(BehaviourRule::active).toList();
        if (active.isEmpty()) {
            return;
        }
        List<Hit> hits = new ArrayList<>();
        for (LoggedActivity a : batch) {
            if (a.flag() == null) {
                active.stream().filter(r -> meets(a, r)).forEach(r -> hits.add(new Hit(a, r)));
            }
        }
        if (hits.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        // Once per batch, never per event: the settings as they are now, for every hit and contact of the batch.
        ScoringSettings settings = settingsStore.current();
        // In the order things happened, so a backfill's caps take the earliest hits, as they would have live.
        hits.sort(Comparator.comparing(h -> happened(h.activity(), now)));
        List<Long> contactIds = hits.stream().map(h -> h.activity().contactId()).distinct().toList();
        // Rows first: counting cap hits under the lock keeps two instances from both awarding the last one.
        Map<Long, ScoreBook.Entry> entries = book.lock(contactIds);
        Map<Long, Map<Long, List<Instant>>> capped = book.scoredBetween(capWindows(hits, now), contactIds);
        List<ScoreBook.NewChange> changes = new ArrayList<>();
        entries.values().forEach(e -> {
            e.decayTo(now, settings).ifPresent(changes::add);
            e.startFromNow();
        });
        for (Hit hit : hits) {
            ScoreBook.Entry entry = entries.get(hit.activity().contactId());
            BehaviourRule rule = hit.rule();
            Instant happened = happened(hit.activity(), now);
            if (entry == null || (rule.capCount() != null && !underCap(rule, happened,
                    capped.get(rule.id()).computeIfAbsent(entry.contactId(), id -> new ArrayList<>())))) {
                continue;
            }
            double points = worth(rule.points(), happened, now, settings);
            int shown = entry.add(points);
            String reason = happened.isBefore(now.minus(Duration.ofDays(1))) ? rule.name() + " (on "
                    + LocalDate.ofInstant(happened, ZoneOffset.UTC) + ": " + Math.round(points * 10) / 10.0 + " of "
                    + rule.points() + " points after the half-life)" : rule.name();
            changes.add(new ScoreBook.NewChange(entry.contactId(), Cause.RULE, reason, rule.id(), hit.activity().id(),
                    shown, entry.score(), entry.grade(), happened));
        }
        boolean grading = book.grading();
        readyLeads.judge(entries.values(), settings, grading);
        book.save(entries.values(), changes);
        events.publishEvent(new ScoresChanged(new TreeSet<>(entries.keySet())));
        readyLeads.promote(entries.values(), settings, grading);
    }

    /** When the activity happened; one logged as happening later than now counts as now. */
    private static Instant happened(LoggedActivity a, Instant now) {
        return a.occurredAt() == null || a.occurredAt().isAfter(now) ? now : a.occurredAt();
    }

    /** A rule's points as they would be now had they been scored when the activity happened. */
    private static double worth(int points, Instant happened, Instant now, ScoringSettings settings) {
        return Math.signum(points) * settings.decay(Math.abs(points), Duration.between(happened, now));
    }

    /** Per capped rule, the instants between which its earlier hits count against this batch's. */
    private static Map<Long, Instant[]> capWindows(List<Hit> hits, Instant now) {
        Map<Long, Instant[]> windows = new HashMap<>();
        for (Hit hit : hits) {
            BehaviourRule rule = hit.rule();
            if (rule.capCount() != null) {
                Instant happened = happened(hit.activity(), now);
                Duration period = capPeriod(rule);
                windows.merge(rule.id(), new Instant[] {happened.minus(period), happened.plus(period)},
                        (a, b) -> new Instant[] {a[0].isBefore(b[0]) ? a[0] : b[0], a[1].isAfter(b[1]) ? a[1] : b[1]});
            }
        }
        return windows;
    }

    /**
     * Whether the rule may score a hit that happened then: fewer than its cap of hits happened within one period
     * either side. Answers true and counts the hit when it may.
     */
    private static boolean underCap(BehaviourRule rule, Instant happened, List<Instant> scored) {
        Duration period = capPeriod(rule);
        long near = scored.stream().filter(t -> t.isAfter(happened.minus(period)) && t.isBefore(happened.plus(period)))
                .count();
        if (near >= rule.capCount()) {
            return false;
        }
        scored.add(happened);
        return true;
    }

    // Bounded for rules saved before the period was: a longer one failed every batch the rule met.
    private static Duration capPeriod(BehaviourRule rule) {
        return rule.capPeriod().compareTo(ScoringRules.LONGEST_CAP) > 0 ? ScoringRules.LONGEST_CAP : rule.capPeriod();
    }

    static boolean meets(LoggedActivity a, BehaviourRule rule) {
        if (a.type() != rule.activity()) {
            return false;
        }
        if (rule.activity() == ActivityType.CUSTOM && !rule.customType().equalsIgnoreCase(a.customType())) {
            return false;
        }
        return rule.target() == null || (a.target() != null && targetMatches(a.target(), rule.target()));
    }

    /** Text without '*' is looked for anywhere in the target; with '*', the whole target must match, any case. */
    static boolean targetMatches(String target, String pattern) {
        String t = target.toLowerCase(Locale.ROOT);
        String p = pattern.toLowerCase(Locale.ROOT);
        if (p.indexOf('*') < 0) {
            return t.contains(p);
        }
        String regex = Arrays.stream(p.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
        return Pattern.compile(regex, Pattern.DOTALL).matcher(t).matches();
    }
}

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
 * activity meets, within each rule's cap; a contact that comes to meet the readiness rule becomes MQL. Activity
 * flagged as a machine's (a privacy proxy's open, a link scanner's click) scores nothing.
 */
@Component
@Order(1)
class BehaviourScoring implements ActivityFollower {

    private record Hit(LoggedActivity activity, BehaviourRule rule) {}

    private final ScoringRules rules;
    private final ScoreBook book;
    private final ScoringSettings settings;
    private final ReadyLeads readyLeads;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    BehaviourScoring(ScoringRules rules, ScoreBook book, ScoringSettings settings, ReadyLeads readyLeads,
            ApplicationEventPublisher events, Clock clock) {
        this.rules = rules;
        this.book = book;
        this.settings = settings;
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
        Map<Long, Instant> capsSince = new HashMap<>();
        hits.stream().map(Hit::rule).filter(r -> r.capCount() != null).distinct()
                // Bounded for rules saved before the period was: a longer one failed every batch the rule met.
                .forEach(r -> capsSince.put(r.id(), now.minus(r.capPeriod().compareTo(ScoringRules.LONGEST_CAP) > 0
                        ? ScoringRules.LONGEST_CAP : r.capPeriod())));
        List<Long> contactIds = hits.stream().map(h -> h.activity().contactId()).distinct().toList();
        // Rows first: counting cap hits under the lock keeps two instances from both awarding the last one.
        Map<Long, ScoreBook.Entry> entries = book.lock(contactIds);
        Map<Long, Map<Long, Integer>> timesScored = book.timesScored(capsSince, contactIds);
        entries.values().forEach(e -> {
            e.decayTo(now, settings);
            e.startFromNow();
        });
        List<ScoreBook.NewChange> changes = new ArrayList<>();
        for (Hit hit : hits) {
            ScoreBook.Entry entry = entries.get(hit.activity().contactId());
            BehaviourRule rule = hit.rule();
            if (entry == null || (rule.capCount() != null && timesScored.get(rule.id())
                    .merge(entry.contactId(), 1, Integer::sum) > rule.capCount())) {
                continue;
            }
            int shown = entry.add(rule.points());
            changes.add(new ScoreBook.NewChange(entry.contactId(), Cause.RULE, rule.name(), rule.id(),
                    hit.activity().id(), shown, entry.score(), entry.grade()));
        }
        book.save(entries.values(), changes);
        events.publishEvent(new ScoresChanged(new TreeSet<>(entries.keySet())));
        readyLeads.promote(entries.values(), book.grading());
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

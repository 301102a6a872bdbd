package io.keepwarm.trigger.internal;

import io.keepwarm.activity.Activities;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.delivery.Delivery;
import io.keepwarm.platform.Zones;
import io.keepwarm.segment.Operator;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.Segments;
import io.keepwarm.trigger.Cue;
import io.keepwarm.trigger.Trigger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The date job of static triggers: walks the contacts a date trigger may concern a page at a time, each page in a
 * transaction of its own, works out in each contact's own zone (the account's, where theirs is unknown) whether an
 * occurrence is due today, and hands the ones not yet recorded to the evaluator. The unique key per trigger, contact
 * and occurrence makes a run that is repeated, restarted or running on two instances at once fire each occurrence
 * once.
 */
@Component
class DateTriggers {

    static final int PAGE = 1000;
    /** Before any purchase a shop logs: every one of a contact's purchases counts. */
    private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DateTriggers.class);

    private final Catalog catalog;
    private final Segments segments;
    private final Contacts contacts;
    private final Activities activities;
    private final Delivery delivery;
    private final FiringStore firings;
    private final Evaluator evaluator;
    private final Zones zones;
    private final Clock clock;
    private final TransactionTemplate transactions;

    DateTriggers(Catalog catalog, Segments segments, Contacts contacts, Activities activities, Delivery delivery,
            FiringStore firings, Evaluator evaluator, Zones zones, Clock clock,
            PlatformTransactionManager transactionManager) {
        this.delivery = delivery;
        this.catalog = catalog;
        this.segments = segments;
        this.contacts = contacts;
        this.activities = activities;
        this.firings = firings;
        this.evaluator = evaluator;
        this.zones = zones;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** Runs every active date trigger once, as of now. */
    Evaluator.Outcome run() {
        Instant now = clock.instant();
        Evaluator.Outcome outcome = Evaluator.Outcome.NONE;
        for (Trigger trigger : catalog.reload().dates()) {
            try {
                outcome = outcome.plus(run(trigger, now));
            } catch (RuntimeException failed) {
                // One broken trigger (its date attribute removed) must not keep the others from their dates.
                log.warn("Date trigger {} ('{}') could not run: {}", trigger.id(), trigger.name(), failed.getMessage());
            }
        }
        return outcome;
    }

    private Evaluator.Outcome run(Trigger trigger, Instant now) {
        return switch (trigger.when()) {
            case Cue.Anniversary a -> byRule(trigger, anniversaryWindow(a.attribute(), a.daysBefore()), now,
                    page -> anniversaries(trigger, a, page, now));
            case Cue.DaysBefore d -> byRule(trigger, window(d.attribute(), d.days()), now,
                    page -> dates(trigger, d, page, now));
            case Cue.DaysSince d -> bySpans(trigger, anchor(d.since()), (spans, zones) -> spans,
                    (span, zone) -> since(trigger, d, span, zone, now));
            case Cue.ExpectedPurchase e -> bySpans(trigger, spans(ActivityType.PURCHASE), this::countingDays,
                    (span, zone) -> expected(trigger, e, span, zone, now));
            default -> Evaluator.Outcome.NONE;
        };
    }

    /**
     * The contacts whose date is due: "field between today and today+Nd" by the segment compiler's date maths, which
     * reads today on the clock {@link io.keepwarm.platform.Zones#ofContact} gives (their own zone; for an unknown one
     * their country's middle clock, else the account's), the clock each candidate is then checked on. The check stays:
     * it is what keeps a trigger from firing for dates that came before it began listening ({@link Occurrences#heard}),
     * and for a date's own day as its anniversary, and it makes the occurrence's key.
     */
    private static Rule window(String field, int days) {
        return new Rule.Compare(field, Operator.BETWEEN, List.of(new Rule.Literal.Today(0),
                new Rule.Literal.Today(days)));
    }

    /** As {@link #window}, for an anniversary: the next one is from today to {@code daysBefore} days away. */
    private static Rule anniversaryWindow(String attribute, int daysBefore) {
        return new Rule.Compare("anniversary(" + attribute + ")", Operator.BETWEEN, List.of(new Rule.Literal.Today(0),
                new Rule.Literal.Today(daysBefore)));
    }

    /**
     * Walks the candidates a page at a time, every page's "today" read at the run's {@code now}, as the check of each
     * candidate reads it: a contact whose midnight came while the run went on is neither missed nor taken twice.
     */
    private Evaluator.Outcome byRule(Trigger trigger, Rule candidates, Instant now,
            java.util.function.Function<Map<Long, Contact>, List<Occurrence>> due) {
        Evaluator.Outcome outcome = Evaluator.Outcome.NONE;
        long after = 0;
        while (true) {
            long from = after;
            Page page = transactions.execute(status -> {
                List<Long> ids = segments.matchingAfter(candidates, from, PAGE, now);
                return new Page(ids, ids.isEmpty() ? Evaluator.Outcome.NONE
                        : evaluate(trigger, due.apply(contacts.getAll(ids))));
            });
            outcome = outcome.plus(page.outcome());
            if (page.ids().size() < PAGE) {
                return outcome;
            }
            after = page.ids().getLast();
        }
    }

    /** Where a page of contacts' spans comes from: the contacts above an id, in id order, at most so many. */
    private interface SpanSource {
        List<Activities.Span> page(long afterContactId, int limit);
    }

    private SpanSource spans(ActivityType type) {
        return (after, limit) -> activities.spans(type, after, limit);
    }

    private Evaluator.Outcome bySpans(Trigger trigger, SpanSource source,
            java.util.function.BiFunction<List<Activities.Span>, Map<Long, ZoneId>, List<Activities.Span>> counting,
            java.util.function.BiFunction<Activities.Span, ZoneId, Optional<Occurrence>> due) {
        Evaluator.Outcome outcome = Evaluator.Outcome.NONE;
        long after = 0;
        while (true) {
            long from = after;
            Page page = transactions.execute(status -> {
                List<Activities.Span> spans = source.page(from, PAGE);
                Map<Long, ZoneId> zoneOf = new HashMap<>();
                contacts.ownersAndZones(spans.stream().map(Activities.Span::contactId).toList())
                        .forEach(c -> zoneOf.put(c.contactId(), zones.ofContact(c.timeZone(), c.country())));
                List<Occurrence> occurrences = new ArrayList<>();
                counting.apply(spans, zoneOf).stream().filter(s -> zoneOf.containsKey(s.contactId()))
                        .forEach(s -> due.apply(s, zoneOf.get(s.contactId())).ifPresent(occurrences::add));
                return new Page(spans.stream().map(Activities.Span::contactId).toList(), evaluate(trigger, occurrences));
            });
            outcome = outcome.plus(page.outcome());
            if (page.ids().size() < PAGE) {
                return outcome;
            }
            after = page.ids().getLast();
        }
    }

    private record Page(List<Long> ids, Evaluator.Outcome outcome) {}

    /**
     * The spans with their count made the days with a purchase, each in the contact's zone: an order and its add-on
     * five minutes later are one transaction, not a buying rhythm of five minutes.
     */
    private List<Activities.Span> countingDays(List<Activities.Span> spans, Map<Long, ZoneId> zones) {
        List<Long> several = spans.stream().filter(s -> s.count() > 1).map(Activities.Span::contactId).toList();
        if (several.isEmpty()) {
            return spans;
        }
        Map<Long, Set<LocalDate>> days = new HashMap<>();
        activities.ofTypeAfter(several, ActivityType.PURCHASE, EARLIEST).stream().filter(a -> a.flag() == null)
                .forEach(a -> days.computeIfAbsent(a.contactId(), id -> new HashSet<>())
                        .add(Occurrences.today(a.occurredAt(), zones.get(a.contactId()))));
        return spans.stream().map(s -> s.count() < 2 ? s : new Activities.Span(s.contactId(),
                days.getOrDefault(s.contactId(), Set.of()).size(), s.first(), s.last())).toList();
    }

    /** Leaves out the occurrences already recorded (the usual case on every run after the first), then evaluates. */
    private Evaluator.Outcome evaluate(Trigger trigger, List<Occurrence> occurrences) {
        if (occurrences.isEmpty()) {
            return Evaluator.Outcome.NONE;
        }
        Set<String> known = firings.known(trigger.id(), occurrences.stream().map(Occurrence::contactId).distinct().toList());
        return evaluator.evaluate(occurrences.stream().filter(o -> !known.contains(o.contactId() + "/" + o.key())).toList());
    }

    private List<Occurrence> anniversaries(Trigger trigger, Cue.Anniversary cue, Map<Long, Contact> page, Instant now) {
        List<Occurrence> due = new ArrayList<>();
        page.values().forEach(contact -> {
            ZoneId zone = zones.ofContact(contact.timeZone(), contact.country());
            LocalDate listening = Occurrences.today(trigger.listeningSince(), zone);
            boolean learned = learnedWhileListening(contact, trigger);
            date(contact, cue.attribute()).ifPresent(date ->
                    Occurrences.anniversary(date, Occurrences.today(now, zone), cue.daysBefore())
                            .filter(next -> learned || Occurrences.heard(next.minusDays(cue.daysBefore()), listening))
                            .ifPresent(next -> due.add(new Occurrence(trigger, contact.id(), "anniversary:" + next.getYear(),
                                    "anniversary of " + cue.attribute() + " (" + date + ") on " + next))));
        });
        return due;
    }

    private List<Occurrence> dates(Trigger trigger, Cue.DaysBefore cue, Map<Long, Contact> page, Instant now) {
        List<Occurrence> due = new ArrayList<>();
        page.values().forEach(contact -> {
            ZoneId zone = zones.ofContact(contact.timeZone(), contact.country());
            LocalDate listening = Occurrences.today(trigger.listeningSince(), zone);
            boolean learned = learnedWhileListening(contact, trigger);
            date(contact, cue.attribute())
                    .filter(date -> Occurrences.before(date, Occurrences.today(now, zone), cue.days())
                            && (learned || Occurrences.heard(date.minusDays(cue.days()), listening)))
                    .ifPresent(date -> due.add(new Occurrence(trigger, contact.id(), "date:" + date,
                            cue.attribute() + " " + date + " is " + cue.days() + " days away or less")));
        });
        return due;
    }

    /**
     * A contact created or changed since the trigger began listening may have brought its date with it (an import, a
     * CRM sync): a date already inside the window then gets its alert late rather than never. The reach-back keeps only
     * the dates of contacts the trigger found as they were from greeting all at once.
     */
    private static boolean learnedWhileListening(Contact contact, Trigger trigger) {
        return contact.updatedAt() != null && contact.updatedAt().isAfter(trigger.listeningSince());
    }

    private Optional<Occurrence> since(Trigger trigger, Cue.DaysSince cue, Activities.Span span, ZoneId zone,
            Instant now) {
        LocalDate last = Occurrences.today(span.last(), zone);
        LocalDate listening = Occurrences.today(trigger.listeningSince(), zone);
        if (!Occurrences.since(last, Occurrences.today(now, zone), cue.days(), listening)) {
            return Optional.empty();
        }
        return Optional.of(new Occurrence(trigger, span.contactId(), "since:" + span.last(),
                cue.days() + " days since the last " + cue.since().name().toLowerCase(java.util.Locale.ROOT) + " (" + last + ")"));
    }

    private Optional<Occurrence> expected(Trigger trigger, Cue.ExpectedPurchase cue, Activities.Span span,
            ZoneId zone, Instant now) {
        return Occurrences.expectedPurchase(span.count(), span.first(), span.last()).flatMap(expected -> {
            LocalDate day = Occurrences.today(expected, zone);
            long every = Duration.between(span.first(), span.last()).dividedBy(span.count() - 1).toDays();
            // Late by up to one whole round is the customer at risk; later than that they have skipped a purchase,
            // which a "days since the last purchase" trigger is for.
            if (!Occurrences.expectedDue(day, Occurrences.today(now, zone), cue.daysBefore(), every)) {
                return Optional.empty();
            }
            return Optional.of(new Occurrence(trigger, span.contactId(), "expected:" + span.last(),
                    "next purchase expected on " + day + " (" + span.count() + " purchases, about every " + every + " days)"));
        });
    }

    private static Optional<LocalDate> date(Contact contact, String attribute) {
        Object value = contact.attributes().get(attribute);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(value.toString()));
        } catch (DateTimeParseException notADate) {
            return Optional.empty();
        }
    }

    /**
     * The last touch is what reached the contact, as delivery knows it (an email handed over, a call with an
     * outcome), not every TOUCH_SENT: that is written when a call task is only queued, and stays when an email fails.
     */
    private SpanSource anchor(Cue.Anchor anchor) {
        return switch (anchor) {
            case TOUCH -> (after, limit) -> delivery.lastTouches(after, limit).stream()
                    .map(t -> new Activities.Span(t.contactId(), 1, t.at(), t.at())).toList();
            case REPLY -> spans(ActivityType.REPLIED);
            case PURCHASE -> spans(ActivityType.PURCHASE);
        };
    }
}

package io.keepwarm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Validity;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Random sequences of planned touches fed through the policy the way the engine will: time only moves forward,
 * a Send is appended to the contact's history, and a Defer is sometimes followed to its moment and sent there.
 */
class PressurePolicyPropertyTest {

    /** Zones with DST both ways, quarter-hour offsets, and the extremes; null is an unknown zone. */
    private static final List<String> ZONES = List.of("Europe/Berlin", "America/New_York", "Asia/Tokyo",
            "Asia/Kathmandu", "Australia/Lord_Howe", "Pacific/Kiritimati", "Etc/GMT+12", "America/Sao_Paulo", "UTC");

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    record Step(long minutesLater, Channel channel, boolean nurture, boolean followDeferral) {}

    record Run(PressureSettings settings, ContactFacts facts, List<Step> steps) {}

    /** What the simulation saw: the sends and every decision with the history it was made on. */
    record Outcome(List<PastTouch> sent, List<Seen> seen) {}

    record Seen(Candidate candidate, Instant at, List<PastTouch> history, Decision decision) {}

    @Property(tries = 400)
    void noRollingWindowEverHoldsMoreTouchesThanItsCap(@ForAll("runs") Run run) {
        List<PastTouch> sent = simulate(run).sent();
        List<PressureSettings.Cap> caps = new ArrayList<>(run.settings().caps());
        if (run.facts().frequency() != null) {
            caps.add(run.facts().frequency().asCap());
        }
        for (PressureSettings.Cap cap : caps) {
            Duration window = Duration.ofDays(cap.windowDays());
            for (PastTouch last : sent) {
                long inWindow = sent.stream().filter(t -> cap.counts(t.channel()))
                        .filter(t -> t.sentAt().isAfter(last.sentAt().minus(window)) && !t.sentAt().isAfter(last.sentAt()))
                        .count();
                if (cap.counts(last.channel())) {
                    assertThat(inWindow).as("%s in the window ending %s", cap, last.sentAt()).isLessThanOrEqualTo(cap.max());
                }
            }
        }
    }

    @Property(tries = 400)
    void nothingIsSentInQuietHoursInTheContactsZone(@ForAll("runs") Run run) {
        for (PastTouch touch : simulate(run).sent()) {
            PressureSettings.Hours hours = run.settings().hoursFor(touch.channel());
            assertThat(AllowedMoments.allows(hours, run.facts().zone(), run.facts().country(), touch.sentAt()))
                    .as("%s at %s in %s", touch.channel(), touch.sentAt(), run.facts().zone()).isTrue();
            if (hours != null && run.facts().zone() != null) {
                var local = touch.sentAt().atZone(run.facts().zone());
                assertThat(hours.days()).contains(local.getDayOfWeek());
                assertThat(local.getHour()).isBetween(hours.start(), hours.end() - 1);
            }
        }
    }

    @Property(tries = 400)
    void everyDeferralLandsOnTheEarliestAllowedMoment(@ForAll("runs") Run run) {
        for (Seen seen : simulate(run).seen()) {
            Statistics.label("decisions").collect(seen.decision() instanceof Decision.Suppress s ? s.reason()
                    : seen.decision().getClass().getSimpleName());
            if (seen.decision() instanceof Decision.Defer defer) {
                assertThat(defer.until()).isAfter(seen.at());
                assertThat(PressurePolicy.decide(seen.candidate(), run.facts(), seen.history(), run.settings(), defer.until()))
                        .as("deciding again at %s", defer.until()).isEqualTo(Decision.SEND);
                Instant justBefore = defer.until().minusSeconds(1);
                assertThat(PressurePolicy.decide(seen.candidate(), run.facts(), seen.history(), run.settings(), justBefore))
                        .as("deciding a second earlier").isNotEqualTo(Decision.SEND);
                Instant between = seen.at().plus(Duration.between(seen.at(), defer.until()).dividedBy(2));
                assertThat(PressurePolicy.decide(seen.candidate(), run.facts(), seen.history(), run.settings(), between))
                        .as("deciding half-way").isNotEqualTo(Decision.SEND);
            }
        }
    }

    @Property(tries = 400)
    void withdrawnConsentNeverYieldsSend(@ForAll("runs") Run run, @ForAll Channel withdrawn) {
        Map<Channel, ConsentState> consent = new EnumMap<>(run.facts().consent());
        consent.put(withdrawn, ConsentState.WITHDRAWN);
        ContactFacts facts = new ContactFacts(1, run.facts().zone(), run.facts().country(), consent,
                run.facts().doNotContact(), false, Validity.VALID, true, null, run.facts().frequency());
        for (Seen seen : simulate(new Run(run.settings(), facts, run.steps())).seen()) {
            if (seen.candidate().channel() == withdrawn) {
                assertThat(seen.decision()).isEqualTo(new Decision.Suppress(Reason.CONSENT_WITHDRAWN));
            }
        }
    }

    private static Outcome simulate(Run run) {
        List<PastTouch> sent = new ArrayList<>();
        List<Seen> seen = new ArrayList<>();
        Instant now = START;
        for (Step step : run.steps()) {
            now = now.plus(Duration.ofMinutes(step.minutesLater()));
            Candidate candidate = new Candidate(1, step.channel(), step.nurture(), null, now);
            Decision decision = PressurePolicy.decide(candidate, run.facts(), sent, run.settings(), now);
            seen.add(new Seen(candidate, now, List.copyOf(sent), decision));
            if (decision instanceof Decision.Send) {
                sent.add(new PastTouch(step.channel(), now));
            } else if (decision instanceof Decision.Defer defer && step.followDeferral()) {
                now = defer.until();
                Decision again = PressurePolicy.decide(candidate, run.facts(), sent, run.settings(), now);
                seen.add(new Seen(candidate, now, List.copyOf(sent), again));
                if (again instanceof Decision.Send) {
                    sent.add(new PastTouch(step.channel(), now));
                }
            }
        }
        return new Outcome(sent, seen);
    }

    @Provide
    Arbitrary<Run> runs() {
        Arbitrary<Step> step = Combinators.combine(
                Arbitraries.longs().between(0, 5 * 24 * 60),
                Arbitraries.of(Channel.class),
                Arbitraries.of(true, false),
                Arbitraries.of(true, false)).as(Step::new);
        return Combinators.combine(settings(), facts(), step.list().ofMinSize(1).ofMaxSize(40)).as(Run::new);
    }

    private Arbitrary<PressureSettings> settings() {
        Arbitrary<PressureSettings.Cap> cap = Combinators.combine(
                Arbitraries.of(Channel.EMAIL, Channel.PHONE, Channel.SMS, null),
                Arbitraries.integers().between(1, 5),
                Arbitraries.integers().between(1, 30)).as(PressureSettings.Cap::new);
        Arbitrary<List<PressureSettings.Cap>> caps = Arbitraries.oneOf(
                Arbitraries.just(PressureSettings.defaults().caps()), cap.list().ofMaxSize(4));
        Arbitrary<Map<Channel, PressureSettings.Hours>> hours = Arbitraries.oneOf(
                Arbitraries.just(PressureSettings.defaults().hours()),
                Combinators.combine(hours(), hours()).as((email, phone) -> Map.of(Channel.EMAIL, email, Channel.PHONE, phone)));
        return Combinators.combine(caps, hours, Arbitraries.of(true, false))
                .as((c, h, honour) -> new PressureSettings(c, h, Set.of("US"), honour));
    }

    private Arbitrary<PressureSettings.Hours> hours() {
        Arbitrary<Set<DayOfWeek>> days = Arbitraries.of(DayOfWeek.class).set().ofMinSize(1);
        return Arbitraries.integers().between(0, 23).flatMap(start -> Combinators.combine(
                Arbitraries.integers().between(start + 1, 24), days).as((end, d) -> new PressureSettings.Hours(start, end, d)));
    }

    private Arbitrary<ContactFacts> facts() {
        Arbitrary<ZoneId> zone = Arbitraries.of(ZONES).map(ZoneId::of).injectNull(0.1);
        Arbitrary<Frequency> frequency = Combinators.combine(Arbitraries.of(Channel.EMAIL, null),
                Arbitraries.integers().between(1, 3), Arbitraries.integers().between(1, 60)).as(Frequency::new).injectNull(0.6);
        Arbitrary<ConsentState> consent = Arbitraries.of(ConsentState.GRANTED, ConsentState.UNKNOWN);
        return Combinators.combine(zone, Arbitraries.of("US", "DE"), consent, consent, frequency,
                Arbitraries.of(Channel.class).injectNull(0.7)).as((z, country, email, phone, f, preferred) ->
                new ContactFacts(1, z, country, Map.of(Channel.EMAIL, email, Channel.PHONE, phone, Channel.SMS, ConsentState.GRANTED),
                        EnumSet.noneOf(Channel.class), false, Validity.VALID, true, preferred, f));
    }
}

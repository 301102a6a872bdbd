package io.keepwarm.engine;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Validity;
import io.keepwarm.platform.CountryZones;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The pressure policy as a pure function: same inputs, same decision, no clock, no database. The engine asks it
 * when it plans a touch and again inside the send transaction, with facts read in that transaction, so a
 * withdrawal that committed first always wins.
 */
public final class PressurePolicy {

    private PressurePolicy() {}

    /**
     * Whether the candidate may be sent at {@code now}.
     *
     * <p>Hard gates first (suppression list, withdrawn consent, do-not-contact, no phone number for a call or a text,
     * invalid contact, missing consent, another preferred channel): any of them suppresses. Then timing: the earliest
     * instant at or after {@code now}, and after the contact's pause of nurture email, where every cap has room and the
     * contact's local time is allowed. That is now (Send), a later instant (Defer), or past the step's staleness limit
     * (Suppress PAUSED when the pause put it there, else STALE).
     */
    public static Decision decide(Candidate candidate, ContactFacts facts, List<PastTouch> recent,
            PressureSettings settings, Instant now) {
        Reason refused = gate(candidate, facts, settings);
        if (refused != null) {
            return new Decision.Suppress(refused);
        }
        return timing(candidate, facts, recent, settings, now);
    }

    /**
     * The hard gates alone (suppression list, consent, do-not-contact, phone number, validity, preferred channel),
     * without caps or quiet hours: for a message the contact has just asked for. Null when none refuses.
     */
    public static Reason gateOnly(Candidate candidate, ContactFacts facts, PressureSettings settings) {
        return gate(candidate, facts, settings);
    }

    private static Reason gate(Candidate candidate, ContactFacts facts, PressureSettings settings) {
        Channel channel = candidate.channel();
        ConsentState consent = facts.consentOn(channel);
        if (facts.suppressed()) {
            return Reason.SUPPRESSED;
        }
        if (consent == ConsentState.WITHDRAWN) {
            return Reason.CONSENT_WITHDRAWN;
        }
        if (facts.doNotContact().contains(channel)) {
            return Reason.DO_NOT_CONTACT;
        }
        if (channel != Channel.EMAIL && !facts.hasPhone()) {
            // As an email to a dead address: the touch is dropped with its reason, not made a call nobody can make.
            return Reason.NO_PHONE_NUMBER;
        }
        if (facts.validity() != null && facts.validity() != Validity.VALID
                && (facts.validity() != Validity.BOUNCED || channel == Channel.EMAIL)) {
            // A bounce says the email address is dead, not the phone number: the call still goes.
            return Reason.INVALID_ADDRESS;
        }
        if (consent == ConsentState.UNKNOWN && needsGrantedConsent(candidate, facts, settings)) {
            return Reason.NO_CONSENT;
        }
        if (settings.honourPreferredChannel() && facts.preferredChannel() != null
                && facts.preferredChannel() != channel) {
            return Reason.WRONG_CHANNEL;
        }
        return null;
    }

    /**
     * SMS always needs granted consent; a nurture email needs it unless the contact's country lets B2B mail go
     * on opt-out; a call task and a non-nurture email (a reply to the contact's own request) do not.
     */
    private static boolean needsGrantedConsent(Candidate candidate, ContactFacts facts, PressureSettings settings) {
        return switch (candidate.channel()) {
            case SMS -> true;
            case EMAIL -> candidate.nurture()
                    && (facts.country() == null || !settings.optOutCountries().contains(facts.country()));
            case PHONE -> false;
        };
    }

    /**
     * Raises t from now until neither the caps nor the allowed hours move it: each only ever answers "not before
     * x", and x is a lower bound for the earliest moment both accept, so the first t both accept is the earliest.
     */
    private static Decision timing(Candidate candidate, ContactFacts facts, List<PastTouch> recent,
            PressureSettings settings, Instant now) {
        List<PressureSettings.Cap> caps = capsFor(candidate.channel(), facts, settings);
        PressureSettings.Hours hours = settings.hoursFor(candidate.channel());
        Instant staleAt = candidate.staleAt();
        if (facts.zone() == null && AllowedMoments.next(hours, null, facts.country(), now,
                now.plus(AllowedMoments.WEEK_AND_MORE)) == null) {
            return new Decision.Suppress(Reason.UNKNOWN_TIME_ZONE);
        }
        Instant t = now;
        Reason first = null;
        Instant paused = pausedUntil(candidate, facts);
        if (paused != null && paused.isAfter(now)) {
            t = paused;
            first = Reason.PAUSED;
        }
        // What moved t, in order, so a touch dropped as STALE can say what held it (its own reason only says when).
        java.util.Set<String> heldBy = new java.util.LinkedHashSet<>();
        Instant horizon = t.plus(Duration.ofDays(settings.longestWindowDays(facts.frequency())))
                .plus(AllowedMoments.WEEK_AND_MORE);
        while (true) {
            if (staleAt != null && t.isAfter(staleAt)) {
                return first == Reason.PAUSED ? new Decision.Suppress(Reason.PAUSED)
                        : new Decision.Suppress(Reason.STALE, staleDetail(heldBy, candidate.staleAfter()));
            }
            Room room = roomAt(caps, recent, t);
            if (room.at().isAfter(t)) {
                first = first == null ? Reason.CAP_REACHED : first;
                heldBy.add(describe(room.cap(), facts));
                t = room.at();
                continue;
            }
            Instant allowed = AllowedMoments.next(hours, facts.zone(), facts.country(), t, horizon);
            if (allowed == null) {
                return new Decision.Suppress(facts.zone() == null ? Reason.UNKNOWN_TIME_ZONE : Reason.QUIET_HOURS);
            }
            if (allowed.isAfter(t)) {
                first = first == null ? Reason.QUIET_HOURS : first;
                heldBy.add(facts.zone() != null ? "quiet hours in the contact's time zone (" + facts.zone() + ")"
                        : CountryZones.clocksOf(facts.country()).isEmpty() ? "quiet hours"
                        : "quiet hours on every clock of " + facts.country() + " (their time zone is unknown)");
                t = allowed;
                continue;
            }
            return first == null ? Decision.SEND : new Decision.Defer(t, first);
        }
    }

    /**
     * Why a touch went stale, in words: "held by the contact's own rhythm (1 email in 30 days) past its 3-day limit",
     * or, when nothing held it now, that it was still unsent when the limit ran out (it waited earlier, or late).
     */
    static String staleDetail(java.util.Collection<String> heldBy, Duration limit) {
        String within = limit == null ? "its limit" : its(limit);
        return heldBy.isEmpty() ? "still unsent when " + within + " ran out"
                : "held by " + String.join(" and then ", heldBy) + " past " + within;
    }

    /**
     * A limit in the largest units that say it whole: "its 3-day limit", "its 36-hour limit" would read as a sum to
     * do, so a limit of more than one unit is "its limit of 1 day and 12 hours" (10050 minutes: "7 days and 12 hours").
     */
    private static String its(Duration limit) {
        long days = limit.toDays();
        int hours = limit.toHoursPart();
        int minutes = limit.toMinutesPart();
        List<String> parts = new ArrayList<>();
        if (days > 0) {
            parts.add(days + (days == 1 ? " day" : " days"));
        }
        if (hours > 0) {
            parts.add(hours + (hours == 1 ? " hour" : " hours"));
        }
        if (minutes > 0) {
            parts.add(minutes + (minutes == 1 ? " minute" : " minutes"));
        }
        if (parts.size() <= 1) {
            String unit = days > 0 ? days + "-day" : hours > 0 ? hours + "-hour" : minutes + "-minute";
            return "its " + unit + " limit";
        }
        return "its limit of " + String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.getLast();
    }

    private static String describe(PressureSettings.Cap cap, ContactFacts facts) {
        return facts.frequency() != null && cap.equals(facts.frequency().asCap())
                ? "the contact's own rhythm (" + cap.said() + ")" : "the cap of " + cap.said();
    }

    /** The contact paused nurture email only: a call, or the email they have just asked for, still goes. */
    private static Instant pausedUntil(Candidate candidate, ContactFacts facts) {
        return candidate.channel() == Channel.EMAIL && candidate.nurture() && facts.frequency() != null
                ? facts.frequency().pausedUntil() : null;
    }

    private static List<PressureSettings.Cap> capsFor(Channel channel, ContactFacts facts, PressureSettings settings) {
        List<PressureSettings.Cap> caps = new ArrayList<>();
        settings.caps().stream().filter(cap -> cap.counts(channel)).forEach(caps::add);
        if (facts.frequency() != null && facts.frequency().asCap().counts(channel)) {
            caps.add(facts.frequency().asCap());
        }
        return caps;
    }

    /**
     * The earliest instant at or after t where every cap has room: a cap of max n over w days is full while n
     * counted touches lie in (t - w, t]; it has room again when the oldest of them that must leave turns w old.
     */
    private static Room roomAt(List<PressureSettings.Cap> caps, List<PastTouch> recent, Instant t) {
        Room room = new Room(t, null);
        for (PressureSettings.Cap cap : caps) {
            Duration window = Duration.ofDays(cap.windowDays());
            Instant windowStart = t.minus(window);
            List<Instant> inWindow = recent.stream()
                    .filter(touch -> cap.counts(touch.channel()))
                    .map(PastTouch::sentAt)
                    .filter(at -> at.isAfter(windowStart) && !at.isAfter(t))
                    .sorted()
                    .toList();
            if (inWindow.size() >= cap.max()) {
                Instant free = inWindow.get(inWindow.size() - cap.max()).plus(window);
                if (free.isAfter(room.at())) {
                    room = new Room(free, cap);
                }
            }
        }
        return room;
    }

    /** The earliest instant every cap has room, and the cap that holds the touch until then (null: none). */
    private record Room(Instant at, PressureSettings.Cap cap) {}
}

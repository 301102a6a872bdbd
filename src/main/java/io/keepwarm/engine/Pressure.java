package io.keepwarm.engine;

import io.keepwarm.activity.Activities;
import io.keepwarm.activity.Activity;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.delivery.QuietHours;
import io.keepwarm.platform.Countries;
import io.keepwarm.engine.internal.FrequencyStore;
import io.keepwarm.engine.internal.PolicyStore;
import io.keepwarm.engine.internal.TouchStore;
import io.keepwarm.platform.Zones;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import org.springframework.stereotype.Service;

/**
 * The pressure policy over the database: loads what it needs for a batch of contacts with one query per kind of
 * fact, and decides a batch of candidates the way the engine will, sending within one budget per person.
 */
@Service
public class Pressure implements QuietHours {

    /** How a TOUCH_SENT activity names its touch: "touch:42". */
    private static final String TOUCH = "touch:";

    /** What the policy reads about one contact. */
    public record Inputs(ContactFacts facts, List<PastTouch> recent) {}

    private final Contacts contacts;
    private final Activities activities;
    private final PolicyStore policy;
    private final FrequencyStore frequencies;
    private final TouchStore touches;

    Pressure(Contacts contacts, Activities activities, PolicyStore policy, FrequencyStore frequencies,
            TouchStore touches) {
        this.touches = touches;
        this.contacts = contacts;
        this.activities = activities;
        this.policy = policy;
        this.frequencies = frequencies;
    }

    /**
     * Decides each candidate at {@code now}, in order. A Send counts against the contact's budget for the
     * candidates after it, so five programs touching one person in one batch get no more than the caps allow.
     * Call it inside the send transaction to read consent and suppression as they are at the moment of sending.
     */
    public List<Decision> decide(List<Candidate> candidates, Instant now) {
        PressureSettings settings = policy.load();
        Set<Long> ids = new LinkedHashSet<>();
        candidates.forEach(c -> ids.add(c.contactId()));
        return decide(candidates, inputs(ids, settings, contacts.reachability(ids), now), settings, now, k -> false,
                k -> true);
    }

    /**
     * The same for candidates whose contacts the caller has read in this transaction, after locking them: their
     * consent, do-not-contact and validity are taken from {@code read}, not read again.
     */
    public List<Decision> decide(List<Candidate> candidates, Map<Long, Contact> read, Instant now) {
        return decide(candidates, read, now, k -> false, k -> true);
    }

    /**
     * The same, where the caller makes each Send go as it is decided ({@code goes} gets the candidate's index and
     * answers whether it went): one that then cannot go (its piece back in draft, unrenderable) takes no room under
     * the caps from the candidates after it. {@code received} is asked of each candidate just before it is decided,
     * after those ahead of it went: a piece the contact has by then is suppressed (ALREADY_RECEIVED), taking no room.
     */
    public List<Decision> decide(List<Candidate> candidates, Map<Long, Contact> read, Instant now, IntPredicate received,
            IntPredicate goes) {
        PressureSettings settings = policy.load();
        Map<Long, Contact> asked = new HashMap<>();
        candidates.forEach(c -> {
            Contact contact = read.get(c.contactId());
            if (contact != null) {
                asked.put(c.contactId(), contact);
            }
        });
        return decide(candidates, inputs(asked.keySet(), settings, contacts.reachability(asked), now), settings, now,
                received, goes);
    }

    private List<Decision> decide(List<Candidate> candidates, Map<Long, Inputs> inputs, PressureSettings settings,
            Instant now, IntPredicate received, IntPredicate goes) {
        Map<Long, List<PastTouch>> history = new HashMap<>();
        List<Decision> decisions = new ArrayList<>(candidates.size());
        for (int k = 0; k < candidates.size(); k++) {
            Candidate candidate = candidates.get(k);
            Inputs in = inputs.get(candidate.contactId());
            if (in == null) {
                decisions.add(new Decision.Suppress(Reason.CONTACT_GONE));
                continue;
            }
            if (received.test(k)) {
                decisions.add(new Decision.Suppress(Reason.ALREADY_RECEIVED));
                continue;
            }
            List<PastTouch> recent = history.computeIfAbsent(candidate.contactId(), id -> new ArrayList<>(in.recent()));
            Decision decision = PressurePolicy.decide(candidate, in.facts(), recent, settings, now);
            if (decision instanceof Decision.Send && goes.test(k)) {
                recent.add(new PastTouch(candidate.channel(), now));
            }
            decisions.add(decision);
        }
        return decisions;
    }

    /** The allowed hours for email, for the SMTP queue to hold a program's email that waited until the contact's day. */
    @Override
    public Email email() {
        PressureSettings.Hours hours = policy.load().hoursFor(Channel.EMAIL);
        return (zone, country, at) -> AllowedMoments.next(hours, zone(zone), Countries.iso2(country), at,
                at.plus(AllowedMoments.WEEK_AND_MORE));
    }

    /**
     * Those of these contacts a nurture email cannot reach now, with the hard gate that stops it (withdrawn or
     * missing consent, do-not-contact, a bounced or dead address, the suppression list, another preferred channel):
     * whatever the caps and the hour, every email planned for them is suppressed until that changes.
     */
    public Map<Long, Reason> cannotEmail(Collection<Long> contactIds, Instant now) {
        PressureSettings settings = policy.load();
        Map<Long, Reason> refused = new HashMap<>();
        for (Contacts.Reachability r : contacts.reachability(contactIds)) {
            ContactFacts facts = new ContactFacts(r.contactId(), zone(r.timeZone()), Countries.iso2(r.country()),
                    r.consent(), r.doNotContact(), r.suppressed(), r.validity(), r.hasPhone(), r.preferredChannel(),
                    null);
            Reason reason = PressurePolicy.gateOnly(new Candidate(r.contactId(), Channel.EMAIL, true, Duration.ZERO, now),
                    facts, settings);
            if (reason != null) {
                refused.put(r.contactId(), reason);
            }
        }
        return refused;
    }

    /** The policy's inputs for each of these contacts that exists, with the account's current settings. */
    public Map<Long, Inputs> inputs(Collection<Long> contactIds, Instant now) {
        return inputs(contactIds, policy.load(), contacts.reachability(contactIds), now);
    }

    private Map<Long, Inputs> inputs(Collection<Long> contactIds, PressureSettings settings,
            List<Contacts.Reachability> reachability, Instant now) {
        Map<Long, Frequency> preferences = frequencies.of(contactIds);
        int longest = settings.longestWindowDays(null);
        for (Frequency frequency : preferences.values()) {
            longest = Math.max(longest, frequency.windowDays());
        }
        Map<Long, List<PastTouch>> recent = new HashMap<>();
        List<Activity> sends = activities.ofTypeAfter(contactIds, ActivityType.TOUCH_SENT,
                now.minus(Duration.ofDays(longest)));
        // Mail that failed for good or was withheld never reached the person: after an SMTP outage it held back
        // every contact's next email for the cap's whole window.
        Set<Long> neverArrived = touches.neverArrived(sends.stream().map(Pressure::touchId)
                .filter(java.util.Objects::nonNull).toList());
        for (Activity sent : sends) {
            if (sent.channel() != null && !neverArrived.contains(touchId(sent))) {
                recent.computeIfAbsent(sent.contactId(), id -> new ArrayList<>()).add(new PastTouch(sent.channel(), sent.occurredAt()));
            }
        }
        Map<Long, Inputs> inputs = new HashMap<>();
        for (Contacts.Reachability r : reachability) {
            ContactFacts facts = new ContactFacts(r.contactId(), zone(r.timeZone()), Countries.iso2(r.country()),
                    r.consent(), r.doNotContact(), r.suppressed(), r.validity(), r.hasPhone(), r.preferredChannel(),
                    preferences.get(r.contactId()));
            inputs.put(r.contactId(), new Inputs(facts, List.copyOf(recent.getOrDefault(r.contactId(), List.of()))));
        }
        return inputs;
    }

    /** The touch a TOUCH_SENT activity records ("touch:42"), or null. */
    private static Long touchId(Activity sent) {
        String target = sent.target();
        if (target == null || !target.startsWith(TOUCH)) {
            return null;
        }
        try {
            return Long.valueOf(target.substring(TOUCH.length()));
        } catch (NumberFormatException notATouch) {
            return null;
        }
    }

    /** A zone this JVM does not know (a stale IANA name) is an unknown zone, which the policy treats strictly. */
    private static ZoneId zone(String text) {
        return Zones.known(text).orElse(null);
    }
}

package io.keepwarm.tracking.internal;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.contact.Tags;
import io.keepwarm.content.ContentFilter;
import io.keepwarm.content.ContentItem;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.content.ContentStatus;
import io.keepwarm.engine.ContentChoices;
import io.keepwarm.engine.FrequencyPreferences;
import io.keepwarm.lifecycle.Readiness;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.platform.Zones;
import io.keepwarm.tracking.PreferencesChanged;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The prospect's own choices: topics, a rhythm, "not now", and whether to get email at all. Each lives where the
 * rest of Keepwarm already reads it: topics and "only webinars" as tags (segments select on them, and the engine
 * sends only what they allow: {@link ContentChoices}), the rhythm as the engine's frequency preference, "not now"
 * as the lifecycle's expected-ready date, and consent in the ledger.
 */
@Service
public class PreferenceCentre {

    /** Tags carrying the prospect's topics start with this; the engine sends only pieces on them (or on none). */
    public static final String TOPIC_TAG = ContentChoices.TOPIC_TAG;
    /** The tag of "only webinars": the engine sends such a contact webinar invitations only. */
    public static final String ONLY_WEBINARS_TAG = ContentChoices.ONLY_WEBINARS_TAG;
    private static final int MAX_TAG = 60;
    /** The words of the page's two email choices in English, recorded as the evidence of the one the prospect picks. */
    public static final String EMAIL_YES = "Yes, email me now and then";
    public static final String EMAIL_NO = "No more email";

    /**
     * The page's two email choices as the prospect read them (the page speaks their language): the ledger's evidence
     * is the words they chose, not an English paraphrase of them, and the {@code language} they are in ("de"), which
     * the ledger keeps beside them.
     */
    public record Words(String yes, String no, String language) {
        public static final Words ENGLISH = new Words(EMAIL_YES, EMAIL_NO, "en");
    }

    /**
     * The "not now" choice that takes back a date the prospect gave (or a rep noted on a call): ask them any time.
     * Without it, "ask me again in 12 months" chosen by mistake could only be moved, never undone.
     */
    public static final int ASK_ANY_TIME = -1;

    /** How often the prospect wants email. */
    public enum Rhythm {
        /** No limit of their own: the account's pressure policy alone. */
        AS_IT_COMES,
        /** At most one email in 30 days. */
        MONTHLY,
        /**
         * No nurture email for three months from the day of the choice (in the contact's zone), then at most one in
         * 90 days until changed. The cap alone counted from the last email sent: one sent 80 days before let the
         * next come ten days after the choice.
         */
        PAUSE_3_MONTHS,
        /** Only webinar invitations (a tag the engine honours), at the account's pace. */
        ONLY_WEBINARS
    }

    /**
     * What the page shows and the form sends back.
     *
     * @param email whether the prospect wants email: granted, withdrawn, or null while they have not said (consent
     *     unknown) and, sent back, when they chose neither, which changes nothing
     * @param notNowMonths "ask me again in" so many months (3, 6 or 12), {@link #ASK_ANY_TIME} to take the date back,
     *     0 to leave it as it is
     * @param pausedUntil the first day nurture email may come again after a pause, while it lasts (shown, not sent)
     */
    public record Choices(Boolean email, Set<String> topics, Rhythm rhythm, int notNowMonths, LocalDate readyOn,
            LocalDate pausedUntil) {}

    private final Consents consents;
    private final Contacts contacts;
    private final Tags tags;
    private final FrequencyPreferences frequency;
    private final Readiness readiness;
    private final ContentLibrary content;
    private final TrackingStore store;
    private final Clock clock;
    private final Zones zones;
    private final ApplicationEventPublisher events;
    private final EvidenceTouches evidenceTouches;

    PreferenceCentre(Consents consents, Contacts contacts, Tags tags, FrequencyPreferences frequency,
            Readiness readiness, ContentLibrary content, TrackingStore store, Clock clock, Zones zones,
            ApplicationEventPublisher events, EvidenceTouches evidenceTouches) {
        this.evidenceTouches = evidenceTouches;
        this.zones = zones;
        this.events = events;
        this.consents = consents;
        this.contacts = contacts;
        this.tags = tags;
        this.frequency = frequency;
        this.readiness = readiness;
        this.content = content;
        this.store = store;
        this.clock = clock;
    }

    /** The topics of live pieces in the library, the ones a prospect can choose from. */
    public Set<String> topics() {
        Set<String> topics = new TreeSet<>();
        String cursor = null;
        for (int pages = 0; pages < 20; pages++) {
            var page = content.list(new ContentFilter(null, ContentStatus.LIVE, null, null, null), cursor, 200);
            page.items().stream().map(ContentItem::topics).flatMap(List::stream)
                    .filter(t -> TOPIC_TAG.length() + t.length() <= MAX_TAG).forEach(topics::add);
            cursor = page.nextCursor();
            if (cursor == null) {
                break;
            }
        }
        return topics;
    }

    public Choices current(long contactId) {
        Boolean email = switch (consents.current(contactId).get(Channel.EMAIL).state()) {
            case GRANTED -> true;
            case WITHDRAWN -> false;
            case UNKNOWN -> null;
        };
        List<String> own = tags.list(contactId);
        Set<String> topics = new TreeSet<>();
        own.stream().filter(t -> t.startsWith(TOPIC_TAG)).map(t -> t.substring(TOPIC_TAG.length())).forEach(topics::add);
        Rhythm rhythm = own.contains(ONLY_WEBINARS_TAG) ? Rhythm.ONLY_WEBINARS : rhythmOf(contactId);
        LocalDate readyOn = readiness.of(contactId).map(Readiness.View::readyOn).orElse(null);
        Instant now = clock.instant();
        LocalDate pausedUntil = frequency.find(contactId).map(FrequencyPreferences.Preference::pausedUntil)
                .filter(now::isBefore).map(until -> until.atZone(zone(contactId)).toLocalDate()).orElse(null);
        return new Choices(email, topics, rhythm, 0, readyOn, pausedUntil);
    }

    /**
     * Applies the form: every part is set to what it says, so saying no is as easy as saying yes. Email consent is
     * stated as double opt-in states it: the prospect's own choice, with the words they chose and their address.
     */
    @Transactional
    public void save(long contactId, Choices choices, Visitor visitor) {
        save(contactId, choices, visitor, null);
    }

    /**
     * The same, from the preference centre reached from an email of a piece: the consent statement names that email,
     * the latest of the piece the contact was sent.
     */
    @Transactional
    public void save(long contactId, Choices choices, Visitor visitor, Long fromPiece) {
        save(contactId, choices, visitor, fromPiece, Words.ENGLISH);
    }

    /** The same, from a page that showed the email choices in these words. */
    @Transactional
    public void save(long contactId, Choices choices, Visitor visitor, Long fromPiece, Words shown) {
        Long fromTouch = choices.email() == null ? null : evidenceTouches.latestEmailOf(contactId, fromPiece);
        Choices before = current(contactId);
        Set<PreferencesChanged.Part> changed = EnumSet.noneOf(PreferencesChanged.Part.class);
        // Recorded only when it changes the ledger, read under the contact's lock: a save that leaves the choice as
        // it was (or, while consent is unknown, picks neither) states nothing, and two saves at once record once.
        if (choices.email() != null && consents.recordIfChanged(contactId, new Consents.Statement(Channel.EMAIL,
                choices.email() ? ConsentState.GRANTED : ConsentState.WITHDRAWN, "preference centre",
                new Consents.Evidence("preference centre", TrackingStore.cut(visitor.ip(), 45),
                        choices.email() ? shown.yes() : shown.no(), fromTouch, shown.language())))) {
            changed.add(PreferencesChanged.Part.EMAIL);
        }
        if (Boolean.TRUE.equals(choices.email())) {
            // Else the page says "Saved" and the ledger "granted" while a past complaint keeps every email away.
            contacts.liftComplaint(contactId, "said yes to email again in the preference centre");
        }
        Set<String> offered = topics();
        for (String topic : before.topics()) {
            // Only topics the page offered can have been unticked; others (of retired pieces) stay.
            if (offered.contains(topic) && !choices.topics().contains(topic)) {
                changed.add(PreferencesChanged.Part.TOPICS);
                tags.remove(contactId, TOPIC_TAG + topic);
            }
        }
        List<String> added = choices.topics().stream().filter(offered::contains)
                .filter(t -> !before.topics().contains(t)).map(t -> TOPIC_TAG + t).toList();
        if (!added.isEmpty()) {
            changed.add(PreferencesChanged.Part.TOPICS);
            tags.add(contactId, added);
        }
        if (choices.rhythm() != before.rhythm()) {
            changed.add(PreferencesChanged.Part.RHYTHM);
            rhythm(contactId, choices.rhythm());
        }
        if (choices.notNowMonths() > 0) {
            changed.add(PreferencesChanged.Part.NOT_NOW);
            readiness.set(contactId, today(contactId).plusMonths(choices.notNowMonths()),
                    "Said 'not now, ask me again in " + choices.notNowMonths() + " months' in the preference centre");
        } else if (choices.notNowMonths() == ASK_ANY_TIME && before.readyOn() != null) {
            changed.add(PreferencesChanged.Part.NOT_NOW);
            readiness.clear(contactId);
        }
        store.insert(List.of(Answers.row(contactId, Tracked.Kind.PREFERENCES_SAVED, null, visitor, clock.instant())));
        if (!changed.isEmpty()) {
            events.publishEvent(new PreferencesChanged(contactId, changed));
        }
    }

    /**
     * "Not now, ask me again in N months", answered with one click on a check-in's landing page: the contact's ready
     * day, as the preference centre's own "ask me again" sets it. Answers that day.
     */
    @Transactional
    public LocalDate notNow(long contactId, int months, String pieceName, Visitor visitor) {
        LocalDate on = today(contactId).plusMonths(months);
        readiness.set(contactId, on, "Said 'not now, ask me again in " + months + " months' on the landing page of '"
                + pieceName + "'");
        store.insert(List.of(Answers.row(contactId, Tracked.Kind.PREFERENCES_SAVED, null, visitor, clock.instant())));
        events.publishEvent(new PreferencesChanged(contactId, EnumSet.of(PreferencesChanged.Part.NOT_NOW)));
        return on;
    }

    private void rhythm(long contactId, Rhythm rhythm) {
        if (rhythm == Rhythm.ONLY_WEBINARS) {
            tags.add(contactId, List.of(ONLY_WEBINARS_TAG));
        } else {
            tags.remove(contactId, ONLY_WEBINARS_TAG);
        }
        switch (rhythm) {
            case MONTHLY -> frequency.set(contactId, new FrequencyPreferences.Change(Channel.EMAIL, 1, 30));
            case PAUSE_3_MONTHS -> frequency.pause(contactId, new FrequencyPreferences.Change(Channel.EMAIL, 1, 90),
                    today(contactId).plusMonths(3).atStartOfDay(zone(contactId)).toInstant());
            case AS_IT_COMES, ONLY_WEBINARS -> frequency.clear(contactId);
        }
    }

    private Rhythm rhythmOf(long contactId) {
        try {
            var preference = frequency.get(contactId);
            if (preference.maxTouches() == 1 && preference.windowDays() == 90) {
                return Rhythm.PAUSE_3_MONTHS;
            }
            return preference.maxTouches() == 1 && preference.windowDays() == 30 ? Rhythm.MONTHLY : Rhythm.AS_IT_COMES;
        } catch (NotFoundException none) {
            return Rhythm.AS_IT_COMES;
        }
    }

    private LocalDate today(long contactId) {
        return clock.instant().atZone(zone(contactId)).toLocalDate();
    }

    private ZoneId zone(long contactId) {
        Contact contact = contacts.get(contactId);
        return zones.ofContact(contact.timeZone(), contact.country());
    }
}

package io.keepwarm.handoff.internal;

import io.keepwarm.activity.Activities;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.activity.LoggedActivity;
import io.keepwarm.contact.Attributes;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Notes;
import io.keepwarm.content.ContentItem;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.engine.Engine;
import io.keepwarm.engine.PieceReferences;
import io.keepwarm.engine.Touch;
import io.keepwarm.identity.Users;
import io.keepwarm.lifecycle.Lifecycle;
import io.keepwarm.lifecycle.LifecycleRules;
import io.keepwarm.lifecycle.Readiness;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.lifecycle.StageChange;
import io.keepwarm.platform.Days;
import io.keepwarm.platform.SignedAddresses;
import io.keepwarm.platform.Zones;
import io.keepwarm.scoring.ScoreChange;
import io.keepwarm.scoring.Scores;
import io.keepwarm.tracking.Tracking;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * What a rep reads before calling a new lead, as text for the task and the alert: why now (and the activity that
 * tipped it), score and grade, consent, the ready date, the account's own attributes, recent activity, notes, and the
 * content the contact has been sent.
 */
@Component
public class HandoffContexts {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    /** A moment in a sentence, with its weekday, as the pages say a deadline: "Wed 6 Jan 2027 13:00". */
    private static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm", Locale.ENGLISH);
    /** The offer every landing page makes, by its button's words; a piece's own offer has its label. */
    private static final String CALL_ME = "call-me";
    private static final String CALL_ME_WORDS = "have someone call me";
    /** The activity and the tracked request of one press are written together, at the clock's one instant. */
    private static final Duration SAME_PRESS = Duration.ofSeconds(1);
    private static final int ACTIVITIES = 10;
    /** Read beyond the ten shown: the log's TOUCH_SENT rows are left out, being ours, not the contact's. */
    private static final int ACTIVITIES_READ = 50;
    private static final int NOTES = 5;
    private static final int PIECES = 10;
    private static final int ATTRIBUTES = 10;
    private static final int NOTE_LENGTH = 300;
    private static final int VALUE_LENGTH = 100;
    /** Where the hand-off's why (a VARCHAR(700)) needs its tail for the activity that tipped it. */
    private static final int MOVE_LENGTH = 450;

    private final Lifecycle lifecycle;
    private final LifecycleRules rules;
    private final Scores scores;
    private final Activities activities;
    private final Notes notes;
    private final Attributes attributes;
    private final Engine engine;
    private final ContentLibrary content;
    private final Clock clock;
    private final Zones zones;
    private final Users users;
    private final Tracking tracking;

    HandoffContexts(Lifecycle lifecycle, LifecycleRules rules, Scores scores, Activities activities, Notes notes,
            Attributes attributes, Engine engine, ContentLibrary content, Zones zones, Clock clock,
            Users users, Tracking tracking) {
        this.tracking = tracking;
        this.users = users;
        this.lifecycle = lifecycle;
        this.rules = rules;
        this.scores = scores;
        this.activities = activities;
        this.notes = notes;
        this.attributes = attributes;
        this.engine = engine;
        this.content = content;
        this.clock = clock;
        this.zones = zones;
    }

    /** Why the contact is a lead now: its move into MQL, by whom, with its reason, and what tipped it. */
    private static final Set<String> AUTOMATIONS = Set.of("PROGRAM", "TRIGGER");

    public String why(StageChange move) {
        if ("CALL_ME".equals(move.reasonCode()) && "prospect".equals(move.actor()) && move.reason() != null
                && !move.reason().isBlank()) {
            // The prospect's own click (CallRequests) says it all: "Asked to be called from the landing page of 'Cooling guide' on
            // Wed 6 Jan 2027 13:00", not the stage move and the same click again as what tipped it.
            return fitting(Character.toUpperCase(move.reason().charAt(0)) + move.reason().substring(1) + " on "
                    + MOMENT.withZone(zones.accountZone()).format(move.at()));
        }
        // In the account's words, as the rep reads stages everywhere else: "Nurture → Marketing-qualified".
        Map<Stage, String> labels = rules.labels();
        // A program or trigger is named by its id ("by trigger:7"), which the pages turn into its name; the code and
        // reason it moves with only name it again ("TRIGGER", "trigger 'Replied'"; a program's name).
        boolean automation = AUTOMATIONS.contains(move.actorType()) && move.actorType().equals(move.reasonCode());
        String reason = automation && (move.actorType().equals("PROGRAM") || move.reason() != null
                && move.reason().startsWith("trigger '")) ? null : move.reason();
        String moved = labels.getOrDefault(move.from(), move.from().name()) + " → "
                + labels.getOrDefault(Stage.MQL, Stage.MQL.name()) + " on " + format(move.at()) + " by " + actor(move)
                + (automation || said(move.reasonCode()) == null ? "" : ": " + said(move.reasonCode()))
                + (reason == null ? "" : " (" + reason + ")");
        return tipped(move).map(tip -> clip(moved, MOVE_LENGTH) + "; tipped by " + tip).map(HandoffContexts::fitting)
                .orElseGet(() -> fitting(moved));
    }

    /**
     * A move's reason code in words ("TRADE_SHOW" is "trade show"), or null for none: "MANUAL" only says that the one
     * named as having moved the contact did it, which "by Ann" says already.
     */
    private static String said(String reasonCode) {
        return reasonCode == null || reasonCode.equalsIgnoreCase("MANUAL") ? null
                : reasonCode.replace('_', ' ').toLowerCase(Locale.ROOT);
    }

    /**
     * The contact's own doing that made them a lead: for the readiness rule, the activity whose points crossed it (the
     * latest score change up to the move). Empty for a person's or a trigger's move.
     */
    private Optional<String> tipped(StageChange move) {
        Instant upTo = move.at().plusMillis(1);
        if ("READINESS_RULE".equals(move.reasonCode())) {
            return scores.changesBefore(move.contactId(), upTo, 5).stream()
                    .filter(c -> c.cause() != ScoreChange.Cause.DECAY).findFirst()
                    .map(change -> change.activityId() == null
                            ? change.cause().name().toLowerCase(Locale.ROOT) + " " + signed(change.points())
                                    + (change.reason() == null ? "" : " (" + change.reason() + ")")
                            : activity(move.contactId(), change.activityId(), upTo).map(a -> describe(a, touches(a)))
                                    .orElse("an activity") + ", " + signed(change.points()) + " (activity "
                                    + change.activityId() + ")");
        }
        return Optional.empty();
    }

    private Optional<LoggedActivity> activity(long contactId, long activityId, Instant upTo) {
        return activities.recentOf(contactId, upTo, ACTIVITIES_READ).stream().filter(a -> a.id() == activityId)
                .findFirst();
    }

    private static String signed(int points) {
        return (points >= 0 ? "+" : "") + points + " points";
    }

    /** The column holds 700 characters; a long actor name and reason must not fail the move to MQL. */
    private static String fitting(String why) {
        return clip(why, 700);
    }

    private static String clip(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length - 1) + "…";
    }

    /** The pieces an activity names, the contact's touches read only when it names one. */
    private PieceReferences touches(LoggedActivity a) {
        return new PieceReferences(PieceReferences.namesATouch(a.target()) ? engine.touchesOf(a.contactId()) : List.of(),
                content);
    }

    public String of(Contact contact, String why) {
        return of(contact, why, null);
    }

    /** With why rep choice passed a rule over ({@link RepChoice.Choice#note}), when it did. */
    public String of(Contact contact, String why, String chosen) {
        List<Touch> touches = engine.touchesOf(contact.id());
        PieceReferences pieces = new PieceReferences(touches, content);
        StringJoiner text = new StringJoiner("\n");
        text.add("Why now: " + why);
        if (chosen != null) {
            text.add("Rep chosen " + chosen + ".");
        }
        text.add("Score at hand-off: " + scores.get(contact.id()).map(s -> s.score() + ", grade " + (s.grade() == null ? "unknown" : s.grade()))
                .orElse("not scored"));
        text.add(consent(contact));
        Optional.ofNullable(lifecycle.current(contact.id()).readiness()).map(HandoffContexts::ready).ifPresent(text::add);
        section(text, "Details", details(contact));
        section(text, "Recent activity", activities.recentOf(contact.id(), clock.instant().plusMillis(1), ACTIVITIES_READ)
                .stream().filter(a -> a.type() != ActivityType.TOUCH_SENT).limit(ACTIVITIES).map(a -> describe(a, pieces))
                .toList());
        section(text, "Notes", notes.list(contact.id()).stream().limit(NOTES)
                .map(n -> format(n.createdAt()) + " " + users.shown(n.author()) + ": " + clip(n.body())).toList());
        section(text, "Content sent", seen(touches));
        text.add("(Times in " + zones.accountZone() + ".)");
        return text.toString();
    }

    /**
     * Consent per channel, and the channels the contact may not be reached on at all, before anyone dials; in words
     * ("email granted"), as the rep reads it on My day and in the alert, not the API's codes.
     */
    private static String consent(Contact contact) {
        StringJoiner line = new StringJoiner(", ", "Consent: ", "");
        contact.consent().forEach((channel, state) -> line.add(said(channel) + " " + state.name().toLowerCase(Locale.ROOT)));
        String blocked = contact.doNotContact().stream().sorted().map(HandoffContexts::said)
                .collect(Collectors.joining(", "));
        return line + (blocked.isEmpty() ? "" : "; do not contact by " + blocked);
    }

    private static String said(Channel channel) {
        return channel == Channel.SMS ? "SMS" : channel.name().toLowerCase(Locale.ROOT);
    }

    /** The contact's values of the account's own attributes, under the names the account gave them. */
    /** Who they are, as a rep wants it before calling: title, company, where, then the account's own attributes. */
    private List<String> details(Contact contact) {
        List<String> lines = new java.util.ArrayList<>();
        if (contact.title() != null) {
            lines.add("Title: " + clip(contact.title(), VALUE_LENGTH));
        }
        if (contact.company() != null) {
            lines.add("Company: " + clip(contact.company().name(), VALUE_LENGTH)
                    + (contact.company().industry() == null ? "" : " (" + contact.company().industry() + ")"));
        }
        String where = java.util.stream.Stream.of(contact.city(), contact.region(), contact.country())
                .filter(p -> p != null && !p.isBlank()).collect(java.util.stream.Collectors.joining(", "));
        if (!where.isEmpty()) {
            lines.add("Where: " + clip(where, VALUE_LENGTH));
        }
        Map<String, Object> values = contact.attributes();
        if (values != null && !values.isEmpty()) {
            attributes.list().stream().filter(d -> values.get(d.key()) != null).limit(ATTRIBUTES)
                    .map(d -> (d.label() == null || d.label().isBlank() ? d.key() : d.label()) + ": "
                            + clip(String.valueOf(values.get(d.key())), VALUE_LENGTH))
                    .forEach(lines::add);
        }
        return lines;
    }

    private List<String> seen(java.util.Collection<Touch> touches) {
        return touches.stream()
                .filter(t -> t.state() == Touch.State.SENT && t.contentId() != null && t.sentAt() != null)
                .sorted(Comparator.comparing(Touch::sentAt).reversed())
                .limit(PIECES)
                .map(t -> format(t.sentAt()) + " " + content.find(t.contentId()).map(HandoffContexts::piece)
                        .orElse("a piece since deleted") + ", by " + said(t.channel()))
                .toList();
    }

    /**
     * Who moved the contact, as a rep reads it: a person by their display name, an API key as such, the prospect
     * themselves, or Keepwarm's own rule.
     */
    private String actor(StageChange move) {
        if ("prospect".equals(move.actor())) {
            return "the prospect";
        }
        return switch (move.actorType()) {
            case "USER", "API" -> users.shown(move.actor());
            case "SYSTEM" -> "Keepwarm (" + move.actor() + ")";
            case "PROGRAM", "TRIGGER" -> move.actor().contains(":") ? move.actor()
                    : move.actorType().toLowerCase(Locale.ROOT) + ":" + move.actor();
            default -> move.actorType().toLowerCase(Locale.ROOT) + " " + move.actor();
        };
    }

    /**
     * An activity as a rep reads it: what the contact did, in words, and to what; a custom event under the account's
     * own name for it. Our own references ("touch:5", "content:1") become the piece's name, and a signed tracking
     * address is not worth reading.
     */
    private String describe(LoggedActivity a, PieceReferences pieces) {
        String did = a.type() == ActivityType.CUSTOM && a.customType() != null ? a.customType() : doing(a.type());
        String what = a.target() == null ? ""
                // A call's outcome in words ("no answer"), not its code.
                : a.type() == ActivityType.CALL_OUTCOME ? " " + a.target().toLowerCase(Locale.ROOT).replace('_', ' ')
                : a.type() == ActivityType.OFFER_ACCEPTED && !a.target().contains(":") ? " " + offer(a)
                : " " + landingPiece(a.target()).orElseGet(() -> SignedAddresses.cut(pieces.readable(a.target(),
                        HandoffContexts::piece)));
        return format(a.occurredAt()) + " " + did + what
                + (a.flag() == null ? "" : " [" + a.flag().toLowerCase(Locale.ROOT).replace('_', ' ') + ", not a person]");
    }

    /**
     * An offer taken, by its button's words, with the landing page it was taken on: "'Send me the guide' on the
     * landing page of 'Cooling guide', white paper". The activity keeps only the offer's key (segments and triggers
     * match it); the tracking module's record of the same press names the piece. Without that record, the key.
     */
    private String offer(LoggedActivity a) {
        String key = a.target();
        Optional<ContentItem> piece = tracking.latest(a.contactId(), ACTIVITIES_READ).stream()
                .filter(r -> "OFFER_ACCEPTED".equals(r.kind()) && r.url() != null && r.url().startsWith("content:")
                        && r.url().endsWith(" offer:" + key)
                        && Duration.between(r.occurredAt(), a.occurredAt()).abs().compareTo(SAME_PRESS) <= 0)
                .findFirst().map(r -> Long.valueOf(r.url().substring("content:".length(), r.url().indexOf(' '))))
                .flatMap(content::find);
        String label = CALL_ME.equals(key) ? CALL_ME_WORDS : piece.map(ContentItem::offer)
                .filter(o -> o.key().equals(key) && o.label() != null && !o.label().isBlank())
                .map(ContentItem.Offer::label).orElse(key);
        return "'" + label + "'" + piece.map(p -> " on the landing page of " + piece(p)).orElse("");
    }

    /** Our landing page's address as the piece it shows: "the landing page of 'Cooling guide', white paper". */
    private Optional<String> landingPiece(String target) {
        return tracking.pieceOfLanding(target).flatMap(content::find).map(item -> "the landing page of " + piece(item));
    }

    private static String doing(ActivityType type) {
        return switch (type) {
            case TOUCH_SENT -> "was sent";
            case EMAIL_OPENED -> "opened";
            case EMAIL_CLICKED -> "clicked";
            case PAGE_VIEW -> "visited";
            case FORM_SUBMITTED -> "submitted the form";
            case REPLIED -> "replied to";
            case OFFER_ACCEPTED -> "took the offer";
            case WEBINAR_REGISTERED -> "registered for the webinar";
            case WEBINAR_ATTENDED -> "attended the webinar";
            case PURCHASE -> "bought";
            case CALL_OUTCOME -> "call:";
            case UNSUBSCRIBED -> "unsubscribed";
            default -> type.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }

    private static String ready(Readiness.View view) {
        return "Expected ready on " + Days.said(view.readyOn()) + (view.reason() == null ? "" : " (" + view.reason() + ")");
    }

    /** "'Cooling guide', white paper": the type in words, as the rep reads it on My day and in the alert. */
    private static String piece(ContentItem item) {
        return "'" + item.name() + "', " + item.type().words();
    }

    private static void section(StringJoiner text, String title, List<String> lines) {
        text.add(title + ":" + (lines.isEmpty() ? " none" : ""));
        lines.forEach(line -> text.add("- " + line));
    }

    /** In the account's zone as it is now: an admin may change it while Keepwarm runs. */
    private String format(Instant instant) {
        return TIME.withZone(zones.accountZone()).format(instant);
    }

    private static String clip(String body) {
        return clip(body.replaceAll("\\s+", " "), NOTE_LENGTH + 1);
    }
}

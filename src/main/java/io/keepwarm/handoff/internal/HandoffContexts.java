package io.keepwarm.handoff.internal;

import io.keepwarm.activity.Activities;
import io.keepwarm.activity.Activity;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Notes;
import io.keepwarm.content.ContentItem;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.engine.Engine;
import io.keepwarm.engine.Touch;
import io.keepwarm.lifecycle.ContactStageChanged;
import io.keepwarm.lifecycle.Lifecycle;
import io.keepwarm.lifecycle.Readiness;
import io.keepwarm.scoring.Scores;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import org.springframework.stereotype.Component;

/**
 * What a rep reads before calling a new lead, as text for the task and the alert: why now, score and grade, the
 * ready date, recent activity, notes, and the content the contact has been sent.
 */
@Component
public class HandoffContexts {

    private static final int ACTIVITIES = 10;
    private static final int NOTES = 5;
    private static final int PIECES = 10;
    private static final int NOTE_LENGTH = 300;

    private final Lifecycle lifecycle;
    private final Scores scores;
    private final Activities activities;
    private final Notes notes;
    private final Engine engine;
    private final ContentLibrary content;
    private final DateTimeFormatter time;

    HandoffContexts(Lifecycle lifecycle, Scores scores, Activities activities, Notes notes, Engine engine,
            ContentLibrary content, HandoffProperties properties) {
        this.lifecycle = lifecycle;
        this.scores = scores;
        this.activities = activities;
        this.notes = notes;
        this.engine = engine;
        this.content = content;
        this.time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(properties.zoneId());
    }

    /** Why the contact is a lead now: its move into MQL, by whom, with its reason. */
    public String why(ContactStageChanged move) {
        return fitting(move.from() + " → MQL on " + format(move.at()) + " by " + move.actorType() + " " + move.actor()
                + (move.reasonCode() == null ? "" : ": " + move.reasonCode())
                + (move.reason() == null ? "" : " (" + move.reason() + ")"));
    }

    /** The column holds 700 characters; a long actor name and reason must not fail the move to MQL. */
    private static String fitting(String why) {
        return why.length() <= 700 ? why : why.substring(0, 699) + "…";
    }

    public String of(Contact contact, String why) {
        StringJoiner text = new StringJoiner("\n");
        text.add("Why now: " + why);
        text.add("Score: " + scores.get(contact.id()).map(s -> s.score() + ", grade " + (s.grade() == null ? "unknown" : s.grade()))
                .orElse("not scored"));
        Optional.ofNullable(lifecycle.current(contact.id()).readiness()).map(HandoffContexts::ready).ifPresent(text::add);
        section(text, "Recent activity", activities.recent(contact.id(), ACTIVITIES).stream().map(this::activity).toList());
        section(text, "Notes", notes.list(contact.id()).stream().limit(NOTES)
                .map(n -> format(n.createdAt()) + " " + n.author() + ": " + clip(n.body())).toList());
        section(text, "Content sent", seen(contact.id()));
        text.add("(Times in " + time.getZone() + ".)");
        return text.toString();
    }

    private List<String> seen(long contactId) {
        return engine.touchesOf(contactId).stream()
                .filter(t -> t.state() == Touch.State.SENT && t.contentId() != null && t.sentAt() != null)
                .sorted(Comparator.comparing(Touch::sentAt).reversed())
                .limit(PIECES)
                .map(t -> format(t.sentAt()) + " " + content.find(t.contentId()).map(HandoffContexts::piece)
                        .orElse("a piece since deleted") + " (" + t.channel() + ")")
                .toList();
    }

    private String activity(Activity a) {
        return format(a.occurredAt()) + " " + a.type() + (a.target() == null ? "" : " " + a.target())
                + (a.flag() == null ? "" : " [" + a.flag() + ", not a person]");
    }

    private static String ready(Readiness.View view) {
        return "Expected ready on " + view.readyOn() + (view.reason() == null ? "" : " (" + view.reason() + ")");
    }

    private static String piece(ContentItem item) {
        return "'" + item.name() + "' " + item.type();
    }

    private static void section(StringJoiner text, String title, List<String> lines) {
        text.add(title + ":" + (lines.isEmpty() ? " none" : ""));
        lines.forEach(line -> text.add("- " + line));
    }

    private String format(Instant instant) {
        return time.format(instant);
    }

    private static String clip(String body) {
        String line = body.replaceAll("\\s+", " ");
        return line.length() > NOTE_LENGTH ? line.substring(0, NOTE_LENGTH) + "…" : line;
    }
}

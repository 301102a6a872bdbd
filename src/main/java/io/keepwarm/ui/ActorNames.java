package io.keepwarm.ui;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.handoff.Handoff;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.program.Programs;
import io.keepwarm.trigger.Triggers;
import io.keepwarm.platform.Page;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.LongFunction;
import org.springframework.stereotype.Component;

/**
 * Whoever acted, as the audit log and the timeline name them from the name they acted under: a user by their display
 * name, an API key as "API key 'nightly-sync'", a program ("program:7") and a trigger ("trigger:3") by their names,
 * one deleted since by the name its deletion recorded, a hand-off's rep choice ("handoff:TERRITORY") by how it
 * chose, and Keepwarm's own rules as what they are. It reads a program or trigger each: the audit page names its
 * programs and triggers a kind at a time ({@link #entityOf}).
 * Templates reach it as {@code @actorNames}.
 */
@Component("actorNames")
public class ActorNames {

    /** The names the modules act under when no person does, in words. */
    private static final Map<String, String> OWN = Map.of(
            "system", "Keepwarm itself",
            "scoring", "the scoring rules",
            "prospect", "the contact, on a public page",
            "events API", "a call reported through the events API");

    private static final String PROGRAM = "program:";
    private static final String TRIGGER = "trigger:";
    /** Where the name an email provider's bounce and complaint reports act under starts ("provider:mailgun"). */
    private static final String PROVIDER = "provider:";
    /** Where the name an API key acts under starts, as {@link Users#shown} reads it. */
    private static final String API_KEY = "api-key:";

    private final Users users;
    private final Programs programs;
    private final Triggers triggers;
    private final AuditLog audit;

    ActorNames(Users users, Programs programs, Triggers triggers, AuditLog audit) {
        this.users = users;
        this.programs = programs;
        this.triggers = triggers;
        this.audit = audit;
    }

    /** Whoever acted, by the name they acted under ("program:7" is "program 'Monthly newsletter'"). */
    public String name(String actor) {
        if (actor == null || actor.isBlank()) {
            return "someone";
        }
        if (actor.startsWith(PROGRAM)) {
            return named("program", actor.substring(PROGRAM.length()), id -> programs.get(id).name());
        }
        if (actor.startsWith(Handoff.ROUTING_ACTOR)) {
            return "the hand-off (" + Words.chosenBy(actor.substring(Handoff.ROUTING_ACTOR.length())) + ")";
        }
        if (actor.startsWith(TRIGGER)) {
            return named("trigger", actor.substring(TRIGGER.length()), id -> triggers.get(id).name());
        }
        if (actor.startsWith(PROVIDER)) {
            return "the email provider '" + actor.substring(PROVIDER.length()) + "'";
        }
        String own = OWN.get(actor);
        return own != null ? own : users.shown(actor);
    }

    /**
     * The program or trigger an actor is ("program:7" is program 7), for a page that names many to read them a kind
     * at a time ({@link EntityNames}, which says them as {@link #name} does); null for anyone else.
     */
    static EntityNames.Ref entityOf(String actor) {
        Matcher m = ACTED_AS.matcher(actor == null ? "" : actor);
        return m.matches() ? new EntityNames.Ref(m.group(1), m.group(2)) : null;
    }

    private static final Pattern ACTED_AS = Pattern.compile("(program|trigger):(\\d{1,18})");

    /** A name said with its kind: "API key 'nightly-sync'", "program 'Welcome'", "the deleted trigger 'Won'". */
    private static final Pattern SAID = Pattern.compile("(?i)(?:the deleted )?(API key|program|trigger) '(.*)'");
    private static final int PAGE = 200;
    /** An email provider as {@link #name} says it, or bare: "the email provider 'mailgun'", "email provider mailgun". */
    private static final Pattern PROVIDER_SAID = Pattern.compile("(?i)(?:the )?email provider '?([a-z0-9_-]+)'?");

    /**
     * The names acted under that a person may mean by what they typed, as {@link #name} says them or by the bare name:
     * a user by their display name or username, an API key ("nightly-sync", "API key 'nightly-sync'"), a program or a
     * trigger ("Welcome", "program 'Welcome'"), one deleted since by the name it had then, Keepwarm's own rules and a
     * hand-off's rep choice as said; case aside.
     * The text itself is among them, so a name as recorded ("trigger:3", "sam") finds its entries too.
     */
    public Set<String> actorsNamed(String typed) {
        String text = typed.strip();
        Matcher said = SAID.matcher(text);
        String kind = said.matches() ? said.group(1).toLowerCase(Locale.ROOT) : null;
        String bare = said.matches() ? said.group(2).strip() : text;
        Set<String> actors = new LinkedHashSet<>();
        actors.add(text);
        if (kind == null || kind.equals("api key")) {
            actors.add(API_KEY + bare);
        }
        if (kind == null || kind.equals("program")) {
            all(cursor -> programs.list(null, cursor, PAGE)).stream().filter(p -> p.name().equalsIgnoreCase(bare))
                    .forEach(p -> actors.add(PROGRAM + p.id()));
            deletedNamed("program", bare).forEach(id -> actors.add(PROGRAM + id));
        }
        if (kind == null || kind.equals("trigger")) {
            all(cursor -> triggers.list(null, cursor, PAGE)).stream().filter(t -> t.name().equalsIgnoreCase(bare))
                    .forEach(t -> actors.add(TRIGGER + t.id()));
            deletedNamed("trigger", bare).forEach(id -> actors.add(TRIGGER + id));
        }
        Matcher provider = PROVIDER_SAID.matcher(text);
        if (provider.matches()) {
            actors.add(PROVIDER + provider.group(1).toLowerCase(Locale.ROOT));
        }
        if (kind == null) {
            users.list().stream()
                    .filter(u -> u.username().equalsIgnoreCase(text) || u.shownName().equalsIgnoreCase(text))
                    .forEach(u -> actors.add(u.username()));
            OWN.forEach((actor, name) -> {
                if (name.equalsIgnoreCase(text)) {
                    actors.add(actor);
                }
            });
            for (Handoff.ChosenBy by : Handoff.ChosenBy.values()) {
                if (name(Handoff.ROUTING_ACTOR + by.name()).equalsIgnoreCase(text)) {
                    actors.add(Handoff.ROUTING_ACTOR + by.name());
                }
            }
        }
        return actors;
    }

    /** Every item of a list read a page at a time. */
    private static <T> List<T> all(Function<String, Page<T>> page) {
        List<T> items = new ArrayList<>();
        String cursor = null;
        do {
            Page<T> next = page.apply(cursor);
            items.addAll(next.items());
            cursor = next.nextCursor();
        } while (cursor != null);
        return items;
    }

    private String named(String kind, String id, LongFunction<String> name) {
        try {
            return kind + " '" + name.apply(Long.parseLong(id)) + "'";
        } catch (NumberFormatException | NotFoundException gone) {
            return deletedSaid(kind, deleted(kind).get(id));
        }
    }

    /**
     * One of this kind deleted since, by the name it had if the log recorded one: "the deleted trigger 'Won'", else
     * "a trigger since deleted". The actor column and the entity column say it alike.
     */
    static String deletedSaid(String kind, String had) {
        return had == null ? "a " + kind + " since deleted" : "the deleted " + kind + " '" + had + "'";
    }

    /**
     * A user no page finds any more, by the name the log kept of them (the display name they last had, else their
     * username): "the deleted user 'Sam Smith'", else "a user since deleted"; never by their id.
     */
    public String goneUser(long id) {
        String key = String.valueOf(id);
        return deletedSaid("user", keptName(audit.recordedOf("user", List.of(key)).get(key)));
    }

    /** The name a user's entries recorded of them: the display name they were given last, else their username. */
    static String keptName(tools.jackson.databind.JsonNode had) {
        if (had == null) {
            return null;
        }
        return had.path("displayName").isString() ? had.path("displayName").asString()
                : had.path("username").isString() ? had.path("username").asString() : null;
    }

    /** The ids of the programs or triggers deleted under this name, case aside. */
    private List<String> deletedNamed(String kind, String name) {
        return deleted(kind).entrySet().stream().filter(had -> had.getValue().equalsIgnoreCase(name))
                .map(Map.Entry::getKey).toList();
    }

    /** The names deleted entities of this kind had, by id: what their deletion recorded ("PROGRAM_DELETED"). */
    private Map<String, String> deleted(String kind) {
        return audit.namesRecorded(kind, kind.toUpperCase(Locale.ROOT) + "_DELETED");
    }
}

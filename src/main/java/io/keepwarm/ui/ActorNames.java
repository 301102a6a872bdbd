package io.keepwarm.ui;

import io.keepwarm.handoff.Handoff;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.program.Programs;
import io.keepwarm.trigger.Triggers;
import java.util.Map;
import java.util.function.LongFunction;
import org.springframework.stereotype.Component;

/**
 * Whoever acted, as the audit log and the timeline name them from the name they acted under: a user by their display
 * name, an API key as "API key 'nightly-sync'", a program ("program:7") and a trigger ("trigger:3") by their names,
 * a hand-off's rep choice ("handoff:TERRITORY") by how it chose, and Keepwarm's own rules as what they are. Pages that name many actors keep the answers (it reads a program or user each).
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

    private final Users users;
    private final Programs programs;
    private final Triggers triggers;

    ActorNames(Users users, Programs programs, Triggers triggers) {
        this.users = users;
        this.programs = programs;
        this.triggers = triggers;
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
        String own = OWN.get(actor);
        return own != null ? own : users.shown(actor);
    }

    private static String named(String kind, String id, LongFunction<String> name) {
        try {
            return kind + " '" + name.apply(Long.parseLong(id)) + "'";
        } catch (NumberFormatException | NotFoundException gone) {
            return "a " + kind + " since deleted";
        }
    }
}

package io.keepwarm.ui;

import io.keepwarm.contact.Contacts;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.program.Programs;
import io.keepwarm.trigger.Triggers;
import java.util.function.LongFunction;
import org.springframework.stereotype.Component;

/**
 * What an audit entry is about, as a person knows it: a contact, a program, a trigger, a piece of content or a user by
 * its name, with a link to its page; one deleted since in words ("the deleted program 'Welcome'", by the name its
 * deletion recorded, or "a contact since deleted"). Other kinds, and ids that are no number, are said as recorded.
 */
@Component
class EntityNames {

    /**
     * An entity as the page says it ("contact Ann Smith"), by its name alone ("Ann Smith"; a field of the details says
     * the kind), and its page; href null when it has none (or no longer exists).
     */
    record Named(String text, String name, String href) {

        Named(String text, String href) {
            this(text, text, href);
        }
    }

    private final Contacts contacts;
    private final Programs programs;
    private final Triggers triggers;
    private final ContentLibrary content;
    private final Users users;
    private final ActorNames actors;

    EntityNames(Contacts contacts, Programs programs, Triggers triggers, ContentLibrary content, Users users,
            ActorNames actors) {
        this.contacts = contacts;
        this.programs = programs;
        this.triggers = triggers;
        this.content = content;
        this.users = users;
        this.actors = actors;
    }

    /** The entity of this kind and id ("contact", "9"); a kind alone when the entry names no id. */
    Named named(String type, String id) {
        String kind = Forms.words(type);
        if (id == null) {
            return new Named(kind, null);
        }
        if (!id.matches("\\d{1,18}")) {
            return new Named(kind + " " + id, null);
        }
        long number = Long.parseLong(id);
        return switch (type) {
            case "contact" -> found(type, kind, number, "/ui/contacts/", n -> ContactPages.name(contacts.get(n)), false);
            case "program" -> found(type, kind, number, "/ui/programs/", n -> programs.get(n).name(), true);
            case "trigger" -> found(type, kind, number, "/ui/triggers/", n -> triggers.get(n).name(), true);
            case "content" -> found(type, kind, number, "/ui/content/", n -> content.get(n).name(), true);
            case "user" -> users.find(number)
                    .map(u -> new Named(kind + " " + u.shownName(), u.shownName(),
                            "/ui/settings/users#user-" + u.id() + "-name"))
                    .orElseGet(() -> new Named("a user since deleted", null));
            default -> new Named(kind + " " + id, null);
        };
    }

    /**
     * One that still exists by its name and page (quoted when it is a name someone gave it, as the actor column says
     * "program 'Welcome'"); one deleted since by the name its deletion recorded, if it recorded one.
     */
    private Named found(String type, String kind, long id, String page, LongFunction<String> name, boolean quoted) {
        try {
            String said = quoted ? "'" + name.apply(id) + "'" : name.apply(id);
            return new Named(kind + " " + said, said, page + id);
        } catch (NotFoundException gone) {
            return new Named(actors.deletedSaid(type, String.valueOf(id)), null);
        }
    }
}

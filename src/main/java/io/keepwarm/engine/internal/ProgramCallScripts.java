package io.keepwarm.engine.internal;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.content.ContentItem;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.content.ContentStatus;
import io.keepwarm.content.CustomAttributes;
import io.keepwarm.content.LinkSource;
import io.keepwarm.delivery.CallScripts;
import io.keepwarm.engine.RenderFailures;
import io.keepwarm.engine.Touch;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.program.Programs;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Fills in a program call's script for whoever makes the call, from the piece of the touch that made it, as the rep
 * reads it: the piece's live version as it is now ({@link CallScripts} says why not the one planned with), the contact
 * as they are now, their owner as {@code owner.*} and the task's rep as {@code caller.*}. A batch's pieces, people and
 * programs are each read once.
 */
@Component
class ProgramCallScripts implements CallScripts {

    /** A call's title: what it is about, its piece, and which program asks for it. */
    static String title(String piece, String program) {
        return "Call: " + piece + (program == null ? "" : " (" + program + ")");
    }

    private final TouchStore touches;
    private final ContentLibrary content;
    private final Contacts contacts;
    private final Users users;
    private final LinkSource links;
    private final Programs programs;

    ProgramCallScripts(TouchStore touches, ContentLibrary content, Contacts contacts, Users users, LinkSource links,
            Programs programs) {
        this.touches = touches;
        this.content = content;
        this.contacts = contacts;
        this.users = users;
        this.links = links;
        this.programs = programs;
    }

    @Override
    public Map<Long, String> titles(List<Call> calls) {
        Map<Long, Touch> made = touchesOf(calls);
        Map<Long, String> programNames = programNames(made);
        Map<Long, Optional<ContentItem>> pieces = new HashMap<>();
        Map<Long, String> titles = new HashMap<>();
        for (Call call : calls) {
            Touch touch = made.get(call.touchId());
            if (touch != null && touch.contentId() != null) {
                pieces.computeIfAbsent(touch.contentId(), content::find).ifPresent(piece -> titles.put(call.taskId(),
                        title(piece.name(), programNames.get(touch.programId()))));
            }
        }
        return titles;
    }

    private Map<Long, Touch> touchesOf(List<Call> calls) {
        return touches.byIds(calls.stream().map(Call::touchId).distinct().toList()).stream()
                .collect(Collectors.toMap(Touch::id, Function.identity()));
    }

    private Map<Long, String> programNames(Map<Long, Touch> made) {
        return programs.names(made.values().stream().map(Touch::programId).filter(id -> id != 0).distinct().toList());
    }

    @Override
    public Map<Long, Filled> fill(List<Call> calls) {
        Map<Long, Touch> made = touchesOf(calls);
        Map<Long, Contact> people = contacts.getAll(calls.stream().map(Call::contactId).distinct().toList());
        Map<Long, String> programNames = programNames(made);
        Map<Long, Optional<ContentItem>> pieces = new HashMap<>();
        Map<Long, Optional<User>> staff = new HashMap<>();
        Function<Long, User> person = id -> id == null ? null : staff.computeIfAbsent(id, users::find).orElse(null);
        CustomAttributes custom = made.isEmpty() ? CustomAttributes.NONE : content.customAttributes();
        Map<Long, Filled> filled = new HashMap<>();
        for (Call call : calls) {
            Touch touch = made.get(call.touchId());
            Contact contact = people.get(call.contactId());
            if (touch == null || contact == null || touch.contentId() == null) {
                continue;
            }
            Optional<ContentItem> piece = pieces.computeIfAbsent(touch.contentId(), content::find);
            if (piece.isEmpty()) {
                filled.put(call.taskId(), new Filled(null, "The script as written when the call was made: its piece"
                        + " has been deleted since.", null, null));
                continue;
            }
            String title = title(piece.get().name(), programNames.get(touch.programId()));
            if (piece.get().status() != ContentStatus.LIVE) {
                // A draft's words are not yet marketing's to stand behind, a retired piece's no longer.
                filled.put(call.taskId(), new Filled(null, "The script as written when the call was made: its piece"
                        + (piece.get().status() == ContentStatus.DRAFT ? " has been taken back to draft"
                                : " has been retired") + " since.", title, null));
                continue;
            }
            User caller = person.apply(call.callerId());
            try {
                filled.put(call.taskId(), new Filled(content.callScript(piece.get(), contact,
                        person.apply(contact.ownerId()), caller, custom, links.linksFor(piece.get(), contact.id())),
                        null, title, piece.get().updatedAt()));
            } catch (RuntimeException unrenderable) {
                // The rep still gets the script as it was filled in when the call was made, and is told why.
                filled.put(call.taskId(), new Filled(null, "The script as written when the call was made: it could"
                        + " not be filled in " + (caller == null ? "again" : "for " + caller.shownName()) + " now ("
                        + RenderFailures.cause(piece.get(), Channel.PHONE, unrenderable) + ").", title, null));
            }
        }
        return filled;
    }
}

package io.keepwarm.contact;

import io.keepwarm.contact.internal.ContactRow;
import io.keepwarm.identity.Caller;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.ForbiddenException;
import io.keepwarm.platform.NotFoundException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What a SALES caller may not change on a contact, whatever door the change comes through. A rep changes their own
 * contacts, those of the reps they manage, and unowned ones (the pot nobody works yet: no rep is wronged, and a rep's
 * own new contact starts there until its hand-off routes it); another rep's they read, add notes to and log calls of
 * their own tasks on, but its details, stage, expected-ready date and tags are that rep's. The owner chooses who gets
 * the contact's next lead, so only the owner's manager moves it (as with a lead's hand-off); do-not-contact is cleared
 * by marketing or an admin, as a compliance decision, and so is a bounce the mail system recorded (a rep may mark an
 * address unreachable, not reachable again); the address, which nurture mail follows, is changed by the owner; and
 * what the contact chose in the preference centre (topics, "only webinars" as tags) is theirs to make and change
 * there, so a rep neither adds nor removes those tags. A rep makes new contacts for themselves. Routing a lead to a
 * rep is no caller's edit and is not asked about.
 */
@Component
public class RepEdits {

    private final Users users;
    private final JdbcClient jdbc;

    RepEdits(Users users, JdbcClient jdbc) {
        this.users = users;
        this.jdbc = jdbc;
    }

    /** Whether the caller may change the contact at all: anyone but a rep, or a rep whose contact it is to work. */
    public boolean mayChange(long contactId) {
        return whyNot(contactId).isEmpty();
    }

    /** Why the caller may not change the contact (another rep's, and whom to ask), or empty when they may. */
    public Optional<String> whyNot(long contactId) {
        Caller caller = users.caller();
        if (caller.role() != Role.SALES) {
            return Optional.empty();
        }
        Owned owned = ownerOf(contactId);
        return othersContact(caller, owned.name(), owned.ownerId());
    }

    /**
     * Why the caller may not change each of these contacts, by contact, as {@link #whyNot(long)} says it one at a
     * time: read at once for a batch (the events API's); contacts the caller may change, or that do not exist, are
     * left out.
     */
    public Map<Long, String> whyNot(Collection<Long> contactIds) {
        Caller caller = users.caller();
        if (caller.role() != Role.SALES || contactIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, String> refused = new LinkedHashMap<>();
        for (List<Long> chunk : chunks(List.copyOf(new LinkedHashSet<>(contactIds)))) {
            jdbc.sql("SELECT id, owner_id, first_name, last_name, email FROM contacts WHERE id IN (:ids)")
                    .param("ids", chunk)
                    .query((rs, n) -> Map.entry(rs.getLong(1), new Owned(rs.getObject(2, Long.class),
                            name(rs.getString(3), rs.getString(4), rs.getString(5)))))
                    .list()
                    .forEach(e -> othersContact(caller, e.getValue().name(), e.getValue().ownerId())
                            .ifPresent(why -> refused.put(e.getKey(), why)));
        }
        return refused;
    }

    private static List<List<Long>> chunks(List<Long> ids) {
        List<List<Long>> chunks = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += 1000) {
            chunks.add(ids.subList(i, Math.min(ids.size(), i + 1000)));
        }
        return chunks;
    }

    /**
     * Refuses a rep's change of another rep's contact (its details, stage, expected-ready date or tags), naming who to
     * ask; a door calls it before it changes anything.
     */
    public void checkMayChange(long contactId) {
        whyNot(contactId).ifPresent(RepEdits::refuse);
    }

    /** Refuses the change from one row to the next when a SALES caller may not make it, naming each part. */
    void check(ContactRow before, ContactRow after) {
        Caller caller = users.caller();
        if (caller.role() != Role.SALES) {
            return;
        }
        othersContact(caller, name(before.firstName(), before.lastName(), before.email()), before.ownerId())
                .ifPresent(RepEdits::refuse);
        List<String> refused = new ArrayList<>();
        if (!Objects.equals(before.ownerId(), after.ownerId())) {
            ownerProblem(caller, before.id(), before.ownerId()).ifPresent(refused::add);
        }
        List<String> cleared = new ArrayList<>();
        if (before.dncEmail() && !after.dncEmail()) {
            cleared.add(Channel.EMAIL.name());
        }
        if (before.dncPhone() && !after.dncPhone()) {
            cleared.add(Channel.PHONE.name());
        }
        if (before.dncSms() && !after.dncSms()) {
            cleared.add(Channel.SMS.name());
        }
        if (!cleared.isEmpty()) {
            refused.add("Contact " + before.id() + " is do-not-contact by " + String.join(", ", cleared) + ", and"
                    + " clearing that is a compliance decision for a marketer or an admin: keep " + String.join(", ",
                            cleared) + " in doNotContact (a rep may add channels, not remove them), or ask one of them");
        }
        if (Validity.BOUNCED.name().equals(before.validity()) && !before.validity().equals(after.validity())
                && before.email().equals(after.email())) {
            refused.add("Contact " + before.id() + "'s address " + before.email() + " bounced (the mail system"
                    + " recorded it undeliverable), and a rep does not clear what delivery recorded: mail to it would"
                    + " bounce again and cost every sender's reputation; keep validity BOUNCED, or give the contact its"
                    + " new address (its owner may, and mark that VALID), or ask a marketer or an admin");
        }
        if (!before.email().equals(after.email()) && !owns(caller, before.ownerId())) {
            refused.add(addressProblem(caller, before.id(), before.ownerId()));
        }
        if (!refused.isEmpty()) {
            throw new ForbiddenException(String.join("; ", refused) + ". Nothing was changed");
        }
    }

    /**
     * Refuses a SALES caller's new contact owned by another rep unless they manage that rep: a rep makes contacts for
     * themselves (or for nobody, and its hand-off's routing gives it an owner).
     */
    void mayCreateOwnedBy(Long owner) {
        Caller caller = users.caller();
        if (owner == null || caller.role() != Role.SALES || owns(caller, owner)
                || caller.manages(users.find(owner).orElse(null))) {
            return;
        }
        String why = " (the owner gets the contact's next lead)";
        throw new ForbiddenException(caller.user() == null
                ? "A SALES API key acts for no rep, so it makes no contact owned by one (user " + owner + ")" + why
                        + ": leave the owner out, or ask a marketer or an admin. Nothing was created"
                : "User " + owner + " is another rep, not you nor a rep you manage, and a rep makes contacts for"
                        + " themselves" + why + ": name yourself as the owner or leave it out, or ask that rep's"
                        + " manager, a marketer or an admin. Nothing was created");
    }

    /** Refuses a SALES caller's removal of a tag that carries the contact's own choice in the preference centre. */
    void mayRemoveTag(long contactId, String tag) {
        if (users.caller().role() == Role.SALES && Tags.isContactsChoice(tag)) {
            throw new ForbiddenException("Tag '" + tag + "' on contact " + contactId + " is the contact's own choice in"
                    + " the preference centre, and nurture mail follows it; a rep does not undo it: the contact changes"
                    + " it there, or ask a marketer or an admin. Nothing was removed");
        }
    }

    /**
     * Refuses a SALES caller's new tags that would record a choice in the preference centre (a topic, "only
     * webinars") the contact did not make there: the contact's preference page would show it as theirs, nurture mail
     * would narrow to it, and the rep could not take it back.
     *
     * @param contactId the contact, or null for one the request creates
     */
    void mayAddTags(Long contactId, Collection<String> added) {
        List<String> choices = added.stream().filter(Tags::isContactsChoice).toList();
        if (users.caller().role() == Role.SALES && !choices.isEmpty()) {
            throw new ForbiddenException("Tag" + (choices.size() == 1 ? " '" + choices.getFirst() + "' records" : "s '"
                    + String.join("', '", choices) + "' record") + " a choice " + (contactId == null ? "the contact"
                    : "contact " + contactId) + " makes in the preference centre (a topic, or only webinars), and nurture"
                    + " mail follows it; a rep does not make it for them: tag what you learnt with a name of your own"
                    + " (such as interest-" + (choices.getFirst().startsWith(Tags.TOPIC_TAG)
                            ? choices.getFirst().substring(Tags.TOPIC_TAG.length()) : "webinars")
                    + "), send the contact their preference page, or ask a marketer or an admin. Nothing was added");
        }
    }

    /** A contact's owner, and the contact as a rep knows them: by name, or by address when it has none. */
    private record Owned(Long ownerId, String name) {
    }

    private Owned ownerOf(long contactId) {
        List<Owned> owned = jdbc.sql("SELECT owner_id, first_name, last_name, email FROM contacts WHERE id = ?")
                .param(contactId).query((rs, n) -> new Owned(rs.getObject(1, Long.class),
                        name(rs.getString(2), rs.getString(3), rs.getString(4))))
                .list();
        if (owned.isEmpty()) {
            throw NotFoundException.of("Contact", contactId);
        }
        return owned.getFirst();
    }

    private static String name(String first, String last, String email) {
        String name = ((first == null ? "" : first) + " " + (last == null ? "" : last)).strip();
        return name.isEmpty() ? email : name;
    }

    private Optional<String> othersContact(Caller caller, String contactName, Long owner) {
        if (owner == null || owns(caller, owner)) {
            return Optional.empty();
        }
        User rep = users.find(owner).orElse(null);
        if (caller.manages(rep)) {
            return Optional.empty();
        }
        String whose = rep == null ? "user " + owner : rep.shownName();
        User manager = rep == null || rep.managerId() == null ? null : users.find(rep.managerId()).orElse(null);
        String ask = (rep == null ? "its owner" : rep.shownName()) + (manager == null ? ", their manager"
                : ", their manager " + manager.shownName()) + ", a marketer or an admin";
        String contact = contactName + " belongs to " + whose;
        return Optional.of(caller.user() == null
                ? contact + ", and a SALES API key acts for no rep, so it changes no rep's contact: log in as its owner,"
                        + " or ask " + ask
                : contact + ", another rep: you change your own contacts"
                        + (users.managedBy(caller.user().id()).isEmpty() ? "" : ", your reps'")
                        + " and unowned ones, and on the others read and add notes; its details, stage, expected-ready"
                        + " date and tags are changed by " + ask + ": ask one of them, or add a note");
    }

    private static void refuse(String why) {
        throw new ForbiddenException(why + ". Nothing was changed");
    }

    /** Asked once the caller may change the contact at all: it is unowned, theirs, or their team's. */
    private Optional<String> ownerProblem(Caller caller, long contactId, Long owner) {
        if (owner != null && caller.manages(users.find(owner).orElse(null))) {
            return Optional.empty();
        }
        String why = " (the owner gets the contact's next lead)";
        return Optional.of(owner == null
                ? "Contact " + contactId + " has no owner, and a rep does not give it one: a marketer, an admin or the"
                        + " routing of its hand-off does" + why + "; ask a marketer or an admin"
                : "Contact " + contactId + " is yours; passing it to another rep is for your manager, a marketer or an"
                        + " admin" + why + ": ask one of them");
    }

    private static String addressProblem(Caller caller, long contactId, Long owner) {
        String contact = "Contact " + contactId;
        String rule = "its address, which nurture mail follows, is changed by its owner, a marketer or an admin";
        if (caller.user() == null) {
            return contact + "'s address, which nurture mail follows, is changed by its owner, a marketer or an admin,"
                    + " and a SALES API key owns no contacts: log in as its owner, or ask a marketer or an admin";
        }
        return (owner == null ? contact + " has no owner" : contact + " is another rep's (user " + owner + ")") + "; "
                + rule + ": ask one of them";
    }

    private static boolean owns(Caller caller, Long owner) {
        return caller.user() != null && owner != null && owner == caller.user().id();
    }
}

package io.keepwarm.ui;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.contact.Contacts;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.lifecycle.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit log's entries as the audit page says them: on the viewer's clock, who acted and which user was changed by
 * their shown names, the action, the recorded fields and their codes in words ("manager: Ann Smith", not "managerId: 4";
 * "to: Nurture", not "to: NURTURE"). The API keeps the codes, usernames and ids.
 */
final class AuditRows {

    /**
     * One entry as the page shows it; the action's code stays for the row's data attribute; entityHref is the page of
     * what it is about, null when there is none; details the recorded fields in words, some linking to their page.
     */
    record Row(String action, String when, String who, String what, String entity, String entityHref,
            List<Part> details) {}

    /** A piece of an entry's details: words, or a name with its page. */
    record Part(String text, String href) {

        static Part of(String text) {
            return new Part(text, null);
        }
    }

    /**
     * Recorded fields whose value is a user: their id, or (a contact's "owner" as given) their id, username or email;
     * a stand-in holds a lead for its owner.
     */
    private static final Set<String> USER_FIELDS = Set.of("managerId", "ownerId", "repId", "assigneeId",
            Contacts.PREVIOUS_OWNER, "adminIds", "owner", "standInFor");
    /** Recorded fields whose value is a contact's id, said by the contact's name. */
    private static final Set<String> CONTACT_FIELDS = Set.of("contactId", "survivorId", "mergedId");
    /** A list of contacts moved or surfaced together: the first few by name, then how many more. */
    private static final String CONTACT_LIST = "contactIds";
    private static final int CONTACTS_NAMED = 5;
    /**
     * Ids a person has no page to look up by (a task's, a touch's, a note's): the rest of the entry says which it was.
     * A hand-off is said by its contact.
     */
    private static final Set<String> UNSAID = Set.of("taskId", "touchId", "noteId");
    private static final String HANDOFF = "handoffId";
    /** A program's stage step passed over while an open hand-off holds its lead. */
    private static final String PASSED_OVER = "PROGRAM_STEP_PASSED_OVER";
    /** The contact's fields as given when it was made: said as its own fields, those not given left out. */
    private static final String INPUT = "input";
    /** Actions whose from and to are users a lead or a task went between, not stages. */
    private static final Set<String> BETWEEN_USERS = Set.of("HANDOFF_REASSIGNED", "TASK_ASSIGNED");
    /** An instant as the API writes it ("2027-01-14T16:30:00Z"), which a person reads on their clock. */
    private static final java.util.regex.Pattern INSTANT = java.util.regex.Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?Z");
    /** A day as the API writes it ("2027-03-01"), which a page says as "1 March 2027". */
    private static final java.util.regex.Pattern DAY = java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    /** The days of the week as the pressure policy's hours record them ("MONDAY"). */
    private static final Set<String> WEEKDAYS = java.util.Arrays.stream(java.time.DayOfWeek.values())
            .map(Enum::name).collect(Collectors.toUnmodifiableSet());

    /** Recorded fields whose value is a program's id (or a list of them). */
    private static final Set<String> PROGRAM_FIELDS = Set.of("programId", "programIds");

    /** Fields whose name the page says otherwise than the API: a stage move's actorType is who made it. */
    private static final Map<String, String> LABELS = Map.of("actorType", "moved by", "programIds", "programs",
            "mergedId", "merged", "standInFor", "stand-in for", "contactIds", "contacts", "taskIds", "tasks");

    private final Users users;
    private final ActorNames actorNames;
    private final When when;
    private final Map<Stage, String> stageLabels;
    private final UnaryOperator<String> ruleText;
    private final Map<String, String> actors = new HashMap<>();
    private final Map<EntityNames.Ref, EntityNames.Named> entities;
    private final int contactsNamed;
    private Map<Long, User> byId;

    private AuditRows(Users users, ActorNames actorNames, Map<EntityNames.Ref, EntityNames.Named> entities, When when,
            Map<Stage, String> stageLabels, UnaryOperator<String> ruleText, int contactsNamed) {
        this.contactsNamed = contactsNamed;
        this.users = users;
        this.actorNames = actorNames;
        this.entities = entities;
        this.when = when;
        this.stageLabels = stageLabels;
        this.ruleText = ruleText;
    }

    /**
     * The entries as rows, stages by the account's labels for them (as the timeline says them), who acted as people
     * say it (a user's name, "program 'Monthly newsletter'"), what each is about, the programs and triggers that acted
     * and the contacts and programs its details name by their names and pages ({@link EntityNames}, read a kind at a
     * time for the whole page), a segment's
     * rule as the segment pages write it ({@code ruleText}: from the rule's JSON form, as recorded, to its text). A
     * long list of contacts is cut short, its "and 12 more" linking to the entry alone ({@link #one}).
     */
    static List<Row> of(List<AuditLog.Entry> entries, Users users, ActorNames actorNames, EntityNames entityNames,
            When when, Map<Stage, String> stageLabels, UnaryOperator<String> ruleText) {
        return of(entries, users, actorNames, entityNames, when, stageLabels, ruleText, CONTACTS_NAMED);
    }

    /** One entry as its row, every contact it names by name and page, however many: where "and 12 more" leads. */
    static Row one(AuditLog.Entry entry, Users users, ActorNames actorNames, EntityNames entityNames, When when,
            Map<Stage, String> stageLabels, UnaryOperator<String> ruleText) {
        return of(List.of(entry), users, actorNames, entityNames, when, stageLabels, ruleText, Integer.MAX_VALUE)
                .getFirst();
    }

    private static List<Row> of(List<AuditLog.Entry> entries, Users users, ActorNames actorNames,
            EntityNames entityNames, When when, Map<Stage, String> stageLabels, UnaryOperator<String> ruleText,
            int contactsNamed) {
        Map<AuditLog.Entry, JsonNode> details = new HashMap<>();
        Set<EntityNames.Ref> refs = new java.util.LinkedHashSet<>();
        for (AuditLog.Entry e : entries) {
            refs.add(new EntityNames.Ref(e.entityType(), e.entityId()));
            // a program or trigger that acted is named with the page's programs and triggers, one read a kind
            EntityNames.Ref actedAs = ActorNames.entityOf(e.actor());
            if (actedAs != null) {
                refs.add(actedAs);
            }
            if (e.details() != null) {
                JsonNode read = JsonMapper.shared().readTree(e.details());
                details.put(e, read);
                named(read, refs, contactsNamed);
            }
        }
        AuditRows rows = new AuditRows(users, actorNames, entityNames.named(refs), when, stageLabels, ruleText,
                contactsNamed);
        return entries.stream().map(e -> rows.row(e, details.get(e))).toList();
    }

    /** The contacts and programs recorded in these details, to be named with the page's entities. */
    private static void named(JsonNode details, Set<EntityNames.Ref> refs, int contactsNamed) {
        details.properties().forEach(p -> {
            if (CONTACT_FIELDS.contains(p.getKey())) {
                ids(p.getValue(), Integer.MAX_VALUE).forEach(id -> refs.add(new EntityNames.Ref("contact", id)));
            } else if (CONTACT_LIST.equals(p.getKey())) {
                ids(p.getValue(), contactsNamed).forEach(id -> refs.add(new EntityNames.Ref("contact", id)));
            } else if (PROGRAM_FIELDS.contains(p.getKey())) {
                ids(p.getValue(), Integer.MAX_VALUE).forEach(id -> refs.add(new EntityNames.Ref("program", id)));
            }
        });
    }

    /** The ids of one value or the first {@code most} of a list, as the log records entity ids. */
    private static List<String> ids(JsonNode value, int most) {
        List<String> ids = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(id -> {
                if (ids.size() < most && id.isValueNode() && !id.isNull()) {
                    ids.add(id.asString());
                }
            });
        } else if (value.isValueNode() && !value.isNull()) {
            ids.add(value.asString());
        }
        return ids;
    }

    private Row row(AuditLog.Entry e, JsonNode details) {
        EntityNames.Named entity = entity(e.entityType(), e.entityId());
        return new Row(e.action(), when.local(e.occurredAt()), actor(e.actor()),
                Words.logged(e.action()), entity.text(), entity.href(),
                details == null ? List.of() : words(details, null, " · ", e));
    }

    /**
     * Whoever acted, as {@link ActorNames#name} says them: a program or trigger by the name read with the page's
     * others (one deleted since by the name it had), anyone else asked once a page.
     */
    private String actor(String actor) {
        EntityNames.Ref actedAs = ActorNames.entityOf(actor);
        EntityNames.Named named = actedAs == null ? null : entities.get(actedAs);
        return named != null ? named.text() : actors.computeIfAbsent(actor, actorNames::name);
    }

    private EntityNames.Named entity(String type, String id) {
        return entities.get(new EntityNames.Ref(type, id));
    }

    /** A contact or program the details name, by its name and page. */
    private Part named(String type, JsonNode id, boolean withKind) {
        EntityNames.Named named = entity(type, id.asString());
        return named == null ? Part.of(id.asString()) : new Part(withKind ? named.text() : named.name(), named.href());
    }

    /** A user by the id the entry recorded, else by username or email (an owner as given); anyone else as recorded. */
    private String user(String id) {
        if (id.matches("\\d{1,18}")) {
            User user = users().get(Long.parseLong(id));
            return user == null ? actorNames.goneUser(Long.parseLong(id)) : user.shownName();
        }
        return users().values().stream().filter(u -> id.equalsIgnoreCase(u.username()) || id.equalsIgnoreCase(u.email()))
                .findFirst().map(User::shownName).orElse(id);
    }

    /** A user by id, empty when there is none. */
    private Optional<User> found(long id) {
        return Optional.ofNullable(users().get(id));
    }

    private Map<Long, User> users() {
        if (byId == null) {
            byId = users.list().stream().collect(Collectors.toMap(User::id, Function.identity()));
        }
        return byId;
    }

    /**
     * "before: (sla hours: 24) · after: (sla hours: 6)": the details' fields in words, a user's id as their name, a
     * contact or program by its name and page, a code as words ("to: Nurture", "state: granted"), an instant on the
     * viewer's clock and a rule as text; field is the name a value (or a list's items) was recorded under, e the entry.
     */
    private List<Part> words(JsonNode node, String field, String between, AuditLog.Entry e) {
        String action = e.action();
        if (node.isValueNode()) {
            return List.of(Part.of(value(node, field, action)));
        }
        if (node.isContainer() && node.isEmpty()) {
            // a list emptied (or an object with nothing in it), not "tags: "
            return List.of(Part.of("none"));
        }
        List<List<Part>> parts = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(item -> parts.add(item.isObject() ? bracketed(words(item, null, ", ", e))
                    : words(item, field, ", ", e)));
            return joined(parts, ", ");
        }
        node.properties().forEach(p -> {
            JsonNode value = p.getValue();
            String key = p.getKey();
            if (INPUT.equals(field) && (value.isNull() || value.isContainer() && value.isEmpty())) {
                // a field of the input left null or empty was not given
                return;
            }
            if (INPUT.equals(key) && value.isObject()) {
                parts.add(words(value, INPUT, between, e));
                return;
            }
            if ("HANDOFF_ESCALATED".equals(action) && Set.of("noManager", "adminIds", "managerLoop").contains(key)
                    || UNSAID.contains(key)) {
                return;
            }
            if ("LIFECYCLE_RULES_CHANGED".equals(action) && key.startsWith("labels")) {
                if ("labels".equals(key)) {
                    renamed(value, node.path("labelsBefore")).ifPresent(r -> parts.add(List.of(Part.of(r))));
                }
                return;
            }
            if ("mergedId".equals(key) && node.has("mergedEmail")) {
                // the duplicate is deleted by the merge: the address it had says who it was
                return;
            }
            if (PASSED_OVER.equals(action) && (HANDOFF.equals(key) || "repId".equals(key))) {
                // The hold, recorded by its hand-off and rep: said once, as why, with the rep by name.
                if (HANDOFF.equals(key)) {
                    JsonNode rep = node.path("repId");
                    parts.add(List.of(Part.of(label("why", action) + ": " + Words.held(
                            rep.isIntegralNumber() ? rep.asLong() : null, this::found))));
                }
                return;
            }
            if (HANDOFF.equals(key)) {
                parts.add(handoff(e));
                return;
            }
            List<Part> said = value.isObject() ? bracketed(words(value, INPUT.equals(field) ? INPUT : null, ", ", e))
                    : isUser(key, action) ? List.of(Part.of(users(value)))
                    : PROGRAM_FIELDS.contains(key) ? each(value, id -> named("program", id, true))
                    : CONTACT_FIELDS.contains(key) ? each(value, id -> named("contact", id, false))
                    : CONTACT_LIST.equals(key) ? contacts(value, e.id())
                    : "taskIds".equals(key) && value.isArray() ? List.of(Part.of(String.valueOf(value.size())))
                    : words(value, key, ", ", e);
            List<Part> labelled = new ArrayList<>();
            labelled.add(Part.of(label(key, action) + ": "));
            labelled.addAll(said);
            parts.add(labelled);
        });
        if ("HANDOFF_ESCALATED".equals(action) && node.path("noManager").asBoolean(false)) {
            // Said as the timeline says it, not "no manager: true · admin ids: 3, 4".
            String admins = node.has("adminIds") ? users(node.get("adminIds")) : "";
            parts.add(List.of(Part.of(noManager(node) + ": escalated to the admins"
                    + (admins.isEmpty() ? "" : " (" + admins + ")"))));
        }
        return joined(parts, between);
    }

    /**
     * Why an overdue hand-off went to the admins, as its audit entry records it: "the rep has no manager", or the loop
     * their managers made then ("the rep's managers loop: Ann is managed by Bob, who is managed by Ann").
     */
    static String noManager(JsonNode details) {
        return details.hasNonNull("managerLoop") ? "the rep's managers loop: " + details.get("managerLoop").asString()
                : "the rep has no manager";
    }

    /**
     * Which hand-off, as the alerts say it: by its contact, whose page shows it ("hand-off of Ann Smith"). The entries
     * that record one are about its contact.
     */
    private List<Part> handoff(AuditLog.Entry e) {
        EntityNames.Named contact = "contact".equals(e.entityType()) ? entity("contact", e.entityId()) : null;
        return contact == null ? List.of(Part.of("a hand-off"))
                : List.of(Part.of("hand-off of "), new Part(contact.name(), contact.href()));
    }

    /**
     * Contacts moved or surfaced together: the first few by name and page, then how many more ("and 12 more"), which
     * links to the entry alone, naming them all.
     */
    private List<Part> contacts(JsonNode ids, long entry) {
        if (!ids.isArray()) {
            return List.of(named("contact", ids, false));
        }
        List<List<Part>> named = new ArrayList<>();
        for (int i = 0; i < Math.min(ids.size(), contactsNamed); i++) {
            named.add(List.of(named("contact", ids.get(i), false)));
        }
        List<Part> said = new ArrayList<>(joined(named, ", "));
        if (ids.size() > contactsNamed) {
            said.add(Part.of(" and "));
            said.add(new Part((ids.size() - contactsNamed) + " more", "/ui/settings/audit?entry=" + entry));
        }
        return said.isEmpty() ? List.of(Part.of("none")) : said;
    }

    private static List<Part> bracketed(List<Part> parts) {
        List<Part> said = new ArrayList<>();
        said.add(Part.of("("));
        said.addAll(parts);
        said.add(Part.of(")"));
        return said;
    }

    private static List<Part> joined(List<List<Part>> parts, String between) {
        List<Part> joined = new ArrayList<>();
        for (List<Part> part : parts) {
            if (!joined.isEmpty()) {
                joined.add(Part.of(between));
            }
            joined.addAll(part);
        }
        return joined;
    }

    private String value(JsonNode node, String field, String action) {
        if (node.isNull()) {
            // A field cleared, or a stage move with no reason given.
            return "none";
        }
        if (node.isBoolean()) {
            return node.asBoolean() ? "yes" : "no";
        }
        if ("halfLife".equals(field)) {
            // a Duration as Jackson writes it: an ISO period ("PT720H") or seconds
            Optional<java.time.Duration> span = span(node);
            if (span.isPresent()) {
                return io.keepwarm.platform.Spans.said(span.get());
            }
        }
        String text = node.asString();
        if ("days".equals(field) && WEEKDAYS.contains(text)) {
            return java.time.DayOfWeek.valueOf(text).getDisplayName(java.time.format.TextStyle.FULL,
                    java.util.Locale.ENGLISH);
        }
        if ("reason".equals(field)) {
            Optional<String> decision = Words.handoffDecision(text, this::actor);
            if (decision.isPresent()) {
                return decision.get();
            }
        }
        if ("why".equals(field) && PASSED_OVER.equals(action)) {
            return Words.earlierHeld(text, this::found);
        }
        if ("rule".equals(field) && text.startsWith("{")) {
            return ruleText.apply(text);
        }
        if ("step".equals(field) && PASSED_OVER.equals(action) && node.isIntegralNumber()) {
            // Recorded from 0, as the API counts steps; the program page counts them from 1.
            return String.valueOf(node.asInt() + 1);
        }
        if (node.isString() && INSTANT.matcher(text).matches()) {
            return when.local(Instant.parse(text));
        }
        if (node.isString() && DAY.matcher(text).matches()) {
            return io.keepwarm.platform.Days.said(java.time.LocalDate.parse(text));
        }
        return field == null ? text : Words.recorded(field, text, stageLabels);
    }

    private static Optional<java.time.Duration> span(JsonNode node) {
        if (node.isNumber()) {
            return Optional.of(java.time.Duration.ofMillis(Math.round(node.asDouble() * 1000)));
        }
        try {
            return Optional.of(java.time.Duration.parse(node.asString()));
        } catch (java.time.format.DateTimeParseException notOne) {
            return Optional.empty();
        }
    }

    /**
     * Stages renamed, keyed by the stage's code: "'Nurture' is now called 'Warm'", by the label each replaced (an entry
     * from before the audit kept it names the stage's code in words: "the nurture stage"); empty when none was.
     */
    private static Optional<String> renamed(JsonNode labels, JsonNode before) {
        List<String> said = new ArrayList<>();
        labels.properties().forEach(p -> {
            JsonNode was = before.path(p.getKey());
            said.add((was.isString() ? "'" + was.asString() + "'" : "the " + Forms.words(p.getKey()) + " stage")
                    + " is now called '" + p.getValue().asString() + "'");
        });
        return said.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", said));
    }

    /** A field's name in words; a leaver's tasks are recorded by the id of whom they went to ("to Ann: 3"). */
    private String label(String field, String action) {
        if ("TASKS_HANDED_OVER".equals(action)) {
            return "to " + (field.matches("\\d+") ? user(field) : field);
        }
        return LABELS.getOrDefault(field, Timeline.fieldWords(field));
    }

    private static boolean isUser(String field, String action) {
        return USER_FIELDS.contains(field) || BETWEEN_USERS.contains(action) && ("from".equals(field) || "to".equals(field));
    }

    /**
     * Users' ids (one or a list) as their names; none recorded (a task nobody holds) as "nobody", and so the text
     * "null" entries recorded before the tasks module wrote a real null.
     */
    private String users(JsonNode ids) {
        return each(ids, id -> Part.of(id.isNull() || "null".equals(id.asString()) ? "nobody" : user(id.asString())))
                .stream().map(Part::text).collect(Collectors.joining());
    }

    /** One id or a list of them, each said by {@code name}, the list's joined by commas; an empty one as "none". */
    private static List<Part> each(JsonNode ids, Function<JsonNode, Part> name) {
        if (!ids.isArray()) {
            return List.of(name.apply(ids));
        }
        if (ids.isEmpty()) {
            return List.of(Part.of("none"));
        }
        List<List<Part>> names = new ArrayList<>();
        ids.forEach(id -> names.add(List.of(name.apply(id))));
        return joined(names, ", ");
    }
}

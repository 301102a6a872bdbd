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
     * what it is about, null when there is none.
     */
    record Row(String action, String when, String who, String what, String entity, String entityHref, String details) {}

    /**
     * Recorded fields whose value is a user: their id, or (a contact's "owner" as given) their id, username or email.
     */
    private static final Set<String> USER_FIELDS = Set.of("managerId", "ownerId", "repId", "assigneeId",
            Contacts.PREVIOUS_OWNER, "adminIds", "owner");
    /** Recorded fields whose value is a contact's id, said by the contact's name. */
    private static final Set<String> CONTACT_FIELDS = Set.of("contactId", "survivorId");
    /** The contact's fields as given when it was made: said as its own fields, those not given left out. */
    private static final String INPUT = "input";
    /** Actions whose from and to are users a lead or a task went between, not stages. */
    private static final Set<String> BETWEEN_USERS = Set.of("HANDOFF_REASSIGNED", "TASK_ASSIGNED");
    /** An instant as the API writes it ("2027-01-14T16:30:00Z"), which a person reads on their clock. */
    private static final java.util.regex.Pattern INSTANT = java.util.regex.Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?Z");

    /** Recorded fields whose value is a program's id (or a list of them). */
    private static final Set<String> PROGRAM_FIELDS = Set.of("programId", "programIds");

    /** Fields whose name the page says otherwise than the API: a stage move's actorType is who made it. */
    private static final Map<String, String> LABELS = Map.of("actorType", "moved by", "programIds", "programs");

    private final Users users;
    private final ActorNames actorNames;
    private final EntityNames entityNames;
    private final When when;
    private final Map<Stage, String> stageLabels;
    private final UnaryOperator<String> ruleText;
    private final Map<String, String> actors = new HashMap<>();
    private final Map<String, EntityNames.Named> entities = new HashMap<>();
    private Map<Long, User> byId;

    private AuditRows(Users users, ActorNames actorNames, EntityNames entityNames, When when,
            Map<Stage, String> stageLabels, UnaryOperator<String> ruleText) {
        this.users = users;
        this.actorNames = actorNames;
        this.entityNames = entityNames;
        this.when = when;
        this.stageLabels = stageLabels;
        this.ruleText = ruleText;
    }

    /**
     * The entries as rows, stages by the account's labels for them (as the timeline says them), who acted as people
     * say it (a user's name, "program 'Monthly newsletter'"), what it is about by its name and page ({@link EntityNames}),
     * a segment's rule as the segment pages write it ({@code ruleText}: from the rule's JSON form, as recorded, to its
     * text).
     */
    static List<Row> of(List<AuditLog.Entry> entries, Users users, ActorNames actorNames, EntityNames entityNames,
            When when, Map<Stage, String> stageLabels, UnaryOperator<String> ruleText) {
        AuditRows rows = new AuditRows(users, actorNames, entityNames, when, stageLabels, ruleText);
        return entries.stream().map(rows::row).toList();
    }

    private Row row(AuditLog.Entry e) {
        EntityNames.Named entity = entity(e.entityType(), e.entityId());
        return new Row(e.action(), when.local(e.occurredAt()), actors.computeIfAbsent(e.actor(), actorNames::name),
                Words.inWords(e.action()), entity.text(), entity.href(),
                e.details() == null ? null : words(JsonMapper.shared().readTree(e.details()), null, " · ", e.action()));
    }

    /** A page's entries are mostly about a few things: each is looked up once. */
    private EntityNames.Named entity(String type, String id) {
        return entities.computeIfAbsent(type + ":" + id, key -> entityNames.named(type, id));
    }

    /** A user by the id the entry recorded, else by username or email (an owner as given); anyone else as recorded. */
    private String user(String id) {
        if (id.matches("\\d{1,18}")) {
            User user = users().get(Long.parseLong(id));
            return user == null ? id : user.shownName();
        }
        return users().values().stream().filter(u -> id.equalsIgnoreCase(u.username()) || id.equalsIgnoreCase(u.email()))
                .findFirst().map(User::shownName).orElse(id);
    }

    private Map<Long, User> users() {
        if (byId == null) {
            byId = users.list().stream().collect(Collectors.toMap(User::id, Function.identity()));
        }
        return byId;
    }

    /**
     * "before: (sla hours: 24) · after: (sla hours: 6)": the details' fields in words, a user's id as their name, a code
     * as words ("to: Nurture", "state: granted"), an instant on the viewer's clock and a rule as text; field is the name
     * a value (or a list's items) was recorded under, action the entry's.
     */
    private String words(JsonNode node, String field, String between, String action) {
        if (node.isValueNode()) {
            return value(node, field, action);
        }
        if (node.isContainer() && node.isEmpty()) {
            // a list emptied (or an object with nothing in it), not "tags: "
            return "none";
        }
        List<String> parts = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(item -> parts.add(item.isObject() ? "(" + words(item, null, ", ", action) + ")"
                    : words(item, field, ", ", action)));
            return String.join(", ", parts);
        }
        node.properties().forEach(p -> {
            JsonNode value = p.getValue();
            if (INPUT.equals(field) && (value.isNull() || value.isContainer() && value.isEmpty())) {
                // a field of the input left null or empty was not given
                return;
            }
            if (INPUT.equals(p.getKey()) && value.isObject()) {
                parts.add(words(value, INPUT, between, action));
                return;
            }
            if ("HANDOFF_ESCALATED".equals(action) && Set.of("noManager", "adminIds").contains(p.getKey())) {
                return;
            }
            if ("LIFECYCLE_RULES_CHANGED".equals(action) && p.getKey().startsWith("labels")) {
                if ("labels".equals(p.getKey())) {
                    renamed(value, node.path("labelsBefore")).ifPresent(parts::add);
                }
                return;
            }
            String said = value.isObject() ? "(" + words(value, INPUT.equals(field) ? INPUT : null, ", ", action) + ")"
                    : isUser(p.getKey(), action) ? users(value)
                    : PROGRAM_FIELDS.contains(p.getKey()) ? programs(value)
                    : CONTACT_FIELDS.contains(p.getKey()) ? each(value, id -> entity("contact", id.asString()).name())
                    : words(value, p.getKey(), ", ", action);
            parts.add(label(p.getKey(), action) + ": " + said);
        });
        if ("HANDOFF_ESCALATED".equals(action) && node.path("noManager").asBoolean(false)) {
            // Said as the timeline says it, not "no manager: true · admin ids: 3, 4".
            String admins = node.has("adminIds") ? users(node.get("adminIds")) : "";
            parts.add("the rep has no manager: escalated to the admins" + (admins.isEmpty() ? "" : " (" + admins + ")"));
        }
        return String.join(between, parts);
    }

    private String value(JsonNode node, String field, String action) {
        if (node.isNull()) {
            // A field cleared, or a stage move with no reason given.
            return "none";
        }
        String text = node.asString();
        if ("reason".equals(field)) {
            Optional<String> decision = Words.handoffDecision(text,
                    actor -> actors.computeIfAbsent(actor, actorNames::name));
            if (decision.isPresent()) {
                return decision.get();
            }
        }
        if ("rule".equals(field) && text.startsWith("{")) {
            return ruleText.apply(text);
        }
        if ("step".equals(field) && "PROGRAM_STEP_PASSED_OVER".equals(action) && node.isIntegralNumber()) {
            // Recorded from 0, as the API counts steps; the program page counts them from 1.
            return String.valueOf(node.asInt() + 1);
        }
        if (node.isString() && INSTANT.matcher(text).matches()) {
            return when.local(Instant.parse(text));
        }
        return field == null ? text : Words.recorded(field, text, stageLabels);
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

    /** Programs' ids (one or a list) by their names, as the actor column names a program ("program 'Welcome'"). */
    private String programs(JsonNode ids) {
        return each(ids, id -> id.isIntegralNumber() ? actors.computeIfAbsent("program:" + id.asLong(), actorNames::name)
                : id.asString());
    }

    private static boolean isUser(String field, String action) {
        return USER_FIELDS.contains(field) || BETWEEN_USERS.contains(action) && ("from".equals(field) || "to".equals(field));
    }

    /**
     * Users' ids (one or a list) as their names; none recorded (a task nobody holds) as "nobody", and so the text
     * "null" entries recorded before the tasks module wrote a real null.
     */
    private String users(JsonNode ids) {
        return each(ids, id -> id.isNull() || "null".equals(id.asString()) ? "nobody" : user(id.asString()));
    }

    /** One id or a list of them, each said by {@code name}, the list's joined by commas; an empty one as "none". */
    private static String each(JsonNode ids, Function<JsonNode, String> name) {
        if (!ids.isArray()) {
            return name.apply(ids);
        }
        if (ids.isEmpty()) {
            return "none";
        }
        List<String> names = new ArrayList<>();
        ids.forEach(id -> names.add(name.apply(id)));
        return String.join(", ", names);
    }
}

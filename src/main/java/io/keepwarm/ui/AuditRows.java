package io.keepwarm.ui;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.lifecycle.Stage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit log's entries as the audit page says them: on the viewer's clock, who acted and which user was changed by
 * their shown names, the action, the recorded fields and their codes in words ("manager: Ann Smith", not "managerId: 4";
 * "to: Nurture", not "to: NURTURE"). The API keeps the codes, usernames and ids.
 */
final class AuditRows {

    /** One entry as the page shows it; the action's code stays for the row's data attribute. */
    record Row(String action, String when, String who, String what, String entity, String details) {}

    /** Recorded fields whose value is a user's id. */
    private static final Set<String> USER_FIELDS = Set.of("managerId", "ownerId", "repId", "assigneeId");

    /** Fields whose name the page says otherwise than the API: a stage move's actorType is who made it. */
    private static final Map<String, String> LABELS = Map.of("actorType", "moved by");

    private final Users users;
    private final ActorNames actorNames;
    private final When when;
    private final Map<Stage, String> stageLabels;
    private final Map<String, String> actors = new HashMap<>();
    private Map<Long, User> byId;

    private AuditRows(Users users, ActorNames actorNames, When when, Map<Stage, String> stageLabels) {
        this.users = users;
        this.actorNames = actorNames;
        this.when = when;
        this.stageLabels = stageLabels;
    }

    /**
     * The entries as rows, stages by the account's labels for them (as the timeline says them), who acted as people
     * say it (a user's name, "program 'Monthly newsletter'").
     */
    static List<Row> of(List<AuditLog.Entry> entries, Users users, ActorNames actorNames, When when,
            Map<Stage, String> stageLabels) {
        AuditRows rows = new AuditRows(users, actorNames, when, stageLabels);
        return entries.stream().map(rows::row).toList();
    }

    private Row row(AuditLog.Entry e) {
        return new Row(e.action(), when.local(e.occurredAt()), actors.computeIfAbsent(e.actor(), actorNames::name),
                Words.inWords(e.action()), entity(e.entityType(), e.entityId()),
                e.details() == null ? null : words(JsonMapper.shared().readTree(e.details()), null, " · "));
    }

    private String entity(String type, String id) {
        String what = Forms.words(type);
        if (id == null) {
            return what;
        }
        return what + " " + ("user".equals(type) ? user(id) : id);
    }

    /** A user by the id the entry recorded; one since deleted by the id. */
    private String user(String id) {
        if (!id.matches("\\d+")) {
            return id;
        }
        User user = users().get(Long.parseLong(id));
        return user == null ? id : user.shownName();
    }

    private Map<Long, User> users() {
        if (byId == null) {
            byId = users.list().stream().collect(Collectors.toMap(User::id, Function.identity()));
        }
        return byId;
    }

    /**
     * "before: (sla hours: 24) · after: (sla hours: 6)": the details' fields in words, a user's id as their name and a
     * code as words ("to: Nurture", "state: granted"); field is the name a value (or a list's items) was recorded under.
     */
    private String words(JsonNode node, String field, String between) {
        if (node.isValueNode()) {
            if ("reason".equals(field)) {
                java.util.Optional<String> decision = Timeline.handoffDecision(node.asString(),
                        actor -> actors.computeIfAbsent(actor, actorNames::name));
                if (decision.isPresent()) {
                    return decision.get();
                }
            }
            return field == null ? node.asString() : Words.recorded(field, node.asString(), stageLabels);
        }
        List<String> parts = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(item -> parts.add(item.isObject() ? "(" + words(item, null, ", ") + ")"
                    : words(item, field, ", ")));
            return String.join(", ", parts);
        }
        node.properties().forEach(p -> {
            JsonNode value = p.getValue();
            String said = value.isObject() ? "(" + words(value, null, ", ") + ")"
                    : USER_FIELDS.contains(p.getKey()) && value.isValueNode() && !value.isNull() ? user(value.asString())
                    : words(value, p.getKey(), ", ");
            parts.add(LABELS.getOrDefault(p.getKey(), Timeline.fieldWords(p.getKey())) + ": " + said);
        });
        return String.join(between, parts);
    }
}

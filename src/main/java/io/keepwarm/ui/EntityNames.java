package io.keepwarm.ui;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.contact.Contacts;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.delivery.Delivery;
import io.keepwarm.handoff.Territories;
import io.keepwarm.handoff.Territory;
import io.keepwarm.identity.ApiKeys;
import io.keepwarm.identity.Users;
import io.keepwarm.program.Programs;
import io.keepwarm.scoring.ScoringRules;
import io.keepwarm.segment.Lists;
import io.keepwarm.segment.Segments;
import io.keepwarm.trigger.Triggers;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * What audit entries are about (and the programs and triggers that acted), as a person knows it: a contact, a program, a trigger, a piece of content, a segment,
 * a list, a territory, a scoring or fit rule, an API key, an import, an outbox message or a user by its name, with a link to its page; one
 * deleted since in words, by the name the log recorded of it ("the deleted segment 'Engaged'", "a contact since
 * deleted"). Other kinds, and ids that are no number, are said as recorded. A page's entities are read a kind at a
 * time: one read of the kind's names for all its ids, and one of the log for those gone.
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

    /** One entity as an entry records it: its kind ("segment") and id ("7"). */
    record Ref(String type, String id) {}

    /**
     * A contact no page finds any more (erased, or merged into another), as every page says one: what the log recorded
     * of them is personal data, redacted, so they are said as gone, never by their id.
     */
    static final String GONE_CONTACT = "a contact since deleted";

    /** Entities the log keeps no id of but a fixed name: a setting of the account, a job. */
    private static final Map<String, String> FIXED = Map.of(
            "pressure-policy:account", "pressure policy",
            "account:settings", "account settings",
            "handoff:settings", "hand-off settings",
            "scoring:settings", "scoring settings",
            "lifecycle:rules", "lifecycle rules",
            "lifecycle:job", "the lifecycle job");

    private final Contacts contacts;
    private final Programs programs;
    private final Triggers triggers;
    private final ContentLibrary content;
    private final Segments segments;
    private final Lists lists;
    private final Territories territories;
    private final ScoringRules scoring;
    private final ApiKeys apiKeys;
    private final Users users;
    private final AuditLog audit;
    private final io.keepwarm.contact.SuppressionList suppressions;
    private final Delivery delivery;

    EntityNames(Contacts contacts, Programs programs, Triggers triggers, ContentLibrary content, Segments segments,
            Lists lists, Territories territories, ScoringRules scoring, ApiKeys apiKeys, Users users, AuditLog audit,
            io.keepwarm.contact.SuppressionList suppressions, Delivery delivery) {
        this.delivery = delivery;
        this.suppressions = suppressions;
        this.contacts = contacts;
        this.programs = programs;
        this.triggers = triggers;
        this.content = content;
        this.segments = segments;
        this.lists = lists;
        this.territories = territories;
        this.scoring = scoring;
        this.apiKeys = apiKeys;
        this.users = users;
        this.audit = audit;
    }

    /** Each of these entities as the page says it, a kind's all read at once. */
    Map<Ref, Named> named(Collection<Ref> refs) {
        Map<Ref, Named> named = new HashMap<>();
        Map<String, Set<Long>> byKind = new LinkedHashMap<>();
        for (Ref ref : refs) {
            if (ref.id() != null && ref.id().matches("\\d{1,18}")) {
                byKind.computeIfAbsent(ref.type(), kind -> new LinkedHashSet<>()).add(Long.parseLong(ref.id()));
            } else {
                named.put(ref, unnumbered(ref));
            }
        }
        byKind.forEach((type, ids) -> kind(type, ids).forEach((id, said) -> named.put(new Ref(type, id), said)));
        return named;
    }

    /** One kind's entities by id: those that exist by name and page, those gone by what the log recorded of them. */
    private Map<String, Named> kind(String type, Set<Long> ids) {
        String kind = Words.logged(type);
        return switch (type) {
            case "contact" -> {
                Map<Long, io.keepwarm.contact.Contact> found = contacts.getAll(ids);
                // what the log recorded of an erased contact is personal data, redacted: it is said as gone
                yield each(ids, id -> found.containsKey(id)
                        ? unquoted(kind, found.get(id).name(), "/ui/contacts/" + id)
                        : new Named(GONE_CONTACT, null));
            }
            case "user" -> {
                var byId = users.list().stream().collect(Collectors.toMap(u -> u.id(), Function.identity()));
                Map<String, JsonNode> gone = recorded(type, ids, byId.keySet());
                yield each(ids, id -> byId.containsKey(id)
                        ? unquoted(kind, byId.get(id).shownName(), "/ui/settings/users#user-" + id + "-name")
                        : new Named(ActorNames.deletedSaid(kind, ActorNames.keptName(gone.get(String.valueOf(id)))),
                                null));
            }
            case "program" -> byName(type, kind, ids, programs.names(ids), "/ui/programs/");
            case "trigger" -> byName(type, kind, ids, triggers.names(ids), "/ui/triggers/");
            case "content" -> byName(type, kind, ids, content.names(ids), "/ui/content/");
            case "segment" -> byName(type, kind, ids, segments.names(ids), "/ui/segments/");
            case "list" -> byName(type, kind, ids, lists.names(ids), "/ui/lists/");
            case "scoring_rule" -> byName(type, kind, ids, scoring.behaviourRules().stream()
                    .collect(Collectors.toMap(r -> r.id(), r -> r.name())), "/ui/scoring/rules/");
            case "fit_rule" -> byName(type, kind, ids, scoring.fitRules().stream()
                    .collect(Collectors.toMap(r -> r.id(), r -> r.name())), "/ui/scoring/fit-rules/");
            case "import" -> importsOf(ids);
            case "api_key" -> keys(ids);
            case "territory" -> territoriesOf(ids);
            case "suppression" -> suppressionsOf(ids);
            case "outbox_message" -> messagesOf(ids);
            default -> each(ids, id -> new Named(kind + " " + id, null));
        };
    }

    /**
     * Those that exist by their names (quoted, as names someone gave them: the actor column says "program 'Welcome'")
     * and pages; those deleted by the name the log last recorded of them.
     */
    private Map<String, Named> byName(String type, String kind, Set<Long> ids, Map<Long, String> names, String page) {
        Map<String, JsonNode> gone = recorded(type, ids, names.keySet());
        return each(ids, id -> names.containsKey(id)
                ? new Named(kind + " '" + names.get(id) + "'", "'" + names.get(id) + "'", page + id)
                : new Named(ActorNames.deletedSaid(kind, name(gone.get(String.valueOf(id)), "name")), null));
    }

    /** An import by the file it read, as the import list names it, which keeps every import. */
    private Map<String, Named> importsOf(Set<Long> ids) {
        Map<String, JsonNode> recorded = recorded("import", ids, Set.of());
        return each(ids, id -> {
            String file = name(recorded.get(String.valueOf(id)), "fileName");
            return new Named(file == null ? "an import" : "the import of '" + file + "'", "/ui/imports/" + id);
        });
    }

    /** A key by its name; one revoked since by the name it had, without a link (the settings list only live keys). */
    private Map<String, Named> keys(Set<Long> ids) {
        Map<Long, ApiKeys.ApiKey> live = apiKeys.list().stream().filter(k -> k.revokedAt() == null)
                .collect(Collectors.toMap(ApiKeys.ApiKey::id, Function.identity()));
        Map<String, JsonNode> gone = recorded("api_key", ids, live.keySet());
        return each(ids, id -> {
            if (live.containsKey(id)) {
                return new Named("API key '" + live.get(id).name() + "'", "/ui/settings#key-" + id);
            }
            String had = name(gone.get(String.valueOf(id)), "name");
            return new Named(had == null ? "an API key since revoked" : "the revoked API key '" + had + "'", null);
        });
    }

    /** A territory by what it covers ("'DE, Manufacturing'"); one removed since by what it covered. */
    private Map<String, Named> territoriesOf(Set<Long> ids) {
        Map<Long, Territory> kept = territories.list().stream()
                .collect(Collectors.toMap(Territory::id, Function.identity()));
        Map<String, JsonNode> gone = recorded("territory", ids, kept.keySet());
        return each(ids, id -> {
            Territory t = kept.get(id);
            if (t != null) {
                // its own row, where the reader lands, not the top of a table of many
                return new Named("territory '" + covers(t.region(), t.industry()) + "'",
                        "/ui/settings/handoffs#territory-" + id);
            }
            JsonNode had = gone.get(String.valueOf(id));
            String covered = had == null ? "" : covers(name(had, "region"), name(had, "industry"));
            return new Named(covered.isEmpty() ? "a territory since removed" : "the removed territory '" + covered + "'",
                    null);
        });
    }

    /**
     * A suppression list entry by its address, on its row of the settings page; an erased person's by nothing of them,
     * and one lifted since without a link (it is no longer listed).
     */
    private Map<String, Named> suppressionsOf(Set<Long> ids) {
        return each(ids, id -> {
            try {
                var entry = suppressions.get(id);
                String link = "/ui/settings/suppressions#suppression-" + id;
                return entry.liftable() && entry.email() != null
                        ? new Named("the suppression list's entry for " + entry.email(), link)
                        : new Named("an erased person's entry", link);
            } catch (io.keepwarm.platform.NotFoundException lifted) {
                return new Named("a suppression list entry since lifted", null);
            }
        });
    }

    /**
     * An outbox message by its subject, on its own page (its recipient, status and body); one since deleted (its
     * contact erased) as gone, as the log keeps nothing of it.
     */
    private Map<String, Named> messagesOf(Set<Long> ids) {
        Map<Long, String> subjects = delivery.subjects(ids);
        return each(ids, id -> subjects.containsKey(id)
                ? new Named("outbox message '" + subjects.get(id) + "'", "'" + subjects.get(id) + "'", "/ui/outbox/" + id)
                : new Named("an outbox message since deleted", null));
    }

    private static String covers(String region, String industry) {
        return Stream.of(region, industry).filter(s -> s != null && !s.isBlank()).collect(Collectors.joining(", "));
    }

    /** What the log recorded of those of these ids that no longer exist: one read for them all. */
    private Map<String, JsonNode> recorded(String type, Set<Long> ids, Set<Long> existing) {
        List<String> gone = ids.stream().filter(id -> !existing.contains(id)).map(String::valueOf).toList();
        return audit.recordedOf(type, gone);
    }

    private static String name(JsonNode recorded, String field) {
        return recorded != null && recorded.path(field).isString() ? recorded.path(field).asString() : null;
    }

    private static Named unquoted(String kind, String name, String href) {
        return new Named(kind + " " + name, name, href);
    }

    private static Map<String, Named> each(Set<Long> ids, java.util.function.LongFunction<Named> named) {
        Map<String, Named> each = new HashMap<>();
        ids.forEach(id -> each.put(String.valueOf(id), named.apply(id)));
        return each;
    }

    /** A kind alone when the entry names no id; an account's setting or a job by what it is; else as recorded. */
    private static Named unnumbered(Ref ref) {
        String kind = Words.logged(ref.type());
        if (ref.id() == null) {
            return new Named(kind, null);
        }
        String fixed = FIXED.get(ref.type() + ":" + ref.id());
        if (fixed != null) {
            return new Named(fixed, null);
        }
        if (ref.type().equals("attribute")) {
            return new Named("attribute '" + ref.id() + "'", "'" + ref.id() + "'", "/ui/settings/attributes");
        }
        return new Named(kind + " " + ref.id(), null);
    }
}

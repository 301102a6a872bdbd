package io.keepwarm.contact;

import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.Timestamps;
import io.keepwarm.audit.AuditLog;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import io.keepwarm.platform.NotFoundException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import io.keepwarm.contact.importing.ColumnMapping;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** The custom attributes an account defines for its contacts. */
@Service
public class Attributes {

    /** The member of a refusal for a label already taken that names the attribute holding it. */
    public static final String SAME_LABEL_AS = "sameLabelAs";

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;
    private final ObjectProvider<AttributeUsers> users;
    private final ObjectProvider<BuiltInFieldNames> fieldNames;
    private final TransactionTemplate savepoint;

    Attributes(JdbcClient jdbc, AuditLog audit, Clock clock, ObjectProvider<AttributeUsers> users,
            ObjectProvider<BuiltInFieldNames> fieldNames, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.users = users;
        this.fieldNames = fieldNames;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    public List<AttributeDefinition> list() {
        return after("", Integer.MAX_VALUE);
    }

    /** The attribute definitions in the order of their keys, a page at a time. */
    public Page<AttributeDefinition> page(String cursor, int limit) {
        return Page.ofKeys(after(Cursor.decodeKey(cursor), limit + 1), limit, AttributeDefinition::key);
    }

    private List<AttributeDefinition> after(String key, int limit) {
        return jdbc.sql("""
                        SELECT attr_key, label, attr_type, options, built_in FROM attribute_definitions
                         WHERE attr_key > ? ORDER BY attr_key FETCH FIRST ? ROWS ONLY""")
                .params(key, limit)
                .query((rs, n) -> new AttributeDefinition(rs.getString(1), rs.getString(2),
                        AttributeType.valueOf(rs.getString(3)),
                        rs.getString(4) == null ? List.of() : Arrays.asList(rs.getString(4).split("\n")),
                        rs.getBoolean(5)))
                .list();
    }

    /** One attribute definition by its key. */
    public AttributeDefinition get(String key) {
        return list().stream().filter(d -> d.key().equals(key)).findFirst()
                .orElseThrow(() -> NotFoundException.of("Attribute", key));
    }

    /** What names the attribute (rules, date triggers, "set attribute" steps and actions), in words. */
    public List<String> usedBy(String key) {
        return users.orderedStream().flatMap(u -> u.usingAttribute(key).stream()).toList();
    }

    /**
     * Defines an attribute. Every mistake of it is named at once, each at its field; a key or label another attribute
     * has is a conflict on its own, but beside other mistakes it is one more to fix in the same refusal, as programs,
     * triggers and segments answer a taken name.
     */
    @Transactional
    public AttributeDefinition define(AttributeDefinition definition) {
        List<FieldError> mistakes = mistakes(definition);
        if (!mistakes.isEmpty()) {
            List<FieldError> all = problems(definition, mistakes);
            throw new InvalidInputException("The attribute is not valid: " + all.getFirst().field() + " "
                    + all.getFirst().message(), all);
        }
        String label = definition.label().strip();
        List<String> options = options(definition);
        refuseTaken(definition.key(), label);
        try {
            savepoint.executeWithoutResult(status -> jdbc.sql("""
                    INSERT INTO attribute_definitions (attr_key, label, attr_type, options, built_in, created_at)
                    VALUES (?, ?, ?, ?, FALSE, ?)""")
                    .params(definition.key(), label, definition.type().name(),
                            options.isEmpty() ? null : String.join("\n", options), Timestamps.now(clock))
                    .update());
        } catch (DuplicateKeyException e) {
            // Another request defined the key or the label after this one looked: answered as if it had come first.
            refuseTaken(definition.key(), label);
            throw e;
        }
        audit.record("ATTRIBUTE_DEFINED", "attribute", definition.key(),
                Map.of("type", definition.type(), "options", options));
        return new AttributeDefinition(definition.key(), label, definition.type(), options, false);
    }

    /**
     * Every mistake defining this attribute would meet, each at its field (key, label, type, options), a key or label
     * another attribute has among them, and nothing saved. Empty when it would be defined.
     */
    public List<FieldError> problems(AttributeDefinition definition) {
        return problems(definition, mistakes(definition));
    }

    /** The {@code mistakes} with a key or label another attribute has, each where that field's mistake would stand. */
    private List<FieldError> problems(AttributeDefinition definition, List<FieldError> mistakes) {
        List<FieldError> taken = taken(definition.key(), definition.label() == null ? null : definition.label().strip());
        List<FieldError> problems = new ArrayList<>();
        for (String field : List.of("key", "label", "type", "options")) {
            List<FieldError> own = mistakes.stream().filter(mistake -> mistake.field().equals(field)).toList();
            problems.addAll(own.isEmpty() ? taken.stream().filter(clash -> clash.field().equals(field)).toList() : own);
        }
        return problems;
    }

    /** The attribute's own mistakes, each at its field, in the form's order; a key or label taken is not one. */
    private List<FieldError> mistakes(AttributeDefinition definition) {
        List<FieldError> mistakes = new ArrayList<>();
        String key = definition.key();
        if (key == null || !key.matches("[a-z][a-z0-9_]{0,59}")) {
            mistakes.add(new FieldError("key", "must start with a letter and hold only a-z, 0-9 and _ (at most 60)"));
        } else if (meansSomethingInRules(key)) {
            mistakes.add(new FieldError("key", "'" + key + "' already means something in segment rules;"
                    + " choose another key, e.g. '" + key + "_2' or a more specific name"));
        }
        if (definition.label() == null || definition.label().isBlank() || definition.label().length() > 100) {
            mistakes.add(new FieldError("label", "is required: the name people read, at most 100 characters"));
        } else {
            String label = definition.label().strip();
            builtInField(label).ifPresent(field -> mistakes.add(new FieldError("label", "'" + label
                    + "' is the name of the built-in field " + field + ": segment rules, an import's columns and"
                    + " templates could not tell an attribute so labelled from it; choose another label")));
        }
        if (definition.type() == null) {
            mistakes.add(new FieldError("type", "is required: TEXT, NUMBER, DATE, BOOLEAN or ONE_OF"));
        }
        List<String> options = options(definition);
        if (definition.type() == AttributeType.ONE_OF && options.isEmpty()) {
            mistakes.add(new FieldError("options", "a ONE_OF attribute needs at least one option"));
        } else if (definition.type() != null && definition.type() != AttributeType.ONE_OF && !options.isEmpty()) {
            mistakes.add(new FieldError("options", "only ONE_OF attributes have options"));
        } else if (options.stream().anyMatch(o -> o.contains("\n") || o.length() > 100)) {
            mistakes.add(new FieldError("options", "each option is one line of at most 100 characters"));
        }
        return mistakes;
    }

    private static List<String> options(AttributeDefinition definition) {
        return definition.options().stream().map(String::strip).filter(o -> !o.isEmpty()).distinct().toList();
    }

    /** A key another attribute has and a label another has (case aside), each at its field. */
    private List<FieldError> taken(String key, String label) {
        List<AttributeDefinition> defined = list();
        List<FieldError> taken = new ArrayList<>();
        if (key != null && defined.stream().anyMatch(d -> d.key().equals(key))) {
            taken.add(new FieldError("key", "An attribute '" + key + "' already exists"));
        }
        // Lists such as the segment builder's show attributes by label: two alike could not be told apart there.
        if (label != null) {
            defined.stream().filter(d -> d.label().strip().equalsIgnoreCase(label)).findFirst().ifPresent(same ->
                    taken.add(new FieldError("label", sameLabel(same))));
        }
        return taken;
    }

    private static String sameLabel(AttributeDefinition same) {
        return "An attribute labelled '" + same.label() + "' already exists ('" + same.key()
                + "'); give this one another label";
    }

    /**
     * A conflict when the key or the label is another attribute's, naming both when both are: fixing one should not
     * meet the other next. The attribute holding the label is a member of it ({@link #SAME_LABEL_AS}).
     */
    private void refuseTaken(String key, String label) {
        List<FieldError> taken = taken(key, label);
        if (taken.isEmpty()) {
            return;
        }
        Map<String, Object> facts = list().stream().filter(d -> d.label().strip().equalsIgnoreCase(label)).findFirst()
                .<Map<String, Object>>map(same -> Map.of(SAME_LABEL_AS, same.key())).orElse(Map.of());
        throw new ConflictException(taken.stream().map(FieldError::message)
                .collect(java.util.stream.Collectors.joining("; ")), facts);
    }

    /**
     * Whether segment rules give the key a meaning of their own, a field's ({@code country}, {@code consent} of
     * {@code consent.email}) or a word's ({@code within}, {@code opened}): an attribute with it could never be named in a
     * rule. Only a rule's names of fields count here; the builder's labels ("First name") are never keys.
     */
    private boolean meansSomethingInRules(String key) {
        return fieldNames.orderedStream().anyMatch(names -> names.ruleWords().contains(key)
                || names.builtInFieldNames().keySet().stream().anyMatch(name -> name.split("\\.")[0].equals(key)));
    }

    /**
     * The built-in field a label names, as people read it, spelling aside ("E-mail", "first_name"): the import's
     * columns, segment rules and their builder each have their names for the contact's own fields.
     */
    private Optional<String> builtInField(String label) {
        String wanted = ColumnMapping.normalize(label);
        return Stream.concat(Stream.of(ColumnMapping.fieldNames()),
                        fieldNames.orderedStream().map(BuiltInFieldNames::builtInFieldNames))
                .flatMap(names -> names.entrySet().stream())
                .filter(name -> ColumnMapping.normalize(name.getKey()).equals(wanted))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    /** How many contacts hold a value for the attribute; while any do, it is not removed. */
    public long valuesHeld(String key) {
        return jdbc.sql("SELECT COUNT(*) FROM contact_attributes WHERE attr_key = ?").param(key).query(Long.class).single();
    }

    @Transactional
    public void remove(String key) {
        AttributeDefinition definition = get(key);
        if (definition.builtIn()) {
            throw new ConflictException("'" + key + "' is built in and cannot be removed");
        }
        List<String> using = usedBy(key);
        if (!using.isEmpty()) {
            throw new ConflictException("'" + key + "' is named by " + String.join(", ", using) + "; change those first",
                    Map.of("usedBy", using));
        }
        long inUse = valuesHeld(key);
        if (inUse > 0) {
            throw new ConflictException("'" + key + "' still holds values on " + inUse + " contacts; clear them first");
        }
        jdbc.sql("DELETE FROM attribute_definitions WHERE attr_key = ?").param(key).update();
        audit.record("ATTRIBUTE_REMOVED", "attribute", key, Map.of());
    }
}

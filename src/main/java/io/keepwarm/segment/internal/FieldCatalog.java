package io.keepwarm.segment.internal;

import io.keepwarm.contact.AttributeDefinition;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.ContactSource;
import io.keepwarm.contact.Validity;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.platform.Languages;
import io.keepwarm.segment.internal.Field.Join;
import io.keepwarm.segment.internal.Field.Kind;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The fields a rule may name: the contact's own, its company's, funnel and score, consent, custom attributes. */
final class FieldCatalog {

    private static final Map<String, Field> BUILT_IN = builtIn();

    private final Map<String, Field> attributes = new LinkedHashMap<>();

    FieldCatalog(List<AttributeDefinition> definitions) {
        for (AttributeDefinition d : definitions) {
            attributes.put(d.key(), attribute(d));
        }
    }

    Optional<Field> find(String name) {
        Field field = BUILT_IN.get(name);
        return Optional.ofNullable(field != null ? field : attributes.get(name));
    }

    /** Every field, built-in first, then the account's attributes in their order. */
    List<Field> all() {
        List<Field> all = new java.util.ArrayList<>(BUILT_IN.values());
        all.addAll(attributes.values());
        return all;
    }

    /** The names a person may use, for the message that answers an unknown one. */
    String names() {
        return String.join(", ", BUILT_IN.keySet()) + (attributes.isEmpty() ? "" : ", " + String.join(", ", attributes.keySet()));
    }

    private static Map<String, Field> builtIn() {
        Map<String, Field> f = new LinkedHashMap<>();
        for (String column : List.of("email", "first_name", "last_name", "phone", "title", "country", "region", "city",
                "time_zone")) {
            f.put(column, Field.of(column, column.equals("region") ? Kind.REGION : Kind.TEXT, "c." + column));
        }
        // The contact's own language (V115; V116 moved an attribute of that key aside), not the one they read.
        f.put("language", new Field("language", Kind.LANGUAGE, "c.language", null, Languages.codes(), null));
        f.put("company", Field.joined("company", Kind.TEXT, "co.name", Join.COMPANY));
        f.put("company_domain", Field.joined("company_domain", Kind.TEXT, "co.domain", Join.COMPANY));
        f.put("industry", Field.joined("industry", Kind.TEXT, "co.industry", Join.COMPANY));
        f.put("company_size", Field.joined("company_size", Kind.TEXT, "co.size", Join.COMPANY));
        f.put("source", Field.choice("source", "c.source", null, names(ContactSource.values())));
        f.put("validity", Field.choice("validity", "c.validity", null, names(Validity.values())));
        f.put("preferred_channel", Field.choice("preferred_channel", "c.preferred_channel", null, names(Channel.values())));
        f.put("owner", Field.of("owner", Kind.NUMBER, "c.owner_id"));
        f.put("created_at", Field.of("created_at", Kind.TIMESTAMP, "c.created_at"));
        f.put("updated_at", Field.of("updated_at", Kind.TIMESTAMP, "c.updated_at"));
        f.put("stage", new Field("stage", Kind.STAGE, "s.stage", null, names(Stage.values()), null));
        f.put("time_in_stage", Field.joined("time_in_stage", Kind.DURATION, "COALESCE(st.entered_at, c.created_at)", Join.STAGE));
        f.put("score", Field.joined("score", Kind.NUMBER, "COALESCE(sc.score, 0)", Join.SCORE));
        f.put("grade", Field.joined("grade", Kind.GRADE, "sc.grade", Join.SCORE));
        f.put("tag", Field.of("tag", Kind.TAG, "t.tag"));
        for (Channel channel : Channel.values()) {
            String name = channel.name().toLowerCase(java.util.Locale.ROOT);
            f.put("consent." + name, new Field("consent." + name, Kind.CONSENT, channel.name(), null,
                    names(ConsentState.values()), null));
            f.put("do_not_contact." + name, Field.of("do_not_contact." + name, Kind.BOOLEAN, "c.dnc_" + name));
        }
        return f;
    }

    private static Field attribute(AttributeDefinition d) {
        return switch (d.type()) {
            case TEXT -> new Field(d.key(), Kind.TEXT, "a.value_text", null, null, d.key());
            case NUMBER -> new Field(d.key(), Kind.NUMBER, "a.value_number", null, null, d.key());
            case DATE -> new Field(d.key(), Kind.DATE, "a.value_date", null, null, d.key());
            case BOOLEAN -> new Field(d.key(), Kind.BOOLEAN, "a.value_boolean", null, null, d.key());
            case ONE_OF -> new Field(d.key(), Kind.CHOICE, "a.value_text", null, d.options(), d.key());
        };
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}

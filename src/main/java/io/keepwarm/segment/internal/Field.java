package io.keepwarm.segment.internal;

import java.util.List;

/**
 * A name a rule may compare, and where its value lives. Only names from this catalogue ever reach SQL, and
 * then only as the fixed column text written here, never as the user typed them.
 *
 * @param column the SQL expression of the value (for attributes, the typed column of contact_attributes)
 * @param join the table the column needs besides contacts, or null
 * @param choices the allowed values of a CHOICE field, upper-case unless {@code caseSensitiveChoices}
 * @param attributeKey the custom attribute's key, or null for a built-in field
 */
record Field(String name, Kind kind, String column, Join join, List<String> choices, String attributeKey) {

    /**
     * REGION is text compared as territories compare regions ({@link RegionValue}); contains and starts with read the
     * text. LANGUAGE is an ISO 639-1 code, compared whole ("DE" is "de"); empty is a contact who reads the account's
     * default language.
     */
    enum Kind { TEXT, REGION, NUMBER, DATE, TIMESTAMP, BOOLEAN, CHOICE, STAGE, GRADE, DURATION, TAG, CONSENT, ANNIVERSARY,
        LANGUAGE }

    /** Tables a field reads beyond contacts, joined once per query when a rule uses them. */
    enum Join {
        COMPANY("LEFT JOIN companies co ON co.id = c.company_id"),
        STAGE("LEFT JOIN contact_stages st ON st.contact_id = c.id"),
        SCORE("LEFT JOIN contact_scores sc ON sc.contact_id = c.id");

        final String sql;

        Join(String sql) {
            this.sql = sql;
        }
    }

    Field {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    static Field of(String name, Kind kind, String column) {
        return new Field(name, kind, column, null, null, null);
    }

    static Field joined(String name, Kind kind, String column, Join join) {
        return new Field(name, kind, column, join, null, null);
    }

    static Field choice(String name, String column, Join join, List<String> choices) {
        return new Field(name, Kind.CHOICE, column, join, choices, null);
    }

    boolean isAttribute() {
        return attributeKey != null;
    }

    /** The searched columns whose folded text the database keeps beside them (V124). */
    private static final java.util.Map<String, String> FOLDED = java.util.Map.of("c.email", "c.email_folded",
            "c.first_name", "c.first_name_folded", "c.last_name", "c.last_name_folded", "c.title", "c.title_folded",
            "co.name", "co.name_folded");

    /**
     * The value as "contains" and "starts with" compare it (Folding): the column the database keeps folded where
     * there is one, else the column folded in the query.
     */
    String folded() {
        return FOLDED.getOrDefault(column, io.keepwarm.platform.Folding.sql(column));
    }
}

package io.keepwarm.contact.internal;

import io.keepwarm.platform.CountryZones;
import io.keepwarm.platform.Database;
import io.keepwarm.contact.ContactSource;
import io.keepwarm.contact.Validity;
import io.keepwarm.platform.Timestamps;
import io.keepwarm.platform.Zones;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Inserts contacts for addresses believed new and says which of them this transaction created; an address
 * another transaction created first is left out, and the caller treats it as an update.
 *
 * <p>On PostgreSQL one {@code INSERT ... SELECT FROM unnest(...) ON CONFLICT DO NOTHING RETURNING} per batch
 * inserts and answers at once, so an import of new people never looks addresses up (pgjdbc cannot rewrite a
 * batch that asks for generated keys, issue 3683, hence arrays). H2 takes a plain batch insert and a read-back.
 */
@Component
class NewContacts {

    private static final String[] COLUMNS = {"email", "first_name", "last_name", "phone", "title", "company_id",
        "country", "region", "region_key", "city", "time_zone", "source", "owner_id", "validity", "preferred_channel",
        "language"};

    private static final String INSERT = """
            INSERT INTO contacts (email, first_name, last_name, phone, title, company_id, country, region, region_key,
                city, time_zone, source, owner_id, validity, preferred_channel, language, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING""";

    private static final String INSERT_UNNEST = """
            INSERT INTO contacts (email, first_name, last_name, phone, title, company_id, country, region, region_key,
                city, time_zone, source, owner_id, validity, preferred_channel, language, created_at, updated_at)
            SELECT u.*, ?, ? FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[],
                ?::bigint[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[],
                ?::bigint[], ?::varchar[], ?::varchar[], ?::varchar[]) AS u
            ON CONFLICT DO NOTHING
            RETURNING id, email""";

    private final JdbcTemplate template;
    private final JdbcClient jdbc;
    private final boolean postgres;
    private final Zones zones;

    NewContacts(JdbcTemplate template, JdbcClient jdbc, Database database, Zones zones) {
        this.template = template;
        this.jdbc = jdbc;
        this.postgres = database.postgres();
        this.zones = zones;
    }

    /** Whether {@link #insert} is cheap for addresses that exist, so callers may skip looking them up first. */
    boolean insertsFirst() {
        return postgres;
    }

    /** The values of one new contact, in the order of {@link #COLUMNS}. */
    private Object[] values(ValidContact in, Long companyId, ContactSource defaultSource, String accountZone) {
        return new Object[] {in.email(), in.firstName(), in.lastName(), in.phone(), in.title(), companyId,
            in.country(), in.region(), in.regionKey(), in.city(), in.timeZone() != null ? in.timeZone()
                : CountryZones.zoneFor(in.country(), in.region(), accountZone),
            (in.source() == null ? defaultSource : in.source()).name(), in.ownerId(),
            (in.validity() == null ? Validity.VALID : in.validity()).name(),
            in.preferredChannel() == null ? null : in.preferredChannel().name(), in.language()};
    }

    /**
     * Inserts the contacts, in the given order (callers sort by address, so two writers lock alike).
     *
     * @return the id of each contact this call created, by address
     */
    Map<String, Long> insert(List<ValidContact> contacts, Function<ValidContact, Long> companyId,
            ContactSource defaultSource, Instant now) {
        if (contacts.isEmpty()) {
            return Map.of();
        }
        OffsetDateTime at = Timestamps.of(now);
        // Read once per batch: an admin may change the account's zone while Keepwarm runs.
        String accountZone = zones.accountZone().getId();
        return postgres ? insertReturning(contacts, companyId, defaultSource, at, accountZone)
                : insertThenRead(contacts, companyId, defaultSource, at, accountZone);
    }

    private Map<String, Long> insertReturning(List<ValidContact> contacts, Function<ValidContact, Long> companyId,
            ContactSource defaultSource, OffsetDateTime at, String accountZone) {
        Object[][] columns = new Object[COLUMNS.length][contacts.size()];
        for (int row = 0; row < contacts.size(); row++) {
            ValidContact in = contacts.get(row);
            Object[] values = values(in, companyId.apply(in), defaultSource, accountZone);
            for (int column = 0; column < COLUMNS.length; column++) {
                columns[column][row] = values[column];
            }
        }
        Map<String, Long> created = new HashMap<>();
        template.query((Connection c) -> {
            PreparedStatement ps = c.prepareStatement(INSERT_UNNEST);
            ps.setObject(1, at);
            ps.setObject(2, at);
            for (int column = 0; column < COLUMNS.length; column++) {
                ps.setObject(column + 3, arrayLiteral(columns[column]), Types.OTHER);
            }
            return ps;
        }, rs -> {
            created.put(rs.getString(2), rs.getLong(1));
        });
        return created;
    }

    /**
     * The values as a PostgreSQL array literal, every element quoted (so an empty text, a comma or the text NULL
     * stay what they are) and null as NULL. pgjdbc's {@code createArrayOf} escapes a character at a time, which was
     * the import's largest cost in the JVM; this copies whole texts, and the runs between the rare quotes and
     * backslashes.
     */
    static String arrayLiteral(Object[] values) {
        StringBuilder out = new StringBuilder(values.length * 24 + 2).append('{');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            if (values[i] == null) {
                out.append("NULL");
                continue;
            }
            String value = values[i].toString();
            out.append('"');
            if (value.indexOf('"') < 0 && value.indexOf('\\') < 0) {
                out.append(value).append('"');
                continue;
            }
            int copied = 0;
            for (int at = 0; at < value.length(); at++) {
                char c = value.charAt(at);
                if (c == '"' || c == '\\') {
                    out.append(value, copied, at).append('\\');
                    copied = at;
                }
            }
            out.append(value, copied, value.length()).append('"');
        }
        return out.append('}').toString();
    }

    /**
     * The portable way: a batch insert, then a read-back. A row whose stored facts differ from what was sent
     * was created by another transaction first, so it is not counted as created here.
     */
    private Map<String, Long> insertThenRead(List<ValidContact> contacts, Function<ValidContact, Long> companyId,
            ContactSource defaultSource, OffsetDateTime at, String accountZone) {
        template.batchUpdate(INSERT, contacts, 1000, (ps, in) -> {
            Object[] values = values(in, companyId.apply(in), defaultSource, accountZone);
            for (int column = 0; column < values.length; column++) {
                ps.setObject(column + 1, values[column]);
            }
            ps.setObject(values.length + 1, at);
            ps.setObject(values.length + 2, at);
        });
        Map<String, ValidContact> sent = new HashMap<>();
        contacts.forEach(in -> sent.put(in.email(), in));
        Map<String, Long> created = new HashMap<>();
        jdbc.sql("SELECT " + ContactRow.COLUMNS + " FROM contacts WHERE email IN (:emails)")
                .param("emails", sent.keySet())
                .query(ContactRow.MAPPER)
                .list().stream()
                .forEach(row -> {
                    ValidContact in = sent.get(row.email());
                    if (row.overlay(in, companyId.apply(in)).sameFacts(row)) {
                        created.put(row.email(), row.id());
                    }
                });
        return created;
    }
}

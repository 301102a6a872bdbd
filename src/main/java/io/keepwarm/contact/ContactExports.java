package io.keepwarm.contact;

import io.keepwarm.contact.internal.ContactRow;
import io.keepwarm.contact.internal.ContactViews;
import io.keepwarm.contact.internal.CsvCells;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Exports every contact as CSV, a page at a time, in columns the importer reads back, and beside them what a marketer
 * exports contacts for but the importer leaves alone (email consent, do-not-contact, and the other modules'
 * {@link ContactExportColumns}: stage, score, grade). Every cell is made safe against formula injection: a
 * spreadsheet shows it as text and never runs it.
 */
@Service
public class ContactExports {

    private static final int PAGE = 1_000;

    private final JdbcClient jdbc;
    private final ContactViews views;
    private final Attributes attributes;
    private final Users users;
    private final ObjectProvider<ContactExportColumns> moreColumns;

    ContactExports(JdbcClient jdbc, ContactViews views, Attributes attributes, Users users,
            ObjectProvider<ContactExportColumns> moreColumns) {
        this.jdbc = jdbc;
        this.views = views;
        this.attributes = attributes;
        this.users = users;
        this.moreColumns = moreColumns;
    }

    public void writeCsv(OutputStream out) throws IOException {
        writeCsv(out, null);
    }

    /** The ids of the contacts to export, a page at a time in id order, after an id: a list's filter. */
    @FunctionalInterface
    public interface Chosen {
        List<Long> after(long afterId, int limit);
    }

    /** The contacts {@code chosen} names (every contact if null) as CSV, in the columns of {@link #writeCsv(OutputStream)}. */
    public void writeCsv(OutputStream out, Chosen chosen) throws IOException {
        List<String> keys = attributes.list().stream().map(AttributeDefinition::key).toList();
        // "email_consent_state", not "email_consent", which the importer would read as consent to record, and then
        // refuse the file for want of a consent source: consent is recorded only with where it was given.
        List<String> header = new ArrayList<>(List.of("id", "email", "first_name", "last_name", "phone", "title",
                "company", "company_domain", "industry", "company_size", "country", "region", "city", "time_zone",
                "source", "owner", "owner_name", "validity", "preferred_channel", "language", "email_consent_state",
                "do_not_contact", "tags", "created_at", "updated_at"));
        List<ContactExportColumns> more = moreColumns.orderedStream().toList();
        more.forEach(columns -> header.addAll(columns.headers()));
        // The owner as a person reads them, and by username, which names one user and the importer reads back.
        Map<Long, User> owners = users.list().stream().collect(Collectors.toMap(User::id, u -> u));
        keys.forEach(key -> header.add("attr:" + key));
        var writer = CsvCells.spreadsheet(out);
        try (CSVPrinter printer = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).get())) {
            long after = 0;
            List<Contact> page;
            boolean another;
            do {
                List<Long> named = chosen == null ? null : chosen.after(after, PAGE);
                List<ContactRow> rows = chosen == null ? jdbc.sql("SELECT " + ContactRow.COLUMNS
                                + " FROM contacts WHERE id > ? ORDER BY id FETCH FIRST " + PAGE + " ROWS ONLY")
                        .param(after)
                        .query(ContactRow.MAPPER)
                        .list() : rowsOf(named);
                page = views.of(rows);
                List<Long> ids = rows.stream().map(ContactRow::id).toList();
                List<Map<Long, List<Object>>> moreCells = more.stream().map(columns -> columns.cells(ids)).toList();
                for (Contact c : page) {
                    List<Object> cells = new ArrayList<>(Arrays.asList(c.id(), safe(c.email()), safe(c.firstName()),
                            safe(c.lastName()), safe(c.phone()), safe(c.title())));
                    var company = c.company();
                    cells.add(company == null ? null : safe(company.name()));
                    cells.add(company == null ? null : safe(company.domain()));
                    cells.add(company == null ? null : safe(company.industry()));
                    cells.add(company == null ? null : safe(company.size()));
                    cells.addAll(Arrays.asList(safe(c.country()), safe(c.region()), safe(c.city()),
                            c.timeZone(), c.source()));
                    User owner = c.ownerId() == null ? null : owners.get(c.ownerId());
                    cells.add(owner == null ? c.ownerId() : safe(owner.username()));
                    cells.add(owner == null ? null : safe(owner.displayName()));
                    cells.addAll(Arrays.asList(c.validity(), c.preferredChannel(), c.language(), c.consent().get(Channel.EMAIL),
                            c.doNotContact().stream().map(Channel::name).collect(Collectors.joining(";")),
                            safe(String.join(";", c.tags())), c.createdAt(), c.updatedAt()));
                    for (int m = 0; m < more.size(); m++) {
                        List<Object> given = moreCells.get(m).get(c.id());
                        cells.addAll(given != null ? given : Collections.nCopies(more.get(m).headers().size(), null));
                    }
                    keys.forEach(key -> cells.add(c.attributes().get(key) == null ? null : safe(String.valueOf(c.attributes().get(key)))));
                    printer.printRecord(cells);
                }
                // A filter's page runs on by the ids it named, whether or not each is still there to read.
                after = named != null ? (named.isEmpty() ? after : named.getLast())
                        : rows.isEmpty() ? after : rows.getLast().id();
                another = named != null ? named.size() == PAGE : page.size() == PAGE;
            } while (another);
        }
    }

    private List<ContactRow> rowsOf(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + ContactRow.COLUMNS + " FROM contacts WHERE id IN (:ids) ORDER BY id")
                .param("ids", ids).query(ContactRow.MAPPER).list();
    }

    private static String safe(String value) {
        return CsvCells.safe(value);
    }
}

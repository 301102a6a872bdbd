package io.keepwarm.contact.internal;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.ContactSource;
import io.keepwarm.contact.Validity;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Turns contact rows into the API's view, loading a page's companies, tags and attributes in one go each. */
@Component
public class ContactViews {

    private final JdbcClient jdbc;
    private final Companies companies;
    private final boolean postgres;

    ContactViews(JdbcClient jdbc, Companies companies, io.keepwarm.platform.Database database) {
        this.jdbc = jdbc;
        this.companies = companies;
        this.postgres = database.postgres();
    }

    /** The current consent per channel of each of these contacts that has any ledger entry. */
    public Map<Long, Map<Channel, ConsentState>> currentConsents(java.util.Collection<Long> ids) {
        return ContactReads.currentConsents(jdbc, ids);
    }

    public Optional<ContactRow> row(long id) {
        return jdbc.sql("SELECT " + ContactRow.COLUMNS + " FROM contacts WHERE id = ?")
                .param(id)
                .query(ContactRow.MAPPER)
                .optional();
    }

    /**
     * The row, locked until the transaction ends, so two concurrent changes cannot overwrite each other. On PostgreSQL
     * the lock is FOR NO KEY UPDATE, which every change of the row and FOR UPDATE wait for, but rows that merely
     * refer to the contact do not (a batch of events, whose foreign keys share the contact's row): with FOR UPDATE, an
     * edit and a batch naming the contact among others could each wait for the other.
     */
    public Optional<ContactRow> rowForUpdate(long id) {
        return jdbc.sql("SELECT " + ContactRow.COLUMNS + " FROM contacts WHERE id = ?"
                        + (postgres ? " FOR NO KEY UPDATE" : " FOR UPDATE"))
                .param(id)
                .query(ContactRow.MAPPER)
                .optional();
    }

    public Optional<Contact> find(long id) {
        return row(id).map(row -> of(List.of(row)).getFirst());
    }

    public List<Contact> of(List<ContactRow> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<Long> ids = rows.stream().map(ContactRow::id).toList();
        var companyRows = companies.byIds(rows.stream().map(ContactRow::companyId).filter(c -> c != null).toList());
        Map<Long, List<String>> tags = new HashMap<>();
        jdbc.sql("SELECT contact_id, tag FROM contact_tags WHERE contact_id IN (:ids) ORDER BY tag")
                .param("ids", ids)
                .query(rs -> {
                    tags.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>()).add(rs.getString(2));
                });
        Map<Long, Map<String, Object>> attributes = new HashMap<>();
        jdbc.sql("""
                SELECT contact_id, attr_key, value_text, value_number, value_date, value_boolean
                FROM contact_attributes WHERE contact_id IN (:ids)""")
                .param("ids", ids)
                .query(rs -> {
                    attributes.computeIfAbsent(rs.getLong(1), id -> new TreeMap<>())
                            .put(rs.getString(2), ContactReads.attributeValue(rs, 3).value());
                });
        Map<Long, Map<Channel, ConsentState>> consents = ContactReads.currentConsents(jdbc, ids);
        return rows.stream().map(row -> {
            var company = row.companyId() == null ? null : companyRows.get(row.companyId());
            Map<Channel, ConsentState> consent = new TreeMap<>();
            for (Channel channel : Channel.values()) {
                consent.put(channel, consents.getOrDefault(row.id(), Map.of()).getOrDefault(channel, ConsentState.UNKNOWN));
            }
            return new Contact(row.id(), row.email(), row.firstName(), row.lastName(), row.phone(), row.title(),
                    company == null ? null : new Contact.Company(company.id(), company.name(), company.domain(),
                            company.industry(), company.size()),
                    row.country(), row.region(), row.city(), row.timeZone(), ContactSource.valueOf(row.source()),
                    row.ownerId(), Validity.valueOf(row.validity()),
                    row.preferredChannel() == null ? null : Channel.valueOf(row.preferredChannel()), row.language(),
                    doNotContact(row), tags.getOrDefault(row.id(), List.of()),
                    attributes.getOrDefault(row.id(), Map.of()), consent, row.createdAt(), row.updatedAt());
        }).toList();
    }

    private static Set<Channel> doNotContact(ContactRow row) {
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        if (row.dncEmail()) {
            channels.add(Channel.EMAIL);
        }
        if (row.dncPhone()) {
            channels.add(Channel.PHONE);
        }
        if (row.dncSms()) {
            channels.add(Channel.SMS);
        }
        return channels;
    }
}

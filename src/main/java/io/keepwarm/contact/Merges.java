package io.keepwarm.contact;

import org.springframework.context.ApplicationEventPublisher;

import io.keepwarm.platform.Timestamps;
import io.keepwarm.audit.AuditLog;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.platform.Regions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Merges a duplicate into the contact that survives, moving everything it had and recording the merge. */
@Service
public class Merges {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Contacts contacts;
    private final AuditLog audit;
    private final Clock clock;

    Merges(JdbcClient jdbc, Contacts contacts, AuditLog audit, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.contacts = contacts;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public Contact merge(long survivorId, long mergedId) {
        if (survivorId == mergedId) {
            throw InvalidInputException.field("mergedId", "must differ from survivorId: a contact cannot merge into itself");
        }
        // Both rows locked first, in id order: an erasure of either waits for the merge, or wins and the merge
        // finds the contact gone, so nothing of an erased person is copied into the survivor.
        List<Long> locked = jdbc.sql("SELECT id FROM contacts WHERE id IN (?, ?) ORDER BY id FOR UPDATE")
                .params(survivorId, mergedId).query(Long.class).list();
        ContactChecks.exists(jdbc, survivorId);
        if (!locked.contains(mergedId)) {
            throw NotFoundException.of("Contact", mergedId);
        }
        Contact merged = contacts.get(mergedId);
        Contact survivor = contacts.get(survivorId);
        // the survivor's place as the statement below leaves it, its region read in the country it ends with
        String regionKey = Regions.key(survivor.country() != null ? survivor.country() : merged.country(),
                survivor.region() != null ? survivor.region() : merged.region());
        // The survivor keeps its own values and takes the duplicate's where it had none; a do-not-contact on
        // either side stays, since a person who said stop once said stop.
        jdbc.sql("""
                UPDATE contacts SET
                    first_name = COALESCE(first_name, (SELECT m.first_name FROM contacts m WHERE m.id = :m)),
                    last_name = COALESCE(last_name, (SELECT m.last_name FROM contacts m WHERE m.id = :m)),
                    phone = COALESCE(phone, (SELECT m.phone FROM contacts m WHERE m.id = :m)),
                    title = COALESCE(title, (SELECT m.title FROM contacts m WHERE m.id = :m)),
                    company_id = COALESCE(company_id, (SELECT m.company_id FROM contacts m WHERE m.id = :m)),
                    country = COALESCE(country, (SELECT m.country FROM contacts m WHERE m.id = :m)),
                    region = COALESCE(region, (SELECT m.region FROM contacts m WHERE m.id = :m)),
                    region_key = :regionKey,
                    city = COALESCE(city, (SELECT m.city FROM contacts m WHERE m.id = :m)),
                    owner_id = COALESCE(owner_id, (SELECT m.owner_id FROM contacts m WHERE m.id = :m)),
                    preferred_channel = COALESCE(preferred_channel, (SELECT m.preferred_channel FROM contacts m WHERE m.id = :m)),
                    language = COALESCE(language, (SELECT m.language FROM contacts m WHERE m.id = :m)),
                    dnc_email = dnc_email OR (SELECT m.dnc_email FROM contacts m WHERE m.id = :m),
                    dnc_phone = dnc_phone OR (SELECT m.dnc_phone FROM contacts m WHERE m.id = :m),
                    dnc_sms = dnc_sms OR (SELECT m.dnc_sms FROM contacts m WHERE m.id = :m),
                    updated_at = :now
                WHERE id = :s""")
                .param("m", mergedId).param("s", survivorId).param("now", Timestamps.now(clock))
                .param("regionKey", regionKey).update();
        ContactsMerged moved = new ContactsMerged(survivorId, mergedId);
        moved.moveRows(jdbc, "contact_notes", "consent_events", "contact_former_emails");
        jdbc.sql("""
                INSERT INTO contact_tags (contact_id, tag)
                SELECT :s, tag FROM contact_tags WHERE contact_id = :m ON CONFLICT DO NOTHING""")
                .param("s", survivorId).param("m", mergedId).update();
        jdbc.sql("""
                INSERT INTO contact_attributes (contact_id, attr_key, value_text, value_number, value_date, value_boolean)
                SELECT :s, attr_key, value_text, value_number, value_date, value_boolean FROM contact_attributes m
                WHERE m.contact_id = :m
                  AND NOT EXISTS (SELECT 1 FROM contact_attributes a WHERE a.contact_id = :s AND a.attr_key = m.attr_key)""")
                .param("s", survivorId).param("m", mergedId).update();
        jdbc.sql("UPDATE contact_merges SET survivor_id = :s WHERE survivor_id = :m").param("s", survivorId).param("m", mergedId).update();
        jdbc.sql("""
                INSERT INTO contact_merges (survivor_id, merged_id, merged_email, merged_at, merged_by)
                VALUES (?, ?, ?, ?, ?)""")
                .params(survivorId, mergedId, merged.email(), Timestamps.now(clock), Actors.current())
                .update();
        events.publishEvent(moved);
        events.publishEvent(ContactsChanged.of(survivorId));
        jdbc.sql("DELETE FROM contacts WHERE id = ?").param(mergedId).update();
        jdbc.sql("DELETE FROM contact_tags WHERE contact_id = ?").param(mergedId).update(); // no foreign key: V18_1
        audit.record("CONTACTS_MERGED", "contact", survivorId, Map.of("mergedId", mergedId, "mergedEmail", merged.email()));
        audit.record("CONTACT_MERGED_AWAY", "contact", mergedId, Map.of("survivorId", survivorId));
        return contacts.get(survivorId);
    }
}

package io.keepwarm.contact;

import io.keepwarm.platform.Timestamps;
import io.keepwarm.audit.AuditLog;
import io.keepwarm.platform.IdempotencyRecords;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.platform.SignedAddresses;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/** GDPR: everything about one contact as one document, and erasure that leaves only a suppression hash. */
@Service
public class PersonalData {

    /** A duplicate that was merged into this contact. */
    public record MergedContact(long mergedId, String mergedEmail, java.time.Instant mergedAt, String mergedBy) {}

    private final JdbcClient jdbc;
    private final SuppressionList suppressionList;
    private final Contacts contacts;
    private final Notes notes;
    private final Consents consents;
    private final AuditLog audit;
    private final IdempotencyRecords idempotency;
    private final Clock clock;
    private final JsonMapper json;
    private final org.springframework.beans.factory.ObjectProvider<PersonalDataSection> sections;
    private final ApplicationEventPublisher events;

    PersonalData(JdbcClient jdbc, Contacts contacts, Notes notes, Consents consents, AuditLog audit,
            IdempotencyRecords idempotency, Clock clock, JsonMapper json,
            org.springframework.beans.factory.ObjectProvider<PersonalDataSection> sections, SuppressionList suppressionList,
            ApplicationEventPublisher events) {
        this.events = events;
        this.sections = sections;
        this.suppressionList = suppressionList;
        this.json = json;
        this.jdbc = jdbc;
        this.contacts = contacts;
        this.notes = notes;
        this.consents = consents;
        this.audit = audit;
        this.idempotency = idempotency;
        this.clock = clock;
    }

    /**
     * Everything kept about the contact, every text as stored but for the signed tokens in it ({@link SignedAddresses}):
     * a token is a credential, not personal data, and the staff member who downloads the export could unsubscribe the
     * person, take an offer or open their preference centre with one. Cut over the whole document, so a module's
     * section that keeps an address (an email's links, a click, a call script) is covered without knowing it.
     */
    public JsonNode export(long contactId) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("exportedAt", clock.instant());
        document.put("contact", contacts.get(contactId));
        document.put("notes", notes.list(contactId));
        document.put("consentLedger", consents.ledger(contactId));
        document.put("mergedContacts", jdbc.sql("""
                SELECT merged_id, merged_email, merged_at, merged_by FROM contact_merges WHERE survivor_id = ? ORDER BY id""")
                .param(contactId).query(MergedContact.class).list());
        document.put("formerEmails", jdbc.sql("""
                SELECT email, replaced_at FROM contact_former_emails WHERE contact_id = ? ORDER BY id""")
                .param(contactId).query((rs, n) -> Map.of("email", rs.getString(1), "replacedAt",
                        Timestamps.read(rs, 2))).list());
        document.put("auditTrail", audit.list("contact", String.valueOf(contactId), null, null, 500).items());
        sections.orderedStream().forEach(section -> document.put(section.name(), section.of(contactId)));
        audit.record("CONTACT_EXPORTED", "contact", contactId, Map.of());
        return withoutTokens(json.valueToTree(document));
    }

    private static JsonNode withoutTokens(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List.copyOf(object.propertyNames()).forEach(name -> object.set(name, withoutTokens(object.get(name))));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, withoutTokens(array.get(i)));
            }
        } else if (node.isString()) {
            return StringNode.valueOf(SignedAddresses.cut(node.asString()));
        }
        return node;
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    /**
     * Erases the contact: personal data leaves every table, the address (and each it had before, its own or a merged
     * duplicate's) stays on the suppression list as a hash so no later import or form brings the person back, and counts (imports, companies) stay as they were.
     */
    @Transactional
    public void erase(long contactId) {
        // Locked: a merge into or out of this contact waits, or has finished and its addresses are read below.
        String email = jdbc.sql("SELECT email FROM contacts WHERE id = ? FOR UPDATE").param(contactId).query(String.class)
                .optional().orElseThrow(() -> NotFoundException.of("Contact", contactId));
        List<String> emails = new java.util.ArrayList<>(List.of(email));
        // An address another contact holds now is that contact's, not this person's to take away.
        emails.addAll(jdbc.sql("""
                SELECT a.email FROM (
                    SELECT merged_email AS email FROM contact_merges WHERE survivor_id = :id
                    UNION SELECT email FROM contact_former_emails WHERE contact_id = :id) a
                 WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE c.email = a.email AND c.id <> :id)""")
                .param("id", contactId).query(String.class).list());
        for (String address : emails) {
            suppressionList.erased(address);
            jdbc.sql("DELETE FROM import_rejections WHERE email = ?").param(address).update();
            idempotency.forgetMentionsOf(address);
        }
        List<String> mergedIds = jdbc.sql("SELECT CAST(merged_id AS VARCHAR) FROM contact_merges WHERE survivor_id = ?")
                .param(contactId).query(String.class).list();
        mergedIds.forEach(id -> audit.redact("contact", id));
        // Stored answers about the person: requests on the contact (notes, consents with their evidence) and every
        // answer named as theirs when it was stored (a hand-off, a call's notes), a merged duplicate's included.
        for (String id : concat(String.valueOf(contactId), mergedIds)) {
            idempotency.forgetRequestsUnder("/api/v1/contacts/" + id);
            idempotency.forgetAnswersAbout(Long.parseLong(id));
        }
        audit.redact("contact", contactId);
        jdbc.sql("DELETE FROM contacts WHERE id = ?").param(contactId).update(); // notes, consents cascade
        // Tags have no foreign key on PostgreSQL (V18_1): they go here, once the deleted row keeps new ones off.
        jdbc.sql("DELETE FROM contact_tags WHERE contact_id = ?").param(contactId).update();
        audit.record("CONTACT_ERASED", "contact", contactId, Map.of());
        events.publishEvent(new ContactErased(contactId));
    }
}

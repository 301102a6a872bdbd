package io.keepwarm.contact;

import org.springframework.context.ApplicationEventPublisher;

import io.keepwarm.platform.Timestamps;
import io.keepwarm.audit.AuditLog;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.ForbiddenException;
import io.keepwarm.platform.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Consent per channel, kept as an append-only ledger; the current state is the latest statement. */
@Service
public class Consents {

    /**
     * What the contact saw or did when they gave or withdrew consent.
     *
     * @param touchId the email whose link led them to make the statement (the preference centre's), else null
     * @param language the language they read {@code text} in ("de"), where a page of ours showed it (the preference
     *     centre, the unsubscribe and confirmation pages) or the caller recording it says; null when unknown
     */
    public record Evidence(String form, String ip, String text, Long touchId, String language) {

        public Evidence(String form, String ip, String text) {
            this(form, ip, text, null, null);
        }

        public Evidence(String form, String ip, String text, Long touchId) {
            this(form, ip, text, touchId, null);
        }
    }

    /** A consent statement to record. */
    public record Statement(Channel channel, ConsentState state, String source, Evidence evidence) {}

    /** One entry of the ledger. */
    public record Entry(long id, Channel channel, ConsentState state, String source, Instant recordedAt,
            String recordedBy, Evidence evidence) {}

    /** The current state of a channel and the entry it comes from (null while UNKNOWN). */
    public record Current(ConsentState state, String source, Instant since) {}

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;
    private final Users users;
    private final Clock clock;

    Consents(JdbcClient jdbc, AuditLog audit, Users users, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.audit = audit;
        this.users = users;
        this.clock = clock;
    }

    /**
     * Appends the statement. Once a person has withdrawn consent on a channel, only their own new statement can
     * undo it: one without the form they used and the words they agreed to (as the preference centre and a double
     * opt-in record) is refused, so a CRM sync or a marketer cannot put them back on a list they left. A SALES caller
     * may not record it even with evidence: a rep would only be writing down what they heard, and the person's own
     * flows (preference centre, double opt-in) act as the prospect, never as a rep. A withdrawal anyone may record.
     */
    @Transactional
    public Entry record(long contactId, Statement statement) {
        lock(contactId);
        Evidence evidence = statement.evidence() == null ? new Evidence(null, null, null) : statement.evidence();
        Current now = current(contactId).get(statement.channel());
        if (now.state() == ConsentState.WITHDRAWN && statement.state() != ConsentState.WITHDRAWN) {
            String withdrawn = "%s consent was withdrawn on %s (%s)".formatted(
                    statement.channel().name().toLowerCase(Locale.ROOT),
                    LocalDate.ofInstant(now.since(), ZoneOffset.UTC), now.source());
            if (users.caller().role() == Role.SALES) {
                throw new ForbiddenException(withdrawn + "; a rep cannot record it again, only the person can give it"
                        + " back: " + (statement.channel() == Channel.EMAIL
                                ? "they can, through the preference centre linked from every email they had; if they"
                                        + " told you they want email again, ask a marketer or an admin to record their"
                                        + " new statement with its evidence"
                                : "ask a marketer or an admin to record their new statement with its evidence"));
            }
            if (blank(evidence.form()) || blank(evidence.text())) {
                throw new ConflictException(withdrawn + "; only the person can give it again: record their own new"
                        + " statement with its evidence (evidence.form and evidence.text), or let them use the"
                        + " preference centre");
            }
        }
        jdbc.sql("""
                INSERT INTO consent_events (contact_id, channel, state, source, recorded_at, recorded_by,
                    evidence_form, evidence_ip, evidence_text, evidence_touch_id, evidence_language)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(contactId, statement.channel().name(), statement.state().name(), statement.source(),
                        Timestamps.now(clock), Actors.current(), evidence.form(), evidence.ip(), evidence.text(),
                        evidence.touchId(), evidence.language())
                .update();
        // The contact as the API shows it carries its consent: a CRM that syncs with updatedSince hears of the change
        // (an unsubscribe above all) only when the contact counts as updated, as an import's consent makes it.
        jdbc.sql("UPDATE contacts SET updated_at = ? WHERE id = ?").params(Timestamps.now(clock), contactId).update();
        events.publishEvent(ContactsChanged.of(contactId));
        audit.record("CONSENT_RECORDED", "contact", contactId,
                Map.of("channel", statement.channel(), "state", statement.state(), "source", statement.source()));
        return ledger(contactId).getLast();
    }

    /**
     * Records the statement unless the channel already stands where it says, with the contact locked before its
     * consent is read: two requests at once (a mail client's one-click unsubscribe and the page's button) record it
     * once. Whether it was recorded.
     */
    @Transactional
    public boolean recordIfChanged(long contactId, Statement statement) {
        lock(contactId);
        if (current(contactId).get(statement.channel()).state() == statement.state()) {
            return false;
        }
        record(contactId, statement);
        return true;
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    /** The same lock the engine takes to send: a statement waits for a send in progress, or is seen by it. */
    private void lock(long contactId) {
        ContactChecks.exists(jdbc, contactId);
        jdbc.sql("SELECT id FROM contacts WHERE id = ? FOR UPDATE").param(contactId).query(Long.class).list();
    }

    private static final String ENTRY_COLUMNS =
            "id, channel, state, source, recorded_at, recorded_by, evidence_form, evidence_ip, evidence_text,"
            + " evidence_touch_id, evidence_language";

    /** Every statement ever recorded for the contact, oldest first. */
    public List<Entry> ledger(long contactId) {
        ContactChecks.exists(jdbc, contactId);
        return jdbc.sql("SELECT " + ENTRY_COLUMNS + " FROM consent_events WHERE contact_id = ? ORDER BY id")
                .param(contactId)
                .query(Consents::entry)
                .list();
    }

    /** One statement of the contact's ledger; one of another contact is not found here. */
    public Entry entry(long contactId, long entryId) {
        ContactChecks.exists(jdbc, contactId);
        return jdbc.sql("SELECT " + ENTRY_COLUMNS + " FROM consent_events WHERE contact_id = ? AND id = ?")
                .params(contactId, entryId)
                .query(Consents::entry)
                .optional()
                .orElseThrow(() -> NotFoundException.of("Consent statement", entryId + " of contact " + contactId));
    }

    private static Entry entry(ResultSet rs, int row) throws SQLException {
        return new Entry(rs.getLong(1), Channel.valueOf(rs.getString(2)), ConsentState.valueOf(rs.getString(3)),
                rs.getString(4), Timestamps.read(rs, 5), rs.getString(6),
                new Evidence(rs.getString(7), rs.getString(8), rs.getString(9), rs.getObject(10, Long.class),
                        rs.getString(11)));
    }

    /** The state per channel, derived from the ledger. */
    public Map<Channel, Current> current(long contactId) {
        Map<Channel, Current> current = new EnumMap<>(Channel.class);
        for (Channel channel : Channel.values()) {
            current.put(channel, new Current(ConsentState.UNKNOWN, null, null));
        }
        for (Entry entry : ledger(contactId)) {
            current.put(entry.channel(), new Current(entry.state(), entry.source(), entry.recordedAt()));
        }
        return current;
    }
}

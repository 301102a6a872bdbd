package io.keepwarm.contact;

import io.keepwarm.platform.Chunks;
import io.keepwarm.audit.AuditLog;
import io.keepwarm.contact.internal.ContactRow;
import io.keepwarm.contact.internal.ContactValidator;
import io.keepwarm.contact.internal.ContactValidators;
import io.keepwarm.contact.internal.ContactViews;
import io.keepwarm.contact.internal.ContactWriter;
import io.keepwarm.contact.internal.Suppressions;
import io.keepwarm.platform.Actors;
import io.keepwarm.contact.internal.ValidContact;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.Database;
import io.keepwarm.platform.Folding;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.Timestamps;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The contact book: create-or-update by email, read, list and change contacts. */
@Service
public class Contacts {

    /** A contact after create-or-update, and whether it is new. */
    public record Upserted(Contact contact, boolean created) {}

    /** Where a CONTACT_UPDATED audit entry that changed the owner keeps the owner before (null for none). */
    public static final String PREVIOUS_OWNER = "previousOwnerId";

    /**
     * A contact's owner, IANA time zone, country as stored and language (ISO 639-1, or null for none): what date rules
     * and the choice of a piece in other modules need, for many contacts at once (the country places a contact whose
     * zone is unknown: {@code platform.Zones#ofContact}).
     */
    public record OwnerAndZone(long contactId, Long ownerId, String timeZone, String country, String language) {}

    /**
     * What deciding whether a contact may be touched now needs, read for many contacts at once.
     *
     * @param timeZone the stored IANA zone as text
     * @param consent the current consent of every channel (UNKNOWN where nothing was stated)
     * @param suppressed whether the contact's address is on the suppression list
     * @param email the contact's address as it is now
     * @param phone the contact's phone number as it is now, or null when they have none
     */
    public record Reachability(long contactId, String timeZone, String country, Validity validity,
            Channel preferredChannel, Set<Channel> doNotContact, Map<Channel, ConsentState> consent,
            boolean suppressed, String email, String phone) {

        /** Whether there is a number to call or text. */
        public boolean hasPhone() {
            return phone != null && !phone.isBlank();
        }
    }

    private static final int CHUNK = 1000;
    private static final RowMapper<OwnerAndZone> OWNER_AND_ZONE = (rs, n) -> new OwnerAndZone(rs.getLong(1),
            rs.getObject(2, Long.class), rs.getString(3), rs.getString(4), rs.getString(5));

    private final JdbcClient jdbc;
    private final ContactWriter writer;
    private final ContactValidators validators;
    private final ContactViews views;
    private final ContactPatcher patcher;
    private final RepEdits repEdits;
    private final Suppressions suppressions;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final HeldValues held;
    private final boolean postgres;

    Contacts(JdbcClient jdbc, ContactWriter writer, ContactValidators validators, ContactViews views,
            ContactPatcher patcher, RepEdits repEdits, Suppressions suppressions, AuditLog audit,
            ApplicationEventPublisher events, Clock clock, HeldValues held, Database database) {
        this.held = held;
        this.postgres = database.postgres();
        this.repEdits = repEdits;
        this.events = events;
        this.clock = clock;
        this.suppressions = suppressions;
        this.jdbc = jdbc;
        this.writer = writer;
        this.validators = validators;
        this.views = views;
        this.patcher = patcher;
        this.audit = audit;
    }

    /** Creates or updates the contact of the input's address; one created without a source has source API. */
    @Transactional
    public Upserted upsert(ContactInput input) {
        return upsert(input, ContactSource.API);
    }

    /** As {@link #upsert(ContactInput)}, a contact created without a source having this one. */
    @Transactional
    public Upserted upsert(ContactInput input, ContactSource defaultSource) {
        ValidContact valid = switch (validators.current().check(input)) {
            case ContactValidator.Result.Valid v -> v.contact();
            case ContactValidator.Result.Invalid invalid ->
                throw new InvalidInputException(brokenRules(invalid), invalid.errors());
        };
        if (!suppressions.suppressed(List.of(valid.email())).isEmpty()) {
            throw new ConflictException(suppressedProblem(valid.email()));
        }
        // As an import: a CRM sync still holding "opted in" must not undo an unsubscribe.
        ContactWriter.Withdrawal undone = writer.undoingWithdrawals(List.of(valid), clock.instant()).get(0);
        if (undone != null) {
            throw new ConflictException(("%s consent of %s was withdrawn on %s (%s); a contact update cannot grant it"
                    + " again, only the person can: leave the consent out, or record their own new statement with its"
                    + " evidence at /api/v1/contacts/{id}/consents").formatted(
                            undone.channel().name().toLowerCase(Locale.ROOT), valid.email(),
                            LocalDate.ofInstant(undone.at(), ZoneOffset.UTC), undone.source()));
        }
        // An update by address is an edit like a patch, and a rep may not make it alike: change another rep's contact,
        // take one by naming themselves owner, or clear a bounce (the address is the key, do-not-contact not in the
        // input). A new contact is one they make for themselves, not for another rep.
        java.util.Optional<Long> storedId = storedId(valid.email());
        storedId.flatMap(views::rowForUpdate).ifPresentOrElse(
                row -> repEdits.check(row, row.overlay(valid, row.companyId())),
                () -> repEdits.mayCreateOwnedBy(valid.ownerId()));
        if (valid.tags().stream().anyMatch(Tags::isContactsChoice)) {
            // Tags add up in an upsert: only one the contact lacks is a change a rep may be refused.
            Long stored = storedId.orElse(null);
            List<String> had = stored == null ? List.of() : jdbc.sql("SELECT tag FROM contact_tags WHERE contact_id = ?")
                    .param(stored).query(String.class).list();
            repEdits.mayAddTags(stored, valid.tags().stream().filter(t -> !had.contains(t)).toList());
        }
        ContactWriter.Outcome outcome = writer.upsert(List.of(valid), defaultSource).getFirst();
        if (outcome.kind() != ContactWriter.Kind.UNCHANGED) {
            audit.record(outcome.kind() == ContactWriter.Kind.CREATED ? "CONTACT_CREATED" : "CONTACT_UPDATED",
                    "contact", outcome.contactId(), Map.of("input", input));
        }
        return new Upserted(get(outcome.contactId()), outcome.kind() == ContactWriter.Kind.CREATED);
    }

    /**
     * What is wrong with the input's own values, as {@link #upsert} would refuse them, without saving anything: a form
     * that refuses the input for a reason of its own (an address already taken) tells these with it, not one per try.
     */
    public List<InvalidInputException.FieldError> problems(ContactInput input) {
        return switch (validators.current().check(input)) {
            case ContactValidator.Result.Valid v -> List.of();
            case ContactValidator.Result.Invalid invalid -> invalid.errors();
        };
    }

    /** The contact an upsert of this (checked) address updates: the one with it, or the one it was merged into. */
    private java.util.Optional<Long> storedId(String email) {
        return findIdByEmail(email).or(() -> java.util.Optional.ofNullable(survivorsOfEmails(List.of(email)).get(email)));
    }

    /** What became of an address asked to be a contact: its contact's id, or why none can be made. */
    public record MadeByEmail(Long contactId, String problem) {}

    /**
     * Makes a contact (source API) of each address no contact has yet, all in one batch: for an integration that
     * logs the activity of people it met first (a form on the website). Answers by the address as given: the
     * contact's id (an address stored meanwhile keeps its contact), or why none can be made (not an address, on the
     * suppression list).
     */
    @Transactional
    public Map<String, MadeByEmail> makeByEmail(Collection<String> emails) {
        Map<String, MadeByEmail> made = new java.util.HashMap<>();
        Map<String, ValidContact> valid = new java.util.LinkedHashMap<>();
        ContactValidator validator = validators.current();
        for (String email : new java.util.LinkedHashSet<>(emails)) {
            switch (validator.check(ContactInput.ofEmail(email))) {
                case ContactValidator.Result.Valid v -> valid.put(email, v.contact());
                case ContactValidator.Result.Invalid invalid ->
                    made.put(email, new MadeByEmail(null, brokenRules(invalid)));
            }
        }
        Set<String> suppressed = suppressions.suppressed(valid.values().stream().map(ValidContact::email).toList());
        valid.entrySet().removeIf(e -> {
            if (!suppressed.contains(e.getValue().email())) {
                return false;
            }
            made.put(e.getKey(), new MadeByEmail(null, suppressedProblem(e.getValue().email())));
            return true;
        });
        List<String> given = List.copyOf(valid.keySet());
        List<ContactWriter.Outcome> outcomes = writer.upsert(List.copyOf(valid.values()), ContactSource.API);
        Map<Long, Map<String, Object>> createdNow = new java.util.LinkedHashMap<>();
        for (int i = 0; i < given.size(); i++) {
            ContactWriter.Outcome outcome = outcomes.get(i);
            made.put(given.get(i), new MadeByEmail(outcome.contactId(), null));
            if (outcome.kind() == ContactWriter.Kind.CREATED) {
                createdNow.put(outcome.contactId(), Map.of("input", ContactInput.ofEmail(given.get(i))));
            }
        }
        audit.recordAll("CONTACT_CREATED", "contact", createdNow);
        return made;
    }

    private static String brokenRules(ContactValidator.Result.Invalid invalid) {
        return "The contact breaks rules: " + invalid.reason();
    }

    private static String suppressedProblem(String email) {
        return email + " is on the suppression list (the person was erased or asked never to be contacted) and cannot"
                + " be added again";
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM contacts").query(Long.class).single();
    }

    /** A region, country or industry as contacts hold it (case and outer spaces aside), and how many contacts hold it. */
    public record Held(String value, long contacts) {}

    /**
     * The industries of the contacts' companies, the most held first: what a territory may name. Counted afresh after a
     * change to contacts, else at most every few minutes ({@link HeldValues}).
     */
    public List<Held> industries(int limit) {
        return held.get("industries", limit, () -> jdbc.sql("""
                SELECT LOWER(TRIM(co.industry)), COUNT(*) FROM contacts c JOIN companies co ON co.id = c.company_id
                 WHERE co.industry IS NOT NULL AND TRIM(co.industry) <> ''
                 GROUP BY LOWER(TRIM(co.industry)) ORDER BY COUNT(*) DESC, LOWER(TRIM(co.industry)) FETCH FIRST :n ROWS ONLY""")
                .param("n", limit).query((rs, n) -> new Held(rs.getString(1), rs.getLong(2))).list());
    }

    /** Contacts alike where territories look: their country, region and company's industry, and how many they are. */
    public record Whereabouts(String country, String region, String industry, long contacts) {}

    /**
     * Every country, region and industry the contacts hold together, for counting the contacts a territory fits by its
     * own rule; counted as {@link #industries}.
     */
    public List<Whereabouts> whereabouts() {
        return held.get("whereabouts", 0, () -> jdbc.sql("""
                SELECT c.country, LOWER(TRIM(c.region)), LOWER(TRIM(co.industry)), COUNT(*)
                  FROM contacts c LEFT JOIN companies co ON co.id = c.company_id
                 GROUP BY c.country, LOWER(TRIM(c.region)), LOWER(TRIM(co.industry))""")
                .query((rs, n) -> new Whereabouts(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)))
                .list());
    }

    /** How many of today's contacts were created at or before the instant (for funnels as they were then). */
    public long countCreatedAtOrBefore(Instant at) {
        return jdbc.sql("SELECT COUNT(*) FROM contacts WHERE created_at <= ?").param(Timestamps.of(at))
                .query(Long.class).single();
    }

    /** The owner, time zone and country of each of these contacts that exists, read 1,000 at a time. */
    public List<OwnerAndZone> ownersAndZones(Collection<Long> ids) {
        List<Long> all = List.copyOf(ids);
        List<OwnerAndZone> found = new ArrayList<>(all.size());
        for (var chunk : Chunks.of(all, CHUNK)) {
            found.addAll(jdbc.sql("SELECT id, owner_id, time_zone, country, language FROM contacts WHERE id IN (:ids)")
                    .param("ids", chunk).query(OWNER_AND_ZONE).list());
        }
        return found;
    }

    /**
     * The reachability of each of these contacts that exists, with one query per kind of fact (row, consent,
     * suppression) per 1,000 contacts. Read inside the caller's transaction, so a sender that reads it in its
     * send transaction sees every unsubscribe that committed before.
     */
    public List<Reachability> reachability(Collection<Long> ids) {
        List<Long> all = List.copyOf(ids);
        List<Reachability> found = new ArrayList<>(all.size());
        for (var chunk : Chunks.of(all, CHUNK)) {
            found.addAll(reachabilityOf(chunk));
        }
        return found;
    }

    /**
     * The same for contacts the caller has just read (the engine reads them to render): only the suppression list is
     * read, instead of the contacts and their consent a second time.
     */
    public List<Reachability> reachability(Map<Long, Contact> read) {
        List<Reachability> found = new ArrayList<>(read.size());
        for (var chunk : Chunks.of(List.copyOf(read.values()), CHUNK)) {
            Set<String> suppressed = suppressions.suppressed(chunk.stream().map(Contact::email).toList());
            chunk.forEach(c -> found.add(new Reachability(c.id(), c.timeZone(), c.country(), c.validity(),
                    c.preferredChannel(), c.doNotContact(), c.consent(), suppressed.contains(c.email()), c.email(),
                    c.phone())));
        }
        return found;
    }

    private List<Reachability> reachabilityOf(List<Long> ids) {
        List<ContactRow> rows = jdbc.sql("SELECT " + ContactRow.COLUMNS + " FROM contacts WHERE id IN (:ids)")
                .param("ids", ids).query(ContactRow.MAPPER).list();
        Map<Long, Map<Channel, ConsentState>> consents = views.currentConsents(ids);
        Set<String> suppressed = suppressions.suppressed(rows.stream().map(ContactRow::email).toList());
        return rows.stream().map(row -> {
            Map<Channel, ConsentState> consent = new EnumMap<>(Channel.class);
            for (Channel channel : Channel.values()) {
                consent.put(channel, consents.getOrDefault(row.id(), Map.of()).getOrDefault(channel, ConsentState.UNKNOWN));
            }
            Set<Channel> dnc = EnumSet.noneOf(Channel.class);
            if (row.dncEmail()) {
                dnc.add(Channel.EMAIL);
            }
            if (row.dncPhone()) {
                dnc.add(Channel.PHONE);
            }
            if (row.dncSms()) {
                dnc.add(Channel.SMS);
            }
            return new Reachability(row.id(), row.timeZone(), row.country(), Validity.valueOf(row.validity()),
                    row.preferredChannel() == null ? null : Channel.valueOf(row.preferredChannel()), dnc, consent,
                    suppressed.contains(row.email()), row.email(), row.phone());
        }).toList();
    }

    /**
     * Locks the contacts' rows until the caller's transaction ends. The engine takes it before it reads consent
     * to send, and every consent statement takes it before it is written, so an unsubscribe that commits first is
     * always seen, and one that comes later waits for the send to finish. Answers the owners, zones and languages of
     * the contacts that exist, which the engine plans with: one read instead of two. In id order, as every writer
     * locks contacts; on PostgreSQL FOR NO KEY UPDATE, which a consent statement's FOR UPDATE still waits for (and it
     * for one), but rows that merely refer to the contacts do not (an activity, an alert, a score change, whose
     * foreign keys share the contact's row): with FOR UPDATE, a tick and a batch of events could each wait for the
     * other.
     */
    public List<OwnerAndZone> lockForSending(Collection<Long> ids) {
        List<Long> all = ids.stream().sorted().distinct().toList();
        List<OwnerAndZone> locked = new ArrayList<>(all.size());
        for (var chunk : Chunks.of(all, CHUNK)) {
            locked.addAll(jdbc.sql("SELECT id, owner_id, time_zone, country, language FROM contacts WHERE id IN (:ids)"
                    + " ORDER BY id" + (postgres ? " FOR NO KEY UPDATE" : " FOR UPDATE")).param("ids", chunk).query(OWNER_AND_ZONE)
                    .list());
        }
        return locked;
    }

    /**
     * Locks those of these ids that are contacts, in id order, until the caller's transaction ends, and answers them in
     * that order: for batch work that reads what is recorded about each contact and then writes its first row (a first
     * stage move), so two transactions doing it to one contact take turns instead of colliding on that row's key. On
     * PostgreSQL the lock is FOR NO KEY UPDATE, which does not wait for transactions that merely inserted rows
     * referring to the contacts (the enrollments of a batch being enrolled): with FOR UPDATE, two enrollment batches
     * of one contact would each wait for the other. H2 takes no lock for such rows, and knows only FOR UPDATE.
     */
    public List<Long> lockExisting(Collection<Long> ids) {
        List<Long> locked = new ArrayList<>(ids.size());
        for (var chunk : Chunks.of(ids.stream().sorted().distinct().toList(), CHUNK)) {
            locked.addAll(jdbc.sql("SELECT id FROM contacts WHERE id IN (:ids) ORDER BY id"
                            + (postgres ? " FOR NO KEY UPDATE" : " FOR UPDATE"))
                    .param("ids", chunk).query(Long.class).list());
        }
        return locked;
    }

    /** Which of these ids are contacts, in one read per thousand, without reading the contacts. */
    public Set<Long> existing(Collection<Long> ids) {
        Set<Long> found = new java.util.HashSet<>();
        for (var chunk : Chunks.of(List.copyOf(ids), CHUNK)) {
            found.addAll(jdbc.sql("SELECT id FROM contacts WHERE id IN (:ids)").param("ids", chunk).query(Long.class).list());
        }
        return found;
    }

    /**
     * Locks the contact's row until the caller's transaction ends, as every consent statement and the engine's
     * sending do: for work that reads what the contact did and then writes, once, however many requests race.
     */
    @Transactional
    public void lock(long id) {
        if (jdbc.sql("SELECT id FROM contacts WHERE id = ? FOR UPDATE").param(id).query(Long.class).list().isEmpty()) {
            throw NotFoundException.of("Contact", id);
        }
    }

    /** The contacts with these ids that exist, in one read per thousand: for work done a batch at a time. */
    public Map<Long, Contact> getAll(Collection<Long> ids) {
        Map<Long, Contact> found = new java.util.HashMap<>();
        List<Long> all = List.copyOf(ids);
        for (var chunk : Chunks.of(all, CHUNK)) {
            List<ContactRow> rows = jdbc.sql("SELECT " + ContactRow.COLUMNS + " FROM contacts c WHERE c.id IN (:ids)")
                    .param("ids", chunk).query(ContactRow.MAPPER).list();
            views.of(rows).forEach(c -> found.put(c.id(), c));
        }
        return found;
    }

    public Contact get(long id) {
        return views.find(id).orElseThrow(() -> NotFoundException.of("Contact", id));
    }

    /** A page of the contacts the filter keeps, in the sort's order (see {@link ContactSort}). */
    public Page<Contact> list(ContactFilter filter, ContactSort sort, String cursor, int limit) {
        List<String> words = ContactFilter.words(filter.q());
        // One condition per word of the search: it starts a word of a name or the company ("king" in Lovelace-King,
        // "cooling" in Acme Cooling), the address or its domain; names compared without accents (Folding). Only the
        // count of words varies. The database keeps the names folded (V124).
        StringBuilder where = new StringBuilder("""
                (CAST(:tag AS VARCHAR) IS NULL
                       OR EXISTS (SELECT 1 FROM contact_tags t WHERE t.contact_id = c.id AND t.tag = :tag))
                  AND (CAST(:validity AS VARCHAR) IS NULL OR c.validity = :validity)
                  AND (CAST(:source AS VARCHAR) IS NULL OR c.source = :source)
                  AND (CAST(:owner AS BIGINT) IS NULL OR c.owner_id = :owner)
                  AND (CAST(:company AS BIGINT) IS NULL OR c.company_id = :company)
                  AND (CAST(:since AS TIMESTAMP WITH TIME ZONE) IS NULL OR c.updated_at >= :since)
                """);
        Map<String, Object> params = new java.util.HashMap<>();
        for (int i = 0; i < words.size(); i++) {
            where.append("""
                      AND (c.email LIKE :e%1$d OR c.email LIKE :a%1$d
                           OR c.first_name_folded LIKE :w%1$d OR c.first_name_folded LIKE :s%1$d
                           OR c.first_name_folded LIKE :h%1$d
                           OR c.last_name_folded LIKE :w%1$d OR c.last_name_folded LIKE :s%1$d
                           OR c.last_name_folded LIKE :h%1$d
                           OR EXISTS (SELECT 1 FROM companies co WHERE co.id = c.company_id
                                      AND (co.name_folded LIKE :w%1$d OR co.name_folded LIKE :s%1$d
                                           OR co.name_folded LIKE :h%1$d)))
                    """.formatted(i));
            String word = likePrefix(words.get(i));
            String folded = likePrefix(Folding.fold(words.get(i)));
            params.put("e" + i, word);
            params.put("a" + i, "%@" + word);
            params.put("w" + i, folded);
            params.put("s" + i, "% " + folded);
            params.put("h" + i, "%-" + folded);
        }
        // a blank tag (?tag=) filters nothing, as a blank q and source do
        params.put("tag", filter.tag() == null || filter.tag().isBlank() ? null : ContactValidator.tag(filter.tag()));
        params.put("validity", filter.validity() == null ? null : filter.validity().name());
        params.put("source", filter.source() == null ? null : filter.source().name());
        params.put("owner", filter.ownerId());
        params.put("company", filter.companyId());
        params.put("since", filter.updatedSince() == null ? null : Timestamps.of(filter.updatedSince()));
        Page<Long> ids = sort.page(jdbc, "FROM contacts c", where.toString(), params, cursor, limit);
        Map<Long, Contact> found = getAll(ids.items());
        return new Page<>(ids.items().stream().map(found::get).filter(java.util.Objects::nonNull).toList(),
                ids.nextCursor());
    }

    /**
     * Changes the contact as the caller asks (a person, an integration, a program's step). A SALES caller may not change
     * another rep's contact (one they neither own nor manage the owner of), take or give away its ownership unless they manage its owner, clear do-not-contact, clear a bounce of its address, or
     * change the address of a contact that is not theirs (see {@link RepEdits}).
     */
    @Transactional
    public Contact patch(long id, ContactPatch patch) {
        return patch(id, patch, repEdits::check);
    }

    /**
     * Adds a do-not-contact channel because the contact asked for it (on a call): their wish, recorded by whoever heard
     * it, so a rep logging the call on their own task may record it on another rep's contact.
     */
    @Transactional
    public Contact markDoNotContact(long id, Channel channel) {
        Set<String> doNotContact = new java.util.HashSet<>();
        get(id).doNotContact().forEach(c -> doNotContact.add(c.name()));
        doNotContact.add(channel.name());
        return patch(id, new ContactPatch(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, java.util.Optional.of(doNotContact), null), (before, after) -> {});
    }

    /**
     * Makes the rep the contact's owner as the routing of a lead decides: no caller's edit, so whoever's request opened
     * the hand-off (a rep's call outcome, say) is not asked for a right to move contacts, and the change is recorded as
     * the routing's ({@code actor}), not as theirs: a prospect who asked to be called did not pick the rep.
     */
    @Transactional
    public Contact assignOwner(long id, long repId, String actor) {
        return patch(id, new ContactPatch(null, null, null, null, null, null, null, null, null, null, null,
                java.util.Optional.of(String.valueOf(repId)), null, null, null, null, null), (before, after) -> {}, actor);
    }

    private Contact patch(long id, ContactPatch patch, java.util.function.BiConsumer<ContactRow, ContactRow> allowed) {
        return patch(id, patch, allowed, null);
    }

    /** As above, recorded as {@code actor}; null for whoever acts now (a program or trigger at work, else the caller). */

    private Contact patch(long id, ContactPatch patch, java.util.function.BiConsumer<ContactRow, ContactRow> allowed,
            String actor) {
        ContactRow before = views.rowForUpdate(id).orElseThrow(() -> NotFoundException.of("Contact", id));
        Map<String, Object> changes = patcher.apply(before, patch, validators.current(), allowed);
        if (changes.containsKey("email")) {
            jdbc.sql("INSERT INTO contact_former_emails (contact_id, email, replaced_at) VALUES (?, ?, ?)")
                    .params(id, before.email(), Timestamps.now(clock)).update();
        }
        if (!changes.isEmpty()) {
            // The owner it had too, so that the timeline says from whom to whom the contact went.
            Map<String, Object> details = changes;
            if (changes.containsKey("ownerId")) {
                details = new java.util.LinkedHashMap<>(changes);
                details.put(PREVIOUS_OWNER, before.ownerId());
            }
            if (actor == null) {
                audit.record("CONTACT_UPDATED", "contact", id, details);
            } else {
                audit.recordAs(actor, "CONTACT_UPDATED", "contact", id, details);
            }
        }
        return get(id);
    }

    /**
     * Records that a contact can no longer be reached (a hard bounce, a mailbox gone), as the delivery side learns it;
     * the pressure policy then holds every touch. A contact already marked so is left alone.
     */
    @Transactional
    public void markValidity(long id, Validity validity, String reason) {
        int changed = jdbc.sql("UPDATE contacts SET validity = ?, updated_at = ? WHERE id = ? AND validity <> ?")
                .params(validity.name(), Timestamps.now(clock), id, validity.name()).update();
        if (changed > 0) {
            audit.record("CONTACT_UPDATED", "contact", id, Map.of("validity", validity.name(), "reason", reason));
            events.publishEvent(ContactsChanged.of(id));
        }
    }

    /**
     * Records that a contact cannot be reached at an address, as a bounce of mail sent there tells it: only while that
     * is still their address. A late bounce of an address a rep has since corrected says nothing about the new one.
     * False when the contact has another address now.
     */
    @Transactional
    public boolean markValidity(long id, String address, Validity validity, String reason) {
        if (!hasAddress(id, address)) {
            return false;
        }
        markValidity(id, validity, reason);
        return true;
    }

    /** Whether this is the contact's address now (mail sent earlier may have gone to one they have since changed). */
    public boolean hasAddress(long id, String address) {
        return jdbc.sql("SELECT COUNT(*) FROM contacts WHERE id = ? AND email = ?")
                .params(id, ContactValidator.normaliseEmail(address)).query(Long.class).single() > 0;
    }

    /** The contact with this address (as given, compared the way addresses are stored), if there is one. */
    public java.util.Optional<Long> findIdByEmail(String email) {
        return java.util.Optional.ofNullable(email == null ? null : findIdsByEmail(List.of(email)).get(email));
    }

    /** The contacts with these addresses, keyed by the address as given; addresses nobody has are left out. */
    public Map<String, Long> findIdsByEmail(Collection<String> emails) {
        return byAddress(emails, "SELECT email, id FROM contacts WHERE email IN (:emails)");
    }

    /**
     * Runs a read of (stored address, contact id) over these addresses, compared the way addresses are stored, and
     * answers the ids keyed by the addresses as given.
     */
    private Map<String, Long> byAddress(Collection<String> emails, String sql) {
        Map<String, List<String>> given = new java.util.HashMap<>();
        emails.forEach(e -> given.computeIfAbsent(ContactValidator.normaliseEmail(e), k -> new ArrayList<>()).add(e));
        Map<String, Long> found = new java.util.HashMap<>();
        for (var chunk : Chunks.of(List.copyOf(given.keySet()), CHUNK)) {
            jdbc.sql(sql).param("emails", chunk)
                    .query(rs -> {
                        long id = rs.getLong(2);
                        given.get(rs.getString(1)).forEach(e -> found.put(e, id));
                    });
        }
        return found;
    }

    /**
     * Where contacts merged into others went: for each of these ids that was merged away, the contact it lives on in
     * (an integration may still send the old id).
     */
    public Map<Long, Long> survivorsOfIds(Collection<Long> ids) {
        Map<Long, Long> survivors = new java.util.HashMap<>();
        for (var chunk : Chunks.of(List.copyOf(ids), CHUNK)) {
            jdbc.sql("SELECT merged_id, survivor_id FROM contact_merges WHERE merged_id IN (:ids)").param("ids", chunk)
                    .query(rs -> {
                        survivors.put(rs.getLong(1), rs.getLong(2));
                    });
        }
        return survivors;
    }

    /**
     * Where addresses merged away went: for each of these addresses (as given) that belonged to a contact merged into
     * another, the survivor, as an import finds it. Activity under the old address is the same person's.
     */
    public Map<String, Long> survivorsOfEmails(Collection<String> emails) {
        return byAddress(emails, "SELECT merged_email, survivor_id FROM contact_merges WHERE merged_email IN (:emails)");
    }

    /** Those of these addresses (as stored on contacts) that are on the suppression list, in one read. */
    public Set<String> suppressed(Collection<String> emails) {
        Set<String> found = new java.util.HashSet<>();
        for (var chunk : Chunks.of(List.copyOf(new java.util.HashSet<>(emails)), CHUNK)) {
            found.addAll(suppressions.suppressed(chunk));
        }
        return found;
    }

    /**
     * Puts the contact's address on the suppression list (a complaint: never mail it again, even after erasure and
     * re-import).
     */
    @Transactional
    public void suppress(long id, String reason) {
        suppress(id, get(id).email(), reason);
    }

    /**
     * Puts an address the contact was mailed at on the suppression list: a complaint about mail sent to an address
     * they have since left suppresses that address, not the one they have now.
     */
    @Transactional
    public void suppress(long id, String address, String reason) {
        boolean current = hasAddress(id, address);
        String normalised = ContactValidator.normaliseEmail(address);
        // The address is kept beside its hash so an admin sees whom the list holds; erasure drops it again.
        jdbc.sql("""
                INSERT INTO suppressions (email_hash, email, reason, created_at, created_by) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""")
                .params(Suppressions.hash(normalised), normalised, reason, Timestamps.now(clock), Actors.current())
                .update();
        audit.record("CONTACT_SUPPRESSED", "contact", id,
                current ? Map.of("reason", reason) : Map.of("reason", reason, "address", "a former address"));
        events.publishEvent(ContactsChanged.of(id));
    }

    /**
     * Takes the contact's current address off the suppression list where a spam complaint put it, because the person
     * has since said yes again themself (their own preference centre, reached by their signed link): their newer,
     * recorded statement outranks a complaint. An erased person's hash is never lifted: no contact holds that address.
     */
    @Transactional
    public void liftComplaint(long id, String why) {
        String email = get(id).email();
        if (email != null && jdbc.sql("DELETE FROM suppressions WHERE email_hash = ? AND reason = 'COMPLAINT'")
                .param(Suppressions.hash(ContactValidator.normaliseEmail(email))).update() > 0) {
            audit.record("CONTACT_UNSUPPRESSED", "contact", id, Map.of("reason", why));
            events.publishEvent(ContactsChanged.of(id));
        }
    }

    private static String likePrefix(String q) {
        return q.strip().toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}

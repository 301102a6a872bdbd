package io.keepwarm.activity;

import io.keepwarm.activity.internal.LogBatches;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.Contacts;
import io.keepwarm.contact.RepEdits;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.Contention;
import io.keepwarm.platform.InvalidInputException.FieldError;
import io.keepwarm.platform.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Activity sent in from outside (a mail integration logging a reply, a website, a rep logging a call), a batch at a
 * time. Each event carries the client's id, so a retried batch adds nothing twice; good events are kept and each
 * bad one is reported with its place and every mistake it has. Accepted events are in the log when the call returns.
 */
@Service
public class Events {

    /**
     * The property Keepwarm adds to a CALL_OUTCOME event: the user or API key that sent it ("alice",
     * "api-key:dialer"), whom the changes the outcome makes to the contact are recorded as made by, once the log is
     * followed on another thread. A sender may not set it.
     */
    public static final String SENT_BY = "sentBy";

    /** The most events one call may carry. */
    public static final int MAX_BATCH = 1000;

    /**
     * One event as sent: the contact by id or by email; type CUSTOM names the account's own type in customType;
     * properties are what the sender knows about it (a form's name, a call's outcome), kept with the event.
     */
    public record Incoming(String id, Long contactId, String email, String type, String customType, Instant occurredAt,
            String channel, String target, Map<String, Object> properties) {

        /** An event of a built-in type without properties. */
        public Incoming(String id, Long contactId, String email, String type, Instant occurredAt, String channel,
                String target) {
            this(id, contactId, email, type, null, occurredAt, channel, target, null);
        }
    }

    /** What became of a batch. */
    public record Result(int accepted, int duplicates, List<Rejected> rejected) {}

    /**
     * An event that was not kept, by its place in the batch: every mistake it has, each at its field (none for a
     * mistake of the event as a whole), and all of them in one message.
     */
    public record Rejected(int index, String id, String message, List<FieldError> errors) {

        public static Rejected of(int index, String id, List<FieldError> errors) {
            return new Rejected(index, id, errors.stream().map(e -> e.field() == null ? e.message()
                    : e.field() + " " + e.message()).collect(Collectors.joining("; ")), List.copyOf(errors));
        }
    }

    private record Checked(String id, Activity activity, String customType, String properties) {}

    private static final Pattern CUSTOM_TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9_.:-]{0,59}");
    private static final int MAX_PROPERTIES = 4000;
    /** The earliest time an event may claim: older ones are typing mistakes, and PostgreSQL cannot store some. */
    private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final Contacts contacts;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TransactionTemplate transaction;
    private final LogBatches batches;
    private final List<EventCheck> checks;
    private final RepEdits repEdits;
    private final Contention contention;

    Events(JdbcClient jdbc, JdbcTemplate template, Contacts contacts, ApplicationEventPublisher events, Clock clock,
            PlatformTransactionManager transactions, LogBatches batches, List<EventCheck> checks, RepEdits repEdits,
            Contention contention) {
        this.repEdits = repEdits;
        this.contention = contention;
        this.batches = batches;
        this.checks = checks;
        this.jdbc = jdbc;
        this.template = template;
        this.contacts = contacts;
        this.events = events;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Logs a batch of events about contacts that exist. */
    public Result accept(List<Incoming> batch) {
        return accept(batch, false);
    }

    /**
     * Logs a batch; with createUnknown, an email no contact has first becomes a contact (source API). A contact so
     * created stays even if the batch then fails: a retry finds it and adds nothing twice. A batch the database gives
     * up for another transaction's sake (a deadlock) is run again whole, a few times, as a client's retry would be;
     * after the last, a {@link io.keepwarm.platform.BusyException} says nothing was recorded.
     */
    public Result accept(List<Incoming> batch, boolean createUnknown) {
        return contention.retried("the batch of events", () -> acceptOnce(batch, createUnknown));
    }

    private Result acceptOnce(List<Incoming> batch, boolean createUnknown) {
        List<Rejected> refused = createUnknown ? createUnknown(batch) : List.of();
        Set<Integer> skip = refused.stream().map(Rejected::index).collect(Collectors.toSet());
        Result result = transaction.execute(status -> log(batch, skip));
        List<Rejected> rejected = new ArrayList<>(refused);
        rejected.addAll(result.rejected());
        rejected.sort(java.util.Comparator.comparingInt(Rejected::index));
        return new Result(result.accepted(), result.duplicates(), rejected);
    }

    private List<Rejected> createUnknown(List<Incoming> batch) {
        List<String> emails = batch.stream()
                .filter(in -> in != null && in.contactId() == null && in.email() != null && !in.email().isBlank()
                        && problems(in).isEmpty())
                .map(Incoming::email).distinct().toList();
        Map<String, Long> known = contacts.findIdsByEmail(emails);
        List<String> unknown = emails.stream().filter(e -> !known.containsKey(e)).toList();
        Map<String, Contacts.MadeByEmail> made = unknown.isEmpty() ? Map.of() : contacts.makeByEmail(unknown);
        List<Rejected> refused = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Incoming in = batch.get(i);
            // An event with a problem of its own is reported with that problem, later.
            Contacts.MadeByEmail outcome = in == null || in.contactId() != null || !problems(in).isEmpty() ? null
                    : made.get(in.email());
            if (outcome != null && outcome.problem() != null) {
                refused.add(Rejected.of(i, in.id(), List.of(new FieldError("email", "is " + in.email()
                        + ", which no contact has, and none can be made: " + outcome.problem()))));
            }
        }
        return refused;
    }

    private Result log(List<Incoming> batch, Set<Integer> skip) {
        List<Rejected> rejected = new ArrayList<>();
        List<Checked> good = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        // Who the batch names, read at once: one query for the ids, one for the addresses; and for those that name
        // no contact, whether they named one since merged into another (its survivor takes the event).
        // Only events without a problem of their own are looked up: the database would refuse some values (a NUL)
        // and fail the whole batch.
        List<List<FieldError>> problems = batch.stream().map(this::problems).toList();
        List<Incoming> sound = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (problems.get(i).isEmpty()) {
                sound.add(batch.get(i));
            }
        }
        List<Long> named = sound.stream().filter(in -> in.contactId() != null).map(Incoming::contactId).distinct().toList();
        Set<Long> existing = contacts.existing(named);
        Map<Long, Long> ids = new HashMap<>();
        existing.forEach(id -> ids.put(id, id));
        List<Long> gone = named.stream().filter(id -> !existing.contains(id)).toList();
        if (!gone.isEmpty()) {
            ids.putAll(contacts.survivorsOfIds(gone));
        }
        List<String> emails = sound.stream().filter(in -> in.contactId() == null).map(Incoming::email).distinct().toList();
        Map<String, Long> byEmail = new HashMap<>(contacts.findIdsByEmail(emails));
        List<String> unknown = emails.stream().filter(e -> !byEmail.containsKey(e)).toList();
        if (!unknown.isEmpty()) {
            byEmail.putAll(contacts.survivorsOfEmails(unknown));
        }
        // A rep sends events only about contacts they may change, as the contact's own doors allow: an event changes
        // the contact (a call outcome its consent or stage; any event its score, and a trigger what follows).
        Set<Long> resolved = new HashSet<>(ids.values());
        resolved.addAll(byEmail.values());
        Map<Long, String> othersContacts = repEdits.whyNot(resolved);
        String sentBy = Actors.current();
        for (int i = 0; i < batch.size(); i++) {
            if (skip.contains(i)) {
                continue;
            }
            Incoming in = batch.get(i);
            List<FieldError> problem = problems.get(i);
            Optional<Long> contact = !problem.isEmpty() ? Optional.empty()
                    : in.contactId() != null ? Optional.ofNullable(ids.get(in.contactId()))
                    : Optional.ofNullable(byEmail.get(in.email()));
            if (problem.isEmpty() && contact.isEmpty()) {
                problem = List.of(in.contactId() != null ? new FieldError("contactId", "is " + in.contactId()
                        + ", which no contact has") : new FieldError("email", "is " + in.email() + ", which no contact has"));
            }
            if (problem.isEmpty() && othersContacts.containsKey(contact.get())) {
                problem = List.of(in.contactId() != null
                        ? new FieldError("contactId", "is " + in.contactId() + ": " + othersContacts.get(contact.get()))
                        : new FieldError("email", "is " + in.email() + ": " + othersContacts.get(contact.get())));
            }
            if (problem.isEmpty()) {
                problem = withContact(contact.get(), in);
            }
            String kept = problem.isEmpty() ? properties(stamped(in, sentBy)) : null;
            if (kept != null && kept.length() > MAX_PROPERTIES) {
                problem = List.of(new FieldError("properties", "take more than " + MAX_PROPERTIES + " characters as"
                        + " JSON with " + SENT_BY + ", the sender's name Keepwarm adds to a call outcome"));
            }
            if (problem.isEmpty() && !seen.add(in.id())) {
                problem = List.of(new FieldError("id", "'" + in.id() + "' is used twice in this batch"));
            }
            if (!problem.isEmpty()) {
                rejected.add(Rejected.of(i, in == null ? null : in.id(), problem));
                continue;
            }
            good.add(new Checked(in.id(), new Activity(contact.get(), named(ActivityType.values(), in.type()),
                    in.occurredAt() == null ? clock.instant() : in.occurredAt(),
                    in.channel() == null ? null : named(Channel.values(), in.channel()), in.target()),
                    in.customType(), kept));
        }
        // An id seen before is a retry: the unique index drops it, and the count of what was written tells how many.
        int written = insert(good);
        if (written > 0) {
            events.publishEvent(new ActivitiesRecorded(good.stream().map(c -> c.activity().contactId())
                    .collect(Collectors.toCollection(TreeSet::new))));
        }
        return new Result(written, good.size() - written, rejected);
    }

    private List<FieldError> problems(Incoming in) {
        return problems(in, Set.of());
    }

    /**
     * Every mistake of one event, each at its field, or none: a sender fixes them all at once. Everything the
     * database would refuse is caught here, so that one bad event is reported on its own and never fails the batch it
     * came in. The fields in {@code unread} could not be read (their mistakes are told by whoever read them): they are
     * taken neither as left out nor as breaking a rule with another field. Whether the event's contact exists is asked
     * only of an event without mistakes.
     */
    public List<FieldError> problems(Incoming in, Set<String> unread) {
        if (in == null) {
            return List.of(new FieldError(null, "is empty"));
        }
        List<FieldError> found = new ArrayList<>();
        if (!unread.contains("id") && (in.id() == null || in.id().isBlank() || in.id().length() > 200)) {
            found.add(new FieldError("id", "is required: the client's own id of the event, at most 200 characters"));
        }
        if (!unread.contains("contactId") && !unread.contains("email")
                && (in.contactId() == null) == (in.email() == null || in.email().isBlank())) {
            found.add(new FieldError(null, "give either contactId or email"));
        }
        String nul = "must not contain the NUL character (\\u0000)";
        if (hasNul(in.id())) {
            found.add(new FieldError("id", nul));
        }
        if (hasNul(in.email())) {
            found.add(new FieldError("email", nul));
        }
        if (in.occurredAt() != null && (in.occurredAt().isBefore(EARLIEST)
                || in.occurredAt().isAfter(clock.instant().plus(Duration.ofDays(1))))) {
            found.add(new FieldError("occurredAt", "must lie between " + EARLIEST + " and a day from now, not "
                    + in.occurredAt()));
        }
        ActivityType type = named(ActivityType.values(), in.type());
        if (!unread.contains("type") && type == null) {
            found.add(new FieldError("type", "must be one of " + List.of(ActivityType.values())
                    + (in.type() == null ? "" : ", not '" + in.type() + "'")));
        }
        boolean custom = type == ActivityType.CUSTOM;
        if (type != null && !unread.contains("customType") && custom != (in.customType() != null)) {
            found.add(new FieldError("customType", custom
                    ? "is required for type CUSTOM: the account's name of the event, like trial_started"
                    : "goes only with type CUSTOM"));
        }
        if (custom && in.customType() != null && !CUSTOM_TYPE.matcher(in.customType()).matches()) {
            found.add(new FieldError("customType",
                    "must start with a letter and hold at most 60 letters, digits, '_', '.', ':' or '-'"));
        }
        if (in.properties() != null && in.properties().entrySet().stream()
                .anyMatch(e -> hasNul(e.getKey()) || hasNul(String.valueOf(e.getValue())))) {
            found.add(new FieldError("properties", nul));
        } else if (in.properties() != null && properties(in.properties()).length() > MAX_PROPERTIES) {
            found.add(new FieldError("properties", "take more than " + MAX_PROPERTIES + " characters as JSON"));
        }
        if (in.properties() != null && in.properties().values().stream()
                .anyMatch(v -> v instanceof Map<?, ?> || v instanceof java.util.Collection<?>)) {
            found.add(new FieldError("properties", "must be flat: each value text, a number or true/false"));
        }
        if (type == ActivityType.CALL_OUTCOME && in.properties() != null && in.properties().containsKey(SENT_BY)) {
            found.add(new FieldError("properties." + SENT_BY, "is Keepwarm's own: it records the user or API key that"
                    + " sent a call outcome; leave it out"));
        }
        if (in.channel() != null && named(Channel.values(), in.channel()) == null) {
            found.add(new FieldError("channel", "must be one of " + List.of(Channel.values()) + ", not '"
                    + in.channel() + "'"));
        }
        if (hasNul(in.target())) {
            found.add(new FieldError("target", nul));
        } else if (in.target() != null && in.target().length() > 2000) {
            found.add(new FieldError("target", "is longer than 2000 characters"));
        }
        // A module's rule reads the type, the target and the properties: it is asked when all three read.
        if (type != null && !unread.contains("target") && !unread.contains("properties")) {
            Map<String, String> properties = flat(in.properties());
            checks.forEach(check -> found.addAll(check.problems(type, in.target(), properties)));
        }
        return found;
    }

    /** The mistakes the modules' rules find in a sound event given its contact as it is now. */
    private List<FieldError> withContact(long contactId, Incoming in) {
        ActivityType type = named(ActivityType.values(), in.type());
        Map<String, String> properties = flat(in.properties());
        return checks.stream().flatMap(check -> check.problemsWith(contactId, type, in.target(), properties).stream())
                .toList();
    }

    /**
     * The constant a name stands for, in any case, or null. Matched as the check matched it: upper-casing the name
     * and looking it up would fail on letters that only compare equal ignoring case (the Kelvin sign is a K).
     */
    /** In any case, with spaces or hyphens for underscores ("page view"), as every value of a set in the API is read. */
    private static <E extends Enum<E>> E named(E[] constants, String name) {
        String underscored = name == null ? null : name.strip().replaceAll("[\\s-]+", "_");
        return Arrays.stream(constants).filter(c -> c.name().equalsIgnoreCase(underscored)).findFirst().orElse(null);
    }

    private static boolean hasNul(String text) {
        return text != null && text.indexOf('\u0000') >= 0;
    }

    private static String properties(Map<String, Object> properties) {
        return properties == null || properties.isEmpty() ? null : JsonMapper.shared().writeValueAsString(flat(properties));
    }

    /** A call outcome's properties with who sent it, whom its changes to the contact are recorded as made by. */
    private static Map<String, Object> stamped(Incoming in, String sentBy) {
        if (named(ActivityType.values(), in.type()) != ActivityType.CALL_OUTCOME) {
            return in.properties();
        }
        Map<String, Object> stamped = new java.util.TreeMap<>();
        if (in.properties() != null) {
            stamped.putAll(in.properties());
        }
        stamped.put(SENT_BY, sentBy);
        return stamped;
    }

    /** The properties as the log keeps them: each value as text. */
    private static Map<String, String> flat(Map<String, Object> properties) {
        Map<String, String> flat = new java.util.TreeMap<>();
        if (properties != null) {
            properties.forEach((k, v) -> flat.put(k, v == null ? null : String.valueOf(v)));
        }
        return flat;
    }

    /** Writes the events whose ids are new; answers how many that was. */
    private int insert(List<Checked> fresh) {
        if (fresh.isEmpty()) {
            return 0;
        }
        var now = Timestamps.now(clock);
        long batch = batches.open();
        // In contact order: each row's foreign key shares its contact's row until the transaction ends, and every
        // writer that locks contacts takes them in id order, so the batch waits for such a writer instead of
        // deadlocking with it. The client's order is kept by the ids and times of the events, not by the rows'.
        List<Checked> ordered = new ArrayList<>(fresh);
        ordered.sort(java.util.Comparator.comparingLong(c -> c.activity().contactId()));
        template.batchUpdate("""
                INSERT INTO activities (contact_id, type, occurred_at, channel, target, recorded_at, flag, client_event_id,
                                        custom_type, properties, batch_id)
                VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", ordered, MAX_BATCH, (ps, c) -> {
            Activity a = c.activity();
            ps.setLong(1, a.contactId());
            ps.setString(2, a.type().name());
            ps.setObject(3, Timestamps.of(a.occurredAt()));
            ps.setString(4, a.channel() == null ? null : a.channel().name());
            ps.setString(5, a.target());
            ps.setObject(6, now);
            ps.setString(7, c.id());
            ps.setString(8, c.customType());
            ps.setString(9, c.properties());
            ps.setLong(10, batch);
        });
        int written = jdbc.sql("SELECT COUNT(*) FROM activities WHERE batch_id = ?").param(batch).query(Integer.class).single();
        if (written > 0) {
            batches.close(batch, written);
        }
        return written;
    }
}

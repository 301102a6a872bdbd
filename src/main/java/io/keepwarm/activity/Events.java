package io.keepwarm.activity;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.Contacts;
import io.keepwarm.platform.Timestamps;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Activity sent in from outside (a mail integration logging a reply, a website, a rep logging a call), a batch at a
 * time. Each event carries the client's id, so a retried batch adds nothing twice; good events are kept and each
 * bad one is reported with its place and reason. Accepted events are in the log when the call returns.
 */
@Service
public class Events {

    /** The most events one call may carry. */
    public static final int MAX_BATCH = 1000;

    /** One event as sent: the contact by id or by email. */
    public record Incoming(String id, Long contactId, String email, String type, Instant occurredAt, String channel,
            String target) {}

    /** What became of a batch. */
    public record Result(int accepted, int duplicates, List<Rejected> rejected) {}

    /** An event that was not kept, by its place in the batch. */
    public record Rejected(int index, String id, String message) {}

    private record Checked(String id, Activity activity) {}

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final Contacts contacts;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Events(JdbcClient jdbc, JdbcTemplate template, Contacts contacts, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.template = template;
        this.contacts = contacts;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public Result accept(List<Incoming> batch) {
        List<Rejected> rejected = new ArrayList<>();
        List<Checked> good = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        // Who the batch names, read at once: one query for the ids, one for the addresses.
        Set<Long> ids = contacts.getAll(batch.stream().filter(in -> in != null && in.contactId() != null)
                .map(Incoming::contactId).distinct().toList()).keySet();
        Map<String, Long> byEmail = contacts.findIdsByEmail(batch.stream()
                .filter(in -> in != null && in.contactId() == null && in.email() != null && !in.email().isBlank())
                .map(Incoming::email).distinct().toList());
        for (int i = 0; i < batch.size(); i++) {
            Incoming in = batch.get(i);
            String problem = problem(in);
            Optional<Long> contact = problem != null ? Optional.empty()
                    : in.contactId() != null ? Optional.of(in.contactId()).filter(ids::contains)
                    : Optional.ofNullable(byEmail.get(in.email()));
            if (problem == null && contact.isEmpty()) {
                problem = in.contactId() != null ? "contact " + in.contactId() + " does not exist"
                        : "no contact has the email " + in.email();
            }
            if (problem == null && !seen.add(in.id())) {
                problem = "the id '" + in.id() + "' is used twice in this batch";
            }
            if (problem != null) {
                rejected.add(new Rejected(i, in == null ? null : in.id(), problem));
                continue;
            }
            good.add(new Checked(in.id(), new Activity(contact.get(), ActivityType.valueOf(in.type().toUpperCase(Locale.ROOT)),
                    in.occurredAt() == null ? clock.instant() : in.occurredAt(),
                    in.channel() == null ? null : Channel.valueOf(in.channel().toUpperCase(Locale.ROOT)), in.target())));
        }
        Set<String> known = known(good.stream().map(Checked::id).toList());
        List<Checked> fresh = good.stream().filter(c -> !known.contains(c.id())).toList();
        insert(fresh);
        if (!fresh.isEmpty()) {
            events.publishEvent(new ActivitiesRecorded(fresh.stream().map(c -> c.activity().contactId())
                    .collect(Collectors.toCollection(TreeSet::new))));
        }
        return new Result(fresh.size(), good.size() - fresh.size(), rejected);
    }

    private static String problem(Incoming in) {
        if (in == null) {
            return "is empty";
        }
        if (in.id() == null || in.id().isBlank() || in.id().length() > 200) {
            return "id is required: the client's own id of the event, at most 200 characters";
        }
        if ((in.contactId() == null) == (in.email() == null || in.email().isBlank())) {
            return "give either contactId or email";
        }
        if (in.type() == null || Arrays.stream(ActivityType.values()).noneMatch(t -> t.name().equalsIgnoreCase(in.type()))) {
            return "type must be one of " + List.of(ActivityType.values());
        }
        if (in.channel() != null && Arrays.stream(Channel.values()).noneMatch(c -> c.name().equalsIgnoreCase(in.channel()))) {
            return "channel must be one of " + List.of(Channel.values());
        }
        if (in.target() != null && in.target().length() > 2000) {
            return "target is longer than 2000 characters";
        }
        return null;
    }

    private Set<String> known(List<String> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("SELECT client_event_id FROM activities WHERE client_event_id IN (:ids)")
                .param("ids", ids).query(String.class).list());
    }

    private void insert(List<Checked> fresh) {
        var now = Timestamps.now(clock);
        // A concurrent retry of the same batch may have written an id since it was looked up; the index keeps one.
        template.batchUpdate("""
                INSERT INTO activities (contact_id, type, occurred_at, channel, target, recorded_at, flag, client_event_id)
                VALUES (?, ?, ?, ?, ?, ?, NULL, ?) ON CONFLICT DO NOTHING""", fresh, MAX_BATCH, (ps, c) -> {
            Activity a = c.activity();
            ps.setLong(1, a.contactId());
            ps.setString(2, a.type().name());
            ps.setObject(3, Timestamps.of(a.occurredAt()));
            ps.setString(4, a.channel() == null ? null : a.channel().name());
            ps.setString(5, a.target());
            ps.setObject(6, now);
            ps.setString(7, c.id());
        });
    }
}

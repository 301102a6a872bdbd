package io.keepwarm.activity;

import io.keepwarm.contact.Channel;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.DatabaseFailures;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hands newly logged activity to its followers (scoring, then triggers) in batches behind ingestion, so a request
 * that logs activity never waits for them. Each write of activities hands over one batch (see
 * {@code LogBatches}); batches are claimed with SKIP LOCKED and followed in the claim's transaction, so several
 * instances share the work, none gets an activity twice, and a failure hands the batches back. A batch that fails
 * even on its own is set aside with its error rather than retried forever ahead of everything logged after it,
 * unless the database only failed for the moment.
 */
@Service
public class ActivityFeed {

    /** Logged batches taken at once: one claim, one read, one pass of each follower. */
    static final int BATCHES = 10;
    /** Rounds running in which one batch may meet a passing database failure before it is set aside. */
    static final int PASSING_FAILURES = 5;

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ActivityFeed.class);
    private static final TypeReference<Map<String, String>> PROPERTIES = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final List<ActivityFollower> followers;
    private final Clock clock;
    private final TransactionTemplate transaction;
    /** Per batch, the rounds running in which it met a passing failure (this instance's count). */
    private final Map<Long, Integer> passing = new ConcurrentHashMap<>();

    ActivityFeed(JdbcClient jdbc, List<ActivityFollower> followers, Clock clock, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.followers = followers;
        this.clock = clock;
        this.transaction = transaction;
    }

    /** Follows a few logged batches; returns how many batches were taken (none: the log is done for now). */
    public int followBatch() {
        try {
            return transaction.execute(status -> follow(jdbc.sql("""
                    SELECT id FROM activity_batches WHERE failed_at IS NULL
                     ORDER BY id FETCH FIRST :n ROWS ONLY FOR UPDATE SKIP LOCKED""")
                    .param("n", BATCHES).query(Long.class).list()));
        } catch (RuntimeException e) {
            return oneByOne();
        }
    }

    /** Follows everything waiting now; returns how many batches were taken. */
    public int followAll() {
        int total = 0;
        int followed;
        do {
            followed = followBatch();
            total += followed;
        } while (followed == BATCHES);
        return total;
    }

    /** How long the oldest waiting batch has waited since it was logged: zero when nothing waits. */
    public Duration lag() {
        Instant oldest = jdbc.sql("SELECT MIN(logged_at) FROM activity_batches WHERE failed_at IS NULL")
                .query((rs, n) -> Timestamps.read(rs, 1)).optional().orElse(null);
        return oldest == null ? Duration.ZERO : Duration.between(oldest, clock.instant()).abs();
    }

    /** How many batches were set aside because a follower failed on them. */
    public long failedBatches() {
        return jdbc.sql("SELECT COUNT(*) FROM activity_batches WHERE failed_at IS NOT NULL").query(Long.class).single();
    }

    /** A batch set aside: when it was logged and set aside, why, and how many activities wait in it. */
    public record SetAside(long id, Instant loggedAt, Instant failedAt, String error, long activities) {}

    /** The batches set aside, oldest first, a page at a time: what an administrator looks at before replaying them. */
    public Page<SetAside> setAside(String cursor, int limit) {
        return Page.of(jdbc.sql("""
                SELECT b.id, b.logged_at, b.failed_at, b.error, (SELECT COUNT(*) FROM activities a WHERE a.batch_id = b.id)
                  FROM activity_batches b WHERE b.failed_at IS NOT NULL AND b.id > :after
                 ORDER BY b.id FETCH FIRST :limit ROWS ONLY""")
                .param("after", Cursor.decode(cursor)).param("limit", limit + 1)
                .query((rs, n) -> new SetAside(rs.getLong(1), Timestamps.read(rs, 2), Timestamps.read(rs, 3),
                        rs.getString(4), rs.getLong(5)))
                .list(), limit, SetAside::id);
    }

    /**
     * Puts a set-aside batch back in the log once whatever failed on it is mended (a trigger fixed or switched off, a
     * newer version deployed): its activities are scored and matched at the next round. Returns whether there was one.
     */
    public boolean replay(long id) {
        return jdbc.sql("UPDATE activity_batches SET failed_at = NULL, error = NULL WHERE id = ? AND failed_at IS NOT NULL")
                .param(id).update() == 1;
    }

    private int follow(List<Long> batches) {
        if (batches.isEmpty()) {
            return 0;
        }
        List<LoggedActivity> activity = jdbc.sql("""
                SELECT id, contact_id, type, custom_type, occurred_at, channel, target, flag, properties, recorded_at,
                       client_event_id
                  FROM activities
                 WHERE batch_id IN (:batches) ORDER BY id""")
                .param("batches", batches)
                .query((rs, n) -> new LoggedActivity(rs.getLong(1), rs.getLong(2), ActivityType.valueOf(rs.getString(3)),
                        rs.getString(4), Timestamps.read(rs, 5), rs.getString(6) == null ? null : Channel.valueOf(rs.getString(6)),
                        rs.getString(7), rs.getString(8), properties(rs.getString(9)), Timestamps.read(rs, 10),
                        rs.getString(11)))
                .list();
        if (!activity.isEmpty()) {
            for (ActivityFollower follower : followers) {
                follower.follow(activity);
            }
        }
        jdbc.sql("DELETE FROM activity_batches WHERE id IN (:batches)").param("batches", batches).update();
        batches.forEach(passing::remove);
        return batches.size();
    }

    /**
     * After a failed claim: each waiting batch in its own transaction; one that fails alone is set aside, unless
     * the failure was the database's moment (a lock timeout, a deadlock, a lost connection), not the batch's: then
     * it stays waiting, and the round ends, to try again at the next. A batch that meets such a failure
     * {@value #PASSING_FAILURES} rounds running is set aside all the same, or it would hold up the log for good.
     */
    private int oneByOne() {
        List<Long> waiting = jdbc.sql("""
                SELECT id FROM activity_batches WHERE failed_at IS NULL ORDER BY id FETCH FIRST :n ROWS ONLY""")
                .param("n", BATCHES).query(Long.class).list();
        int taken = 0;
        for (long id : waiting) {
            try {
                transaction.execute(status -> follow(jdbc.sql("""
                        SELECT id FROM activity_batches WHERE id = ? AND failed_at IS NULL FOR UPDATE SKIP LOCKED""")
                        .param(id).query(Long.class).list()));
                taken++;
                passing.remove(id);
            } catch (RuntimeException failure) {
                if (DatabaseFailures.passing(failure) && passing.merge(id, 1, Integer::sum) < PASSING_FAILURES) {
                    log.warn("Activity batch {} could not be followed this time; it waits for the next round", id, failure);
                    return taken;
                }
                setAside(id, failure);
                taken++;
            }
        }
        return taken;
    }

    private void setAside(long id, RuntimeException e) {
        passing.remove(id);
        log.error("Activity batch {} could not be followed; it is set aside (activity_batches.failed_at)", id, e);
        String error = String.valueOf(e.getMessage());
        transaction.executeWithoutResult(status -> jdbc.sql("UPDATE activity_batches SET failed_at = ?, error = ? WHERE id = ?")
                .params(Timestamps.now(clock), error.length() > 2000 ? error.substring(0, 2000) : error, id)
                .update());
    }

    static Map<String, String> properties(String json) {
        return json == null ? Map.of() : JsonMapper.shared().readValue(json, PROPERTIES);
    }
}

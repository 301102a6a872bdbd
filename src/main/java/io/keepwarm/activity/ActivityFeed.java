package io.keepwarm.activity;

import io.keepwarm.contact.Channel;
import io.keepwarm.platform.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hands newly logged activity to its followers (scoring, then triggers) in batches behind ingestion, so a request
 * that logs activity never waits for them. Each write of activities hands over one batch (see
 * {@code LogBatches}); batches are claimed with SKIP LOCKED, so several instances share the work and none gets an
 * activity twice, and a batch is deleted once followed: no activity row is written twice.
 */
@Service
public class ActivityFeed {

    /** Logged batches taken at once: one claim, one read, one pass of each follower. */
    static final int BATCHES = 10;

    private static final TypeReference<Map<String, String>> PROPERTIES = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final List<ActivityFollower> followers;
    private final Clock clock;

    ActivityFeed(JdbcClient jdbc, List<ActivityFollower> followers, Clock clock) {
        this.jdbc = jdbc;
        this.followers = followers;
        this.clock = clock;
    }

    /** Follows a few logged batches; returns how many batches (none: the log is done for now). */
    @Transactional
    public int followBatch() {
        List<Long> batches = jdbc.sql("""
                SELECT id FROM activity_batches ORDER BY id FETCH FIRST :n ROWS ONLY FOR UPDATE SKIP LOCKED""")
                .param("n", BATCHES).query(Long.class).list();
        if (batches.isEmpty()) {
            return 0;
        }
        List<LoggedActivity> activity = jdbc.sql("""
                SELECT id, contact_id, type, custom_type, occurred_at, channel, target, flag, properties FROM activities
                 WHERE batch_id IN (:batches) ORDER BY id""")
                .param("batches", batches)
                .query((rs, n) -> new LoggedActivity(rs.getLong(1), rs.getLong(2), ActivityType.valueOf(rs.getString(3)),
                        rs.getString(4), Timestamps.read(rs, 5), rs.getString(6) == null ? null : Channel.valueOf(rs.getString(6)),
                        rs.getString(7), rs.getString(8), properties(rs.getString(9))))
                .list();
        if (!activity.isEmpty()) {
            for (ActivityFollower follower : followers) {
                follower.follow(activity);
            }
        }
        jdbc.sql("DELETE FROM activity_batches WHERE id IN (:batches)").param("batches", batches).update();
        return batches.size();
    }

    /** Follows everything waiting now; returns how many batches were followed. */
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
        Instant oldest = jdbc.sql("SELECT MIN(logged_at) FROM activity_batches")
                .query((rs, n) -> Timestamps.read(rs, 1)).optional().orElse(null);
        return oldest == null ? Duration.ZERO : Duration.between(oldest, clock.instant()).abs();
    }

    static Map<String, String> properties(String json) {
        return json == null ? Map.of() : JsonMapper.shared().readValue(json, PROPERTIES);
    }
}

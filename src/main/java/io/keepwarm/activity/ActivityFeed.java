package io.keepwarm.activity;

import io.keepwarm.contact.Channel;
import io.keepwarm.platform.CustomPlans;
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
 * that logs activity never waits for them. The log is the queue: a row waits until it is marked followed, batches
 * are claimed with SKIP LOCKED, so several instances share the work and none gets a row twice.
 */
@Service
public class ActivityFeed {

    /** Activities per batch: one claim, one pass of each follower, one update. */
    public static final int BATCH = 2000;

    private static final TypeReference<Map<String, String>> PROPERTIES = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final List<ActivityFollower> followers;
    private final Clock clock;
    private final CustomPlans customPlans;

    ActivityFeed(JdbcClient jdbc, List<ActivityFollower> followers, Clock clock, CustomPlans customPlans) {
        this.jdbc = jdbc;
        this.followers = followers;
        this.clock = clock;
        this.customPlans = customPlans;
    }

    /** Follows one batch of waiting activity; returns how many were followed (fewer than a batch: the log is done). */
    @Transactional
    public int followBatch() {
        List<LoggedActivity> batch = new java.util.ArrayList<>();
        // The log grows all day: a plan made while it was nearly empty would scan it whole.
        customPlans.around(() -> batch.addAll(jdbc.sql("""
                SELECT id, contact_id, type, custom_type, occurred_at, channel, target, flag, properties FROM activities
                 WHERE followed_at IS NULL ORDER BY id FETCH FIRST :n ROWS ONLY FOR UPDATE SKIP LOCKED""")
                .param("n", BATCH)
                .query((rs, n) -> new LoggedActivity(rs.getLong(1), rs.getLong(2), ActivityType.valueOf(rs.getString(3)),
                        rs.getString(4), Timestamps.read(rs, 5), rs.getString(6) == null ? null : Channel.valueOf(rs.getString(6)),
                        rs.getString(7), rs.getString(8), properties(rs.getString(9))))
                .list()));
        if (batch.isEmpty()) {
            return 0;
        }
        for (ActivityFollower follower : followers) {
            follower.follow(batch);
        }
        jdbc.sql("UPDATE activities SET followed_at = :now WHERE id IN (:ids)")
                .param("now", Timestamps.now(clock)).param("ids", batch.stream().map(LoggedActivity::id).toList()).update();
        return batch.size();
    }

    /** Follows everything waiting now; returns how many were followed. */
    public int followAll() {
        int total = 0;
        int followed;
        do {
            followed = followBatch();
            total += followed;
        } while (followed == BATCH);
        return total;
    }

    /** How long the oldest waiting activity has waited since it was logged: zero when nothing waits. */
    public Duration lag() {
        Instant oldest = jdbc.sql("""
                SELECT recorded_at FROM activities WHERE followed_at IS NULL ORDER BY id FETCH FIRST 1 ROWS ONLY""")
                .query((rs, n) -> Timestamps.read(rs, 1)).optional().orElse(null);
        return oldest == null ? Duration.ZERO : Duration.between(oldest, clock.instant()).abs();
    }

    static Map<String, String> properties(String json) {
        return json == null ? Map.of() : JsonMapper.shared().readValue(json, PROPERTIES);
    }
}

package io.keepwarm.handoff.internal;

import io.keepwarm.identity.User;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Weighted round-robin by stride scheduling. Each rep has a pass; the rep with the lowest pass gets the next lead
 * (ties: the lower user id) and their pass grows by 1e9 / weight, so a rep of weight 2 gets two leads for each one of
 * weight 1. The settings row keeps the pass of the last choice: a rep who is new, or back from being away, starts
 * there instead of catching up on the leads they missed. The settings row is locked for the choice, so two hand-offs
 * at once take turns.
 */
@Component
class Rotation {

    private static final long SCALE = 1_000_000_000L;

    private final JdbcClient jdbc;

    Rotation(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The next of these reps (each with a weight of 1 or more); call inside a transaction. */
    User next(List<User> reps) {
        Turn turn = take(reps, lockedPass());
        jdbc.sql("UPDATE handoff_settings SET rotation_pass = ? WHERE id = 1").param(turn.pass()).update();
        return turn.rep();
    }

    /**
     * The next of the reps who cover one territory, by the same passes: a territory's lead is one of the rep's leads,
     * as a round-robin one is. The round-robin's place (the settings row) stays where it was, or a busy territory would
     * push every rep who is new or back from away ahead of the reps waiting in the round-robin. A rep of weight 0 (out
     * of the round-robin) still takes their territory's leads, as weight 1.
     */
    User nextInTerritory(List<User> reps) {
        return take(reps, lockedPass()).rep();
    }

    private record Turn(User rep, long pass) {}

    /** The settings row's pass, locked, so two choices at once take turns. */
    private long lockedPass() {
        return jdbc.sql("SELECT rotation_pass FROM handoff_settings WHERE id = 1 FOR UPDATE").query(Long.class).single();
    }

    /** The rep with the lowest pass (never below the global one), whose pass then grows by their share. */
    private Turn take(List<User> reps, long global) {
        Map<Long, Long> passes = new HashMap<>();
        jdbc.sql("SELECT user_id, pass FROM handoff_rotation WHERE user_id IN (:ids)")
                .param("ids", reps.stream().map(User::id).toList())
                .query(rs -> {
                    passes.put(rs.getLong(1), rs.getLong(2));
                });
        Comparator<User> byPass = Comparator.comparingLong(u -> Math.max(passes.getOrDefault(u.id(), global), global));
        User chosen = reps.stream().min(byPass.thenComparingLong(User::id)).orElseThrow();
        long pass = Math.max(passes.getOrDefault(chosen.id(), global), global);
        long next = pass + SCALE / Math.max(1, chosen.weight());
        if (jdbc.sql("UPDATE handoff_rotation SET pass = ? WHERE user_id = ?").params(next, chosen.id()).update() == 0) {
            jdbc.sql("INSERT INTO handoff_rotation (user_id, pass) VALUES (?, ?)").params(chosen.id(), next).update();
        }
        return new Turn(chosen, pass);
    }
}

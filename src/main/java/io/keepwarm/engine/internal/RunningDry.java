package io.keepwarm.engine.internal;

import io.keepwarm.engine.Touch;
import io.keepwarm.program.Enrollment;
import io.keepwarm.program.Enrollments;
import io.keepwarm.program.Program;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Tells a stream's contacts out of content (exhaustedAt, ProgramExhausted) the moment their last piece has gone and
 * nothing of the pool is left for them or on its way, as the program's page, its stats and the exhaustion forecast
 * count them out. Only the stream's next cadence moment, finding nothing to send, used to tell them: a trigger on
 * running out fired, and the analytics counted them, a whole cadence after the page said "already out of content".
 */
@Component
class RunningDry {

    private static final int PAGE = 500;

    private final StreamPools pools;
    private final TouchStore touches;
    private final Enrollments enrollments;

    RunningDry(StreamPools pools, TouchStore touches, Enrollments enrollments) {
        this.pools = pools;
        this.touches = touches;
        this.enrollments = enrollments;
    }

    /**
     * After cadence pieces that waited (held by quiet hours or a cap) have gone: which of their contacts have nothing
     * of the pool left is asked here, a few statements per stream, for the planner's reckoning was made when it
     * planned them.
     */
    void afterSent(List<Touch> sent, Map<Long, Program> running, Instant now) {
        Map<Long, List<Touch>> byStream = new HashMap<>();
        sent.forEach(t -> byStream.computeIfAbsent(t.programId(), id -> new java.util.ArrayList<>()).add(t));
        byStream.forEach((programId, pieces) -> {
            Map<Long, Integer> left = pools.left(running.get(programId),
                    pieces.stream().map(Touch::contactId).distinct().toList());
            afterLastSent(pieces.stream().filter(t -> left.get(t.contactId()) == 0).toList(), now);
        });
    }

    /**
     * After a stream's pool was edited: each active contact is out of content, or no more, as the program's page now
     * counts them (a piece added for them, or the one on its way taken out), a page of enrollments at a time.
     */
    void recount(Program stream, Instant now) {
        String cursor = null;
        do {
            var page = enrollments.list(stream.id(), Enrollment.Status.ACTIVE, cursor, PAGE);
            Map<Long, Integer> left = pools.left(stream, page.items().stream().map(Enrollment::contactId).toList());
            Map<Long, Instant> onItsWay = touches.poolPieceOnItsWay(stream.id(),
                    page.items().stream().map(Enrollment::id).toList());
            List<Long> refilled = new java.util.ArrayList<>();
            for (Enrollment e : page.items()) {
                // As Engine.stats: out when no piece of the pool is left for them and none is on its way.
                boolean out = left.get(e.contactId()) == 0 && !onItsWay.containsKey(e.id());
                // One already told stays told: no statement for each of a large stream's contacts long out.
                if (out && e.exhaustedAt() == null) {
                    enrollments.exhausted(e, now);
                } else if (!out && e.exhaustedAt() != null) {
                    refilled.add(e.id());
                }
            }
            enrollments.replenished(refilled);
            cursor = page.nextCursor();
        } while (cursor != null);
    }

    /**
     * After these pieces, each the last the pool held for its contact, have gone: their enrollments, still active and
     * with no other piece on its way (an earlier one held by a cap), are out of content now.
     */
    void afterLastSent(List<Touch> lastPieces, Instant now) {
        Map<Long, List<Touch>> byStream = new HashMap<>();
        lastPieces.forEach(t -> byStream.computeIfAbsent(t.programId(), id -> new java.util.ArrayList<>()).add(t));
        byStream.forEach((programId, pieces) -> {
            Set<Long> theirs = pieces.stream().map(Touch::enrollmentId).collect(Collectors.toSet());
            List<Enrollment> active = enrollments.activeOf(programId, pieces.stream().map(Touch::contactId).distinct()
                    .toList()).stream().filter(e -> theirs.contains(e.id())).toList();
            Map<Long, Instant> onItsWay = touches.poolPieceOnItsWay(programId, active.stream().map(Enrollment::id).toList());
            active.stream().filter(e -> !onItsWay.containsKey(e.id())).forEach(e -> enrollments.exhausted(e, now));
        });
    }
}

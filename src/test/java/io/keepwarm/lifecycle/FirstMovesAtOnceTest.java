package io.keepwarm.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.keepwarm.program.Enrollment;
import io.keepwarm.program.Enrollments;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.Locks;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A NEW contact has no stage row until its first move writes one. Two transactions that both make the first move
 * of one contact (an enrollment batch and the readiness rule, two programs enrolling it, a batch and a single move)
 * take turns: the later one sees what the first committed and moves on from there, its whole batch intact.
 */
@KeepwarmTest
class FirstMovesAtOnceTest {

    private static final Lifecycle.Move ENROLLED = new Lifecycle.Move(Stage.NURTURE, "ENROLLED", "Enrolled in program");
    private static final Lifecycle.Move READY = new Lifecycle.Move(Stage.MQL, "READINESS_RULE", "score 100 reached 80");

    @Autowired Api api;
    @Autowired Lifecycle lifecycle;
    @Autowired TransactionTemplate tx;
    @Autowired JdbcClient jdbc;

    @Autowired Enrollments enrollments;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    Stages stages;

    @BeforeEach
    void steps() {
        stages = new Stages(api);
    }

    @Test
    void theReadinessRuleWaitingForAnEnrollmentBatchPromotesTheNowNurturedContactAndTheRestOfItsBatch() throws Exception {
        long both = stages.aContact("both");
        long scoredOnly = stages.aContact("scored-only");

        List<Long> promoted = whileFirstHoldsItsMove(
                () -> lifecycle.moveNew(List.of(both), ENROLLED, ActorType.PROGRAM, "program:1"),
                () -> lifecycle.moveWhereAllowed(Map.of(both, READY, scoredOnly, READY), ActorType.SYSTEM, "scoring"));

        assertThat(promoted).containsExactlyInAnyOrder(both, scoredOnly);
        assertThat(lifecycle.transitions(both)).extracting(Lifecycle.Transition::from, Lifecycle.Transition::to)
                .containsExactly(tuple(Stage.NEW, Stage.NURTURE),
                        tuple(Stage.NURTURE, Stage.MQL));
        assertThat(stages.stageOf(both)).isEqualTo("MQL");
        assertThat(stages.stageOf(scoredOnly)).isEqualTo("MQL");
    }

    @Test
    void twoProgramsEnrollingOneNewContactAtOnceMoveItToNurtureOnceAndTheLaterBatchEnrollsAll() throws Exception {
        long both = stages.aContact("both-programs");
        long secondOnly = stages.aContact("second-program-only");
        long first = program("first");
        long second = program("second");

        Enrollments.Enrolled enrolled = whileFirstHoldsItsMove(
                () -> enrollments.enroll(first, List.of(both), Enrollment.Source.MANUAL),
                () -> enrollments.enroll(second, List.of(both, secondOnly), Enrollment.Source.MANUAL));

        assertThat(enrolled.enrolled()).isEqualTo(2);
        assertThat(lifecycle.transitions(both)).singleElement().satisfies(t -> {
            assertThat(t.to()).isEqualTo(Stage.NURTURE);
            assertThat(t.actor()).isEqualTo("program:" + first);
        });
        assertThat(lifecycle.transitions(secondOnly)).singleElement()
                .satisfies(t -> assertThat(t.actor()).isEqualTo("program:" + second));
    }

    @Test
    void aSingleMoveWaitingForAnEnrollmentBatchMovesOnFromNurture() throws Exception {
        long lead = stages.aContact("single");

        Lifecycle.CurrentStage now = whileFirstHoldsItsMove(
                () -> lifecycle.moveNew(List.of(lead), ENROLLED, ActorType.PROGRAM, "program:1"),
                () -> lifecycle.move(lead, READY, ActorType.TRIGGER, "trigger:1"));

        assertThat(now.stage()).isEqualTo(Stage.MQL);
        assertThat(lifecycle.transitions(lead)).extracting(Lifecycle.Transition::from)
                .containsExactly(Stage.NEW, Stage.NURTURE);
    }

    private long program(String name) throws Exception {
        return api.activeProgram("""
                {"name": "%s %s", "kind": "SEQUENCE", "steps": [
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}]}""".formatted(name, run,
                api.liveArticle(name + " " + run)));
    }

    /**
     * Runs the first move in a transaction kept open until the second, in a transaction of its own, waits for a lock
     * the first holds; then commits the first and answers what the second did.
     */
    private <T> T whileFirstHoldsItsMove(Runnable first, Callable<T> second) throws Exception {
        return Locks.whileFirstHolds(tx, first, () -> tx.execute(status -> {
            try {
                return second.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }), () -> Locks.sessionsWaitingOnEither(jdbc) > 0);
    }

}

package io.keepwarm.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The builder's buttons: steps move and go while every branch keeps pointing at the step it named. */
class ProgramFormTest {

    @Test
    void movingAndRemovingStepsKeepsEachBranchPointingAtTheSameStep() {
        ProgramForm form = new ProgramForm();
        form.apply("add:branch");
        form.apply("add:send");
        form.apply("add:task");
        form.apply("add:wait");
        form.steps.getFirst().elseStep = 2;

        form.apply("up:2");
        assertThat(form.steps).extracting(s -> s.type).containsExactly("branch", "task", "send", "wait");
        assertThat(form.steps.getFirst().elseStep).as("still the task").isEqualTo(1);

        form.apply("down:2");
        assertThat(form.steps).extracting(s -> s.type).containsExactly("branch", "task", "wait", "send");
        form.apply("remove:1");
        assertThat(form.steps).extracting(s -> s.type).containsExactly("branch", "wait", "send");
        assertThat(form.steps.getFirst().elseStep).as("its step is gone: the end").isEqualTo(-1);
    }

    @Test
    void thePoolTakesEachPieceOnceInTheOrderGiven() {
        ProgramForm form = ProgramForm.of(io.keepwarm.program.ProgramKind.STREAM);
        for (long piece : new long[] {7, 8, 7, 9}) {
            form.poolAdd = piece;
            form.apply("pool-add");
        }
        form.apply("pool-up:2");
        form.apply("pool-remove:0");

        assertThat(form.pool).containsExactly(9L, 8L);
    }
}

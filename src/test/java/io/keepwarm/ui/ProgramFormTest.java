package io.keepwarm.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.contact.Channel;
import io.keepwarm.program.Program;
import io.keepwarm.program.ProgramKind;
import io.keepwarm.program.ProgramStatus;
import io.keepwarm.program.Reenrollment;
import io.keepwarm.program.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    @Test
    void aSequenceMadeThroughTheApiWithMinutesInItsTimesIsSavedFromTheBuilderAsItWas() {
        List<Step> steps = List.of(new Step.Send(7, Channel.EMAIL, Duration.ofMinutes(90)),
                new Step.Wait(Duration.ofMinutes(30), null, null), new Step.Wait(Duration.parse("P2DT3H5M"), null, null));
        Program program = new Program(1, "Minutes", null, ProgramKind.SEQUENCE, ProgramStatus.DRAFT, 100, null,
                Reenrollment.NEVER, null, false, steps, null, List.of(), false, 1, "test", Instant.EPOCH, Instant.EPOCH);

        Map<String, String> errors = new HashMap<>();
        Program.Draft draft = ProgramForm.of(program, null).draft(null, d -> List.of(), errors);

        assertThat(errors).isEmpty();
        assertThat(draft.steps()).isEqualTo(steps);
    }

    @Test
    void aStepMarkedToSendEvenIfReceivedKeepsItsMarkThroughTheBuilderAndAnUnmarkedOneStaysUnchanged() {
        List<Step> steps = List.of(new Step.Send(7, Channel.EMAIL, null, true), new Step.Send(8, Channel.EMAIL, null));
        Program program = new Program(1, "Reminders", null, ProgramKind.SEQUENCE, ProgramStatus.DRAFT, 100, null,
                Reenrollment.NEVER, null, false, steps, null, List.of(), false, 1, "test", Instant.EPOCH, Instant.EPOCH);

        ProgramForm form = ProgramForm.of(program, null);
        Program.Draft draft = form.draft(null, d -> List.of(), new HashMap<>());

        assertThat(form.steps).extracting(s -> s.sendEvenIfReceived).containsExactly(true, false);
        assertThat(draft.steps()).as("saved as it was: the edit's impact counts no changed step").isEqualTo(steps);
        assertThat(new Step.Send(8, Channel.EMAIL, null, null)).as("left out, as in programs saved before the option")
                .isEqualTo(new Step.Send(8, Channel.EMAIL, null, false));
    }
}

package io.keepwarm.trigger.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.activity.ActivityType;
import io.keepwarm.activity.LoggedActivity;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.trigger.Cue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each cue listens for, decided in memory for a whole batch. */
class CuesTest {

    @Test
    void anActivityCueMatchesItsTypeItsCustomTypeAndItsTargetButNeverAMachine() {
        Cue.Activity pricing = new Cue.Activity(ActivityType.PAGE_VIEW, null, "/pricing");
        Cue.Activity paper = new Cue.Activity(ActivityType.FORM_SUBMITTED, null, "white-paper-*");
        Cue.Activity trial = new Cue.Activity(ActivityType.CUSTOM, "trial_started", null);

        assertThat(matches(pricing, activity(ActivityType.PAGE_VIEW, null, "https://example.com/Pricing?plan=pro", null))).isTrue();
        assertThat(matches(pricing, activity(ActivityType.PAGE_VIEW, null, "https://example.com/blog", null))).isFalse();
        assertThat(matches(pricing, activity(ActivityType.EMAIL_CLICKED, null, "https://example.com/pricing", null))).isFalse();
        assertThat(matches(pricing, activity(ActivityType.PAGE_VIEW, null, "https://example.com/pricing", "scanner"))).isFalse();
        assertThat(matches(paper, activity(ActivityType.FORM_SUBMITTED, null, "White-Paper-HPC", null))).isTrue();
        assertThat(matches(paper, activity(ActivityType.FORM_SUBMITTED, null, "the white-paper-hpc", null))).isFalse();
        assertThat(matches(trial, activity(ActivityType.CUSTOM, "TRIAL_STARTED", null, null))).isTrue();
        assertThat(matches(trial, activity(ActivityType.CUSTOM, "trial_ended", null, null))).isFalse();
    }

    @Test
    void aStageCueMatchesTheMoveItNamesAndDealLostAnyMoveToLost() {
        CueEvent lost = event(CueEvent.Type.STAGE_CHANGED, "OPPORTUNITY>LOST", null);
        CueEvent ready = event(CueEvent.Type.STAGE_CHANGED, "NURTURE>MQL", null);

        assertThat(Cues.matches(new Cue.DealLost(), lost)).isTrue();
        assertThat(Cues.matches(new Cue.DealLost(), ready)).isFalse();
        assertThat(Cues.matches(new Cue.StageChanged(null, Stage.MQL), ready)).isTrue();
        assertThat(Cues.matches(new Cue.StageChanged(Stage.DORMANT, Stage.MQL), ready)).isFalse();
        assertThat(Cues.matches(new Cue.StageChanged(null, null), lost)).isTrue();
    }

    @Test
    void aNoteCueMatchesAnyKeywordInAnyCase() {
        Cue.NoteAdded cue = new Cue.NoteAdded(List.of("lease", "contract ends"));

        assertThat(Cues.matches(cue, event(CueEvent.Type.NOTE_ADDED, "1", "Their CONTRACT ENDS in May"))).isTrue();
        assertThat(Cues.matches(cue, event(CueEvent.Type.NOTE_ADDED, "2", "Nothing to report"))).isFalse();
        assertThat(Cues.matches(cue, event(CueEvent.Type.TAG_ADDED, "lease", null))).isFalse();
    }

    private static boolean matches(Cue.Activity cue, LoggedActivity activity) {
        return Cues.matches(cue, cue.target() == null ? null : Cues.glob(cue.target()), activity);
    }

    private static LoggedActivity activity(ActivityType type, String customType, String target, String flag) {
        return new LoggedActivity(1, 1, type, customType, Instant.EPOCH, null, target, flag, Map.of(), Instant.EPOCH, null);
    }

    private static CueEvent event(CueEvent.Type type, String subject, String detail) {
        return new CueEvent(1, type, 1, subject, detail, List.of(), Instant.EPOCH);
    }
}

package io.keepwarm.scoring.internal;

import io.keepwarm.lifecycle.ActorType;
import io.keepwarm.lifecycle.Lifecycle;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.scoring.ScoringSettings;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The readiness rule: a contact whose score and grade come to meet it becomes MQL. Only the crossing counts, so a
 * lead above the threshold is not handed over again by each click. A lead sales rejects, recycles or loses comes
 * back to nurture with its score reset ({@link RecycledLeads}), so fresh interest crosses again.
 */
@Component
public class ReadyLeads {

    private final ScoringSettings settings;
    private final Lifecycle lifecycle;

    ReadyLeads(ScoringSettings settings, Lifecycle lifecycle) {
        this.settings = settings;
        this.lifecycle = lifecycle;
    }

    /** Moves to MQL those entries that meet the rule now and did not before, where their stage allows it. */
    public void promote(Collection<ScoreBook.Entry> entries, boolean grading) {
        Map<Long, Lifecycle.Move> crossed = new HashMap<>();
        for (ScoreBook.Entry e : entries) {
            if (!settings.ready(e.scoreBefore(), e.gradeBefore(), grading) && settings.ready(e.score(), e.grade(), grading)) {
                crossed.put(e.contactId(), new Lifecycle.Move(Stage.MQL, "READINESS_RULE", reason(e, grading)));
            }
        }
        if (!crossed.isEmpty()) {
            lifecycle.moveWhereAllowed(crossed, ActorType.SYSTEM, "scoring");
        }
    }

    private String reason(ScoreBook.Entry e, boolean grading) {
        return "score " + e.score() + " reached " + settings.readyScore()
                + (grading ? " with fit grade " + e.grade() + " (at least " + settings.readyGrade() + ")" : "");
    }
}

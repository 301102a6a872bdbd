package io.keepwarm.scoring.internal;

import io.keepwarm.lifecycle.ActorType;
import io.keepwarm.lifecycle.Lifecycle;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.platform.Actors;
import io.keepwarm.scoring.ScoringSettings;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The readiness rule: a contact whose score and grade come to meet it becomes MQL. Only the crossing counts, so a
 * lead above the threshold is not handed over again by each click. A lead sales rejects, recycles or loses comes
 * back to nurture with its score reset ({@link RecycledLeads}), so fresh interest crosses again.
 *
 * <p>A change of the rule hands nobody over by itself: a contact that meets the new rule crosses it at its next score
 * change, as it would have had the rule been so all along (see {@link ScoreBook.Entry#judge}).
 */
@Component
public class ReadyLeads {

    /** The name the readiness rule acts under, in a stage's history and the audit log. */
    private static final String SCORING = "scoring";

    private final Lifecycle lifecycle;

    ReadyLeads(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /** Judges the entries by the rule before the book saves them, which keeps what was found with each score. */
    public void judge(Collection<ScoreBook.Entry> entries, ScoringSettings settings, boolean grading) {
        entries.forEach(e -> e.judge(settings, grading));
    }

    /** Moves to MQL those judged entries that came to meet the rule, where their stage allows it. */
    public void promote(Collection<ScoreBook.Entry> entries, ScoringSettings settings, boolean grading) {
        Map<Long, Lifecycle.Move> crossed = new HashMap<>();
        for (ScoreBook.Entry e : entries) {
            if (e.crossed()) {
                crossed.put(e.contactId(), new Lifecycle.Move(Stage.MQL, "READINESS_RULE", reason(e, settings, grading)));
            }
        }
        if (!crossed.isEmpty()) {
            // What follows the move (the hand-off, the rep's task) is the rule's doing too, not the event's sender's.
            Actors.actingAs(SCORING, () -> lifecycle.moveWhereAllowed(crossed, ActorType.SYSTEM, SCORING));
        }
    }

    private static String reason(ScoreBook.Entry e, ScoringSettings settings, boolean grading) {
        return "score " + e.score() + " reached " + settings.readyScore()
                + (grading ? " with fit grade " + e.grade() + " (at least " + settings.readyGrade() + ")" : "");
    }
}

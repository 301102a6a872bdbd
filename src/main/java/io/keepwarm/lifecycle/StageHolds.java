package io.keepwarm.lifecycle;

import java.util.Collection;
import java.util.Map;

/**
 * Something above the lifecycle that keeps contacts in their stage against automatic moves: programs, triggers and
 * jobs leave a held contact where it is (a rep deciding its hand-off), a person's move goes through. Implemented by
 * the module that holds, so the lifecycle asks without depending on it.
 */
public interface StageHolds {

    /** Of these contacts, those held now, each with its hold. */
    Map<Long, Hold> held(Collection<Long> contactIds);

    /**
     * A lead in sales' hands: its open hand-off and the rep who decides it. What passes a move over records the ids, and
     * each page says them in its own words (the rep by the name they have when it is read); {@code why} is the sentence
     * the API's 409 gives an integrator, ids and the call to make included.
     *
     * @param repId null while the hand-off waits for a rep
     */
    record Hold(long handoffId, Long repId, String why) {}
}

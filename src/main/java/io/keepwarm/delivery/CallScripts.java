package io.keepwarm.delivery;

import java.util.List;
import java.util.Map;

/**
 * A program's call script filled in when a rep reads it, for whoever makes the call: the task keeps the script as it
 * was filled in at hand-over, for the rep it went to, but that rep may be away and a stand-in call, or the task be
 * given to another rep, and the script should name who is on the phone ({@code caller.*}), the contact's owner
 * staying {@code owner.*}. The engine, which holds the touches and their pieces, fills them in.
 */
public interface CallScripts {

    /**
     * A program's call to fill in.
     *
     * @param touchId the program touch that made it (the first attempt's, for a further attempt)
     * @param callerId who holds the task and so makes the call; null for a call nobody holds yet
     */
    record Call(long taskId, long touchId, long contactId, Long callerId) {}

    /**
     * A call's script as filled in now.
     *
     * @param script the script for its caller; null when it cannot be filled in again, and the rep reads it as kept
     * @param note why the rep reads the script as kept, in words, shown beside it; null when {@code script} is given
     * @param title what the call is about ("Call: Cooling guide (Winter nurture)"), for a call kept with its kind's
     *     label alone (made before calls were titled so); null when unknown
     */
    record Filled(String script, String note, String title) {}

    /** Each call filled in, by task id; a call whose touch is not known (erased since) is absent. */
    Map<Long, Filled> fill(List<Call> calls);
}

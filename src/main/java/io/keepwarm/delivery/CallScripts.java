package io.keepwarm.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A program's call script filled in when a rep reads it, for whoever makes the call: the task keeps the script as it
 * was filled in at hand-over, for the rep it went to, but that rep may be away and a stand-in call, or the task be
 * given to another rep, and the script should name who is on the phone ({@code caller.*}), the contact's owner
 * staying {@code owner.*}. The engine, which holds the touches and their pieces, fills them in.
 *
 * <p>Which words: the piece's live version as it is now, not the one the call was planned with. A call task made by
 * a program's step is work still to do, as in HubSpot's or Marketo's task queues, and marketing's correction of a
 * script after planning (a wrong price, a new offer) should reach the rep who calls tomorrow. A piece no longer live
 * (taken back to draft for rework, or retired) has no words marketing stands behind now: the rep reads the script as
 * it was when the call was made, told why. What the rep read is what the record keeps: logging the call keeps the
 * script as filled in then on the task, and the audit entry says from which saved version of the piece.
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
     * @param pieceSavedAt when the piece {@code script} was filled in from was last saved: which version of it the rep
     *     reads; null when {@code script} is null
     */
    record Filled(String script, String note, String title, Instant pieceSavedAt) {}

    /** Each call filled in, by task id; a call whose touch is not known (erased since) is absent. */
    Map<Long, Filled> fill(List<Call> calls);

    /**
     * Each call's title alone, by task id, as {@link #fill} gives it, without filling in a script: for a list that
     * shows none, where rendering every call's script would be work thrown away. A call whose touch or piece is not
     * known is absent.
     */
    Map<Long, String> titles(List<Call> calls);
}

package io.keepwarm.program.internal;

import io.keepwarm.program.Step;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where a live sequence's contacts stand after its steps were edited. A contact's place is the index of the next
 * step it takes, and the steps it has passed must stay passed. The old and new steps are matched (the longest
 * common run, in order, of equal steps); between two matched steps, the new steps stand in for the old ones there,
 * so a contact skips as many of them as it had passed of the old (a step it passed and that was changed is not
 * taken again) and takes the rest (a step added ahead of it is).
 */
public final class StepMoves {

    private StepMoves() {}

    /** For each old step, the new step it was matched with; -1 for one removed or changed. */
    public static int[] kept(List<Step> before, List<Step> after) {
        int[][] common = new int[before.size() + 1][after.size() + 1];
        for (int i = before.size() - 1; i >= 0; i--) {
            for (int j = after.size() - 1; j >= 0; j--) {
                common[i][j] = before.get(i).equals(after.get(j)) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        int[] kept = new int[before.size()];
        java.util.Arrays.fill(kept, -1);
        for (int i = 0, j = 0; i < before.size() && j < after.size(); ) {
            if (before.get(i).equals(after.get(j))) {
                kept[i++] = j++;
            } else if (common[i + 1][j] >= common[i][j + 1]) {
                i++;
            } else {
                j++;
            }
        }
        return kept;
    }

    /**
     * For each old place (0 to old size, the end included), the new one. Contacts waiting in a wait the edit changed
     * stand after the wait that took its place ({@link #changedWaits}), so they wait its time, not a step added
     * beside it.
     */
    public static int[] places(List<Step> before, List<Step> after) {
        int[] kept = kept(before, after);
        int[] places = new int[before.size() + 1];
        for (int place = 0; place <= before.size(); place++) {
            Gap gap = gap(kept, place, before.size(), after.size());
            int passedSince = place - (gap.lastKept() + 1);
            places[place] = gap.from() + Math.min(passedSince, gap.to() - gap.from());
        }
        standIns(before, after, kept).forEach((oldWait, newWait) -> places[oldWait + 1] = newWait + 1);
        return places;
    }

    /**
     * The waits an edit changed or removed, by the old place of the contacts waiting in them (the step after the
     * wait): the wait that stands in for each after the edit, or empty where none does (the wait was removed or
     * became another kind of step). Their contacts should wait the new time, or go on now; a kept wait keeps its
     * contacts' time.
     */
    public static Map<Integer, Optional<Step.Wait>> changedWaits(List<Step> before, List<Step> after) {
        int[] kept = kept(before, after);
        Map<Integer, Integer> standIns = standIns(before, after, kept);
        Map<Integer, Optional<Step.Wait>> changed = new TreeMap<>();
        for (int old = 0; old < before.size(); old++) {
            if (before.get(old) instanceof Step.Wait && kept[old] < 0) {
                Integer standIn = standIns.get(old);
                changed.put(old + 1, standIn == null ? Optional.empty() : Optional.of((Step.Wait) after.get(standIn)));
            }
        }
        return changed;
    }

    /**
     * Where an old place sits among the matched steps: the last matched step before it (-1 for none), and the new
     * steps between the matched ones around it, from {@code from} up to {@code to}.
     */
    private record Gap(int lastKept, int from, int to) {}

    private static Gap gap(int[] kept, int place, int beforeSize, int afterSize) {
        int lastKept = place - 1;
        while (lastKept >= 0 && kept[lastKept] < 0) {
            lastKept--;
        }
        int nextKept = lastKept + 1;
        while (nextKept < beforeSize && kept[nextKept] < 0) {
            nextKept++;
        }
        return new Gap(lastKept, lastKept < 0 ? 0 : kept[lastKept] + 1, nextKept < beforeSize ? kept[nextKept] : afterSize);
    }

    /**
     * For each changed old wait, the new wait standing in for it: between the same matched steps, the first new
     * wait for the first old one there, the second for the second, and so on; none where the new steps there hold
     * fewer waits.
     */
    private static Map<Integer, Integer> standIns(List<Step> before, List<Step> after, int[] kept) {
        Map<Integer, Integer> standIns = new HashMap<>();
        for (int old = 0; old < before.size(); old++) {
            if (!(before.get(old) instanceof Step.Wait) || kept[old] >= 0) {
                continue;
            }
            Gap gap = gap(kept, old, before.size(), after.size());
            long earlierWaits = before.subList(gap.lastKept() + 1, old).stream().filter(Step.Wait.class::isInstance).count();
            int seen = 0;
            for (int j = gap.from(); j < gap.to(); j++) {
                if (after.get(j) instanceof Step.Wait && seen++ == earlierWaits) {
                    standIns.put(old, j);
                    break;
                }
            }
        }
        return standIns;
    }
}

package io.keepwarm.program.internal;

import io.keepwarm.program.Step;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    /** For each old place (0 to old size, the end included), the new one. */
    public static int[] places(List<Step> before, List<Step> after) {
        int[] kept = kept(before, after);
        int[] places = new int[before.size() + 1];
        for (int place = 0; place <= before.size(); place++) {
            // The matched steps around the place: the last one passed, and the next one after it.
            int lastKept = place - 1;
            while (lastKept >= 0 && kept[lastKept] < 0) {
                lastKept--;
            }
            int nextKept = lastKept + 1;
            while (nextKept < before.size() && kept[nextKept] < 0) {
                nextKept++;
            }
            int from = lastKept < 0 ? 0 : kept[lastKept] + 1;
            int to = nextKept < before.size() ? kept[nextKept] : after.size();
            int passedSince = place - (lastKept + 1);
            places[place] = from + Math.min(passedSince, to - from);
        }
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
        int[] places = places(before, after);
        Set<Integer> keptNew = new HashSet<>();
        for (int k : kept) {
            keptNew.add(k);
        }
        Map<Integer, Optional<Step.Wait>> changed = new TreeMap<>();
        for (int old = 0; old < before.size(); old++) {
            if (before.get(old) instanceof Step.Wait && kept[old] < 0) {
                int place = places[old + 1];
                changed.put(old + 1, place > 0 && !keptNew.contains(place - 1)
                        && after.get(place - 1) instanceof Step.Wait wait ? Optional.of(wait) : Optional.empty());
            }
        }
        return changed;
    }
}

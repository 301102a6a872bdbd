package io.keepwarm.contact;

import java.util.List;
import java.util.Map;

/**
 * Sets the stages an import's rows give, for the import, which the lifecycle module answers (it depends on this one,
 * not the other way round). An import is no person deciding about one lead: it may only say a contact is new, being
 * nurtured or disqualified, and only where the lifecycle lets an automatic move go (a lead with sales, or held by an
 * open hand-off, stays where it is); a stage column is fed only by a column a person maps to it, so an export read
 * back moves nobody.
 */
public interface ImportedStages {

    /** The stages a row may give, as the lifecycle names them. */
    List<String> IMPORTABLE = List.of("NEW", "NURTURE", "DISQUALIFIED");

    /** The row's stage (any case, spaces aside) as the lifecycle spells it, when an import may set it; else null. */
    static String importable(String written) {
        String stage = written == null ? null : written.strip().toUpperCase(java.util.Locale.ROOT);
        return stage != null && IMPORTABLE.contains(stage) ? stage : null;
    }

    /**
     * Moves each contact to the stage its row gives (one of {@link #IMPORTABLE}) where the lifecycle lets an import,
     * and answers for each contact it did not move although the stage was another, why, in words ("it is SQL, with
     * sales: an import does not move it to NURTURE"). {@code by} is who runs the import.
     */
    Map<Long, String> set(Map<Long, String> stages, String by);
}

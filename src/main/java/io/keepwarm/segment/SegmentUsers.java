package io.keepwarm.segment;

import java.util.List;

/**
 * What outside the segment module names segments or lists (fit rules, programs, triggers, content): a segment or list
 * one of them names is not deleted, or every contact write (fit grading), engine walk or trigger check that reads the
 * rule would fail on it. Each answers what of its own names the segment or list, in words a person recognises.
 */
public interface SegmentUsers {

    /** E.g. "fit rule 'HPC'"; empty when nothing names the segment. */
    List<String> usingSegment(long segmentId);

    /** E.g. "trigger 'Lease renewal'"; empty when nothing names the list. */
    List<String> usingList(long listId);

    /** Whether the rule names the segment, anywhere in it. */
    static boolean namesSegment(Rule rule, long segmentId) {
        return rule != null && io.keepwarm.segment.internal.SegmentRows.mentions(rule,
                r -> r instanceof Rule.InSegment in && in.segmentId() == segmentId);
    }

    /** Whether the rule compares the field (a custom attribute's key), itself or its anniversary, anywhere in it. */
    static boolean namesField(Rule rule, String field) {
        return rule != null && io.keepwarm.segment.internal.SegmentRows.mentions(rule,
                r -> r instanceof Rule.Compare compare && (compare.field().equals(field)
                        || compare.field().equals("anniversary(" + field + ")")));
    }

    /** Whether the rule names the list, anywhere in it. */
    static boolean namesList(Rule rule, long listId) {
        return rule != null && io.keepwarm.segment.internal.SegmentRows.mentions(rule,
                r -> r instanceof Rule.InList in && in.listId() == listId);
    }
}

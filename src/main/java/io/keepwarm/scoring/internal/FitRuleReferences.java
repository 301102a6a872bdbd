package io.keepwarm.scoring.internal;

import io.keepwarm.contact.AttributeUsers;
import io.keepwarm.scoring.ScoringRules;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.SegmentUsers;
import io.keepwarm.segment.Segments;
import java.util.List;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;

/**
 * The fit rules that name a segment, list or attribute, so that it is not deleted under them: every contact's grade
 * reads them on each change of the contact.
 */
@Component
class FitRuleReferences implements SegmentUsers, AttributeUsers {

    private final ScoringRules rules;
    private final Segments segments;

    FitRuleReferences(ScoringRules rules, Segments segments) {
        this.rules = rules;
        this.segments = segments;
    }

    @Override
    public List<String> usingSegment(long segmentId) {
        return naming(rule -> SegmentUsers.namesSegment(rule, segmentId));
    }

    @Override
    public List<String> usingList(long listId) {
        return naming(rule -> SegmentUsers.namesList(rule, listId));
    }

    @Override
    public List<String> usingAttribute(String key) {
        return naming(rule -> SegmentUsers.namesField(rule, key));
    }

    private List<String> naming(Predicate<Rule> names) {
        return rules.fitRules().stream().filter(f -> names.test(segments.parse(f.rule())))
                .map(f -> "fit rule '" + f.name() + "'").toList();
    }
}

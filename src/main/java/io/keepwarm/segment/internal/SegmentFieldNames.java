package io.keepwarm.segment.internal;

import io.keepwarm.contact.BuiltInFieldNames;
import io.keepwarm.segment.Verb;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The contact's own fields as segment rules name them ("first_name") and as their builder shows them ("First name"),
 * and the words those rules read as their own.
 */
@Component
class SegmentFieldNames implements BuiltInFieldNames {

    private static final Map<String, String> NAMES = names();
    private static final Set<String> WORDS = words();

    @Override
    public Map<String, String> builtInFieldNames() {
        return NAMES;
    }

    @Override
    public Set<String> ruleWords() {
        return WORDS;
    }

    private static Set<String> words() {
        Set<String> words = new HashSet<>(RuleText.KEYWORDS);
        Arrays.stream(Verb.values()).map(Verb::word).forEach(words::add);
        words.add(RuleText.ANNIVERSARY);
        return Set.copyOf(words);
    }

    private static Map<String, String> names() {
        Map<String, String> names = new LinkedHashMap<>();
        for (Field field : new FieldCatalog(List.of()).all()) {
            String shown = ConditionBuilder.label(field.name());
            names.put(shown, shown);
            names.put(field.name(), shown);
        }
        return java.util.Collections.unmodifiableMap(names);
    }
}

package io.keepwarm.segment.internal;

import io.keepwarm.contact.BuiltInFieldNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The contact's own fields as segment rules name them ("first_name") and as their builder shows them ("First name"). */
@Component
class SegmentFieldNames implements BuiltInFieldNames {

    private static final Map<String, String> NAMES = names();

    @Override
    public Map<String, String> builtInFieldNames() {
        return NAMES;
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

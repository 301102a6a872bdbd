package io.keepwarm.content;

import io.keepwarm.contact.AttributeDefinition;
import io.keepwarm.contact.AttributeType;
import io.keepwarm.content.internal.TemplateVariables;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The custom attributes a template may name, each as {@code contact.<key>} beside the contact's own fields, with their
 * types (a DATE is written in words). Read once per unit of work (a batch of touches, a preview, a save) and passed
 * down, as scoring settings are: an attribute defined on one instance reaches every other by its next batch.
 */
public final class CustomAttributes {

    public static final CustomAttributes NONE = new CustomAttributes(List.of());

    private final Map<String, AttributeType> types;
    private final Set<String> contactLeaves;
    private final List<String> paths;

    public CustomAttributes(List<AttributeDefinition> defined) {
        Map<String, AttributeType> byKey = new LinkedHashMap<>();
        defined.forEach(d -> byKey.put(d.key(), d.type()));
        this.types = Collections.unmodifiableMap(byKey);
        this.contactLeaves = TemplateVariables.contactLeaves(byKey.keySet());
        this.paths = byKey.keySet().stream().map(key -> "contact." + key).toList();
    }

    /**
     * Whether a template or a task's text names the attribute ({@code {{ contact.contract_expiry }}}): the one test of
     * what keeps an attribute from being removed, for pieces, program task steps and triggers' tasks alike, whose
     * text would otherwise print nothing where the value stood.
     */
    public static boolean named(String text, String key) {
        return text != null && Pattern.compile("\\bcontact\\s*\\.\\s*" + Pattern.quote(key) + "(?![\\w-])")
                .matcher(text).find();
    }

    /** Each attribute's type by its key. */
    public Map<String, AttributeType> types() {
        return types;
    }

    /** The keys under {@code contact}: the contact's own fields, then the attributes. */
    public Set<String> contactLeaves() {
        return contactLeaves;
    }

    /** The attributes as variables: contact.contract_expiry, … */
    public List<String> paths() {
        return paths;
    }
}

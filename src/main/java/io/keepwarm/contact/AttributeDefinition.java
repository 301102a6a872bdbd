package io.keepwarm.contact;

import java.util.List;

/** A custom attribute the account defined, e.g. 'renewal_date' of type DATE or 'plan' ONE_OF [basic, pro]. */
public record AttributeDefinition(String key, String label, AttributeType type, List<String> options, boolean builtIn) {

    public AttributeDefinition {
        // A null among the options says nothing: left out rather than failing the definition.
        options = options == null ? List.of() : options.stream().filter(java.util.Objects::nonNull).toList();
    }
}

package io.keepwarm.contact;

import java.util.List;

/** A custom attribute the account defined, e.g. 'renewal_date' of type DATE or 'plan' ONE_OF [basic, pro]. */
public record AttributeDefinition(String key, String label, AttributeType type, List<String> options, boolean builtIn) {

    public AttributeDefinition {
        options = options == null ? List.of() : List.copyOf(options);
    }
}

package io.keepwarm.contact.internal;

import io.keepwarm.contact.AttributeDefinition;
import io.keepwarm.contact.Attributes;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Makes validators over the current attribute definitions and SALES users. */
@Component
public class ContactValidators {

    private final Attributes attributes;
    private final Users users;

    ContactValidators(Attributes attributes, Users users) {
        this.attributes = attributes;
        this.users = users;
    }

    public ContactValidator current() {
        Map<String, AttributeDefinition> definitions = new HashMap<>();
        attributes.list().forEach(d -> definitions.put(d.key(), d));
        Map<String, Long> sales = new HashMap<>();
        for (User user : users.list()) {
            if (user.role() == Role.SALES && user.enabled()) {
                sales.put(String.valueOf(user.id()), user.id());
                // a username is one name whatever its case, as at sign-in
                sales.put(user.username().toLowerCase(java.util.Locale.ROOT), user.id());
                if (user.email() != null) {
                    sales.put(user.email().toLowerCase(java.util.Locale.ROOT), user.id());
                }
            }
        }
        return new ContactValidator(definitions,
                key -> Optional.ofNullable(sales.getOrDefault(key, sales.get(key.toLowerCase(java.util.Locale.ROOT)))));
    }
}

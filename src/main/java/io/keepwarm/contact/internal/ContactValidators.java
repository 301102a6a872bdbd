package io.keepwarm.contact.internal;

import io.keepwarm.contact.AttributeDefinition;
import io.keepwarm.contact.Attributes;
import io.keepwarm.contact.internal.ContactValidator.SalesUser;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        // an id, username or email names one user; a display name may be shared, so it is only a fallback
        Map<String, SalesUser> unique = new HashMap<>();
        Map<String, List<SalesUser>> byName = new HashMap<>();
        for (User user : users.list()) {
            if (user.role() == Role.SALES && user.enabled()) {
                SalesUser sales = new SalesUser(user.id(), describe(user));
                unique.put(String.valueOf(user.id()), sales);
                // a username is one name whatever its case, as at sign-in
                unique.put(key(user.username()), sales);
                if (user.email() != null) {
                    unique.put(key(user.email()), sales);
                }
                byName.computeIfAbsent(key(user.displayName()), k -> new ArrayList<>()).add(sales);
            }
        }
        return new ContactValidator(definitions, name -> {
            SalesUser one = unique.get(key(name));
            return one != null ? List.of(one) : byName.getOrDefault(key(name), List.of());
        });
    }

    private static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    private static String describe(User user) {
        return user.displayName() + " (" + user.username() + (user.email() == null ? "" : ", " + user.email()) + ")";
    }
}

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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
        List<Named> names = new ArrayList<>();
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
                names.add(new Named(user.id(), user.displayName(), key(user.displayName())));
                names.add(new Named(user.id(), user.username(), key(user.username())));
            }
        }
        // A file often names the same mistyped owner on every row: each name is looked for once per import.
        Map<String, Optional<String>> close = new ConcurrentHashMap<>();
        return new ContactValidator(definitions, name -> {
            SalesUser one = unique.get(key(name));
            return one != null ? List.of(one) : byName.getOrDefault(key(name), List.of());
        }, name -> {
            Optional<String> known = close.get(key(name));
            if (known == null) {
                known = Optional.ofNullable(close(key(name), names));
                if (close.size() < REMEMBERED) {
                    close.put(key(name), known);
                }
            }
            return known.orElse(null);
        });
    }

    /** How many mistyped owner names a validator remembers its answer for. */
    private static final int REMEMBERED = 10_000;

    /** A SALES user's display name or username, as written and as compared. */
    record Named(long userId, String name, String key) {}

    /**
     * The name or username of the one SALES user that {@code key} is a few typing slips from (a letter missed, added,
     * changed or two swapped: one for a name of up to four letters, two up to ten, three beyond), the closer of the
     * two; null when no user is that close, or two are, which a suggestion could not tell apart.
     */
    static String close(String key, List<Named> names) {
        int most = key.length() <= 4 ? 1 : key.length() <= 10 ? 2 : 3;
        Named best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Named named : names) {
            if (Math.abs(named.key().length() - key.length()) > most) {
                continue;
            }
            int distance = distance(key, named.key());
            if (distance > most) {
                continue;
            }
            if (best != null && best.userId() != named.userId()) {
                return null;
            }
            if (distance < bestDistance) {
                best = named;
                bestDistance = distance;
            }
        }
        return best == null ? null : best.name();
    }

    /** The edits (insert, delete, replace a character, swap two next to each other) that make one text the other. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    private static String describe(User user) {
        return user.displayName() + " (" + user.username() + (user.email() == null ? "" : ", " + user.email()) + ")";
    }
}

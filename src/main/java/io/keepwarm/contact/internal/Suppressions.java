package io.keepwarm.contact.internal;

import io.keepwarm.platform.Hashes;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The suppression list: hashes of addresses that must never come back, checked a batch at a time. */
@Component
public class Suppressions {

    private final JdbcClient jdbc;

    Suppressions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public static String hash(String normalisedEmail) {
        return Hashes.sha256(normalisedEmail);
    }

    /** Those of these normalised addresses that are suppressed. */
    public Set<String> suppressed(Collection<String> emails) {
        if (emails.isEmpty()) {
            return Set.of();
        }
        Map<String, String> byHash = new HashMap<>();
        emails.forEach(email -> byHash.put(hash(email), email));
        Set<String> suppressed = new HashSet<>();
        jdbc.sql("SELECT email_hash FROM suppressions WHERE email_hash IN (:hashes)")
                .param("hashes", byHash.keySet())
                .query(String.class)
                .list()
                .forEach(h -> suppressed.add(byHash.get(h)));
        return suppressed;
    }
}

package io.keepwarm.identity;

import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.Timestamps;
import io.keepwarm.audit.AuditLog;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.Hashes;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.NotFoundException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** API keys for integrations: shown once at creation, kept only as a hash, scoped by role. */
@Service
public class ApiKeys {

    /** A key as listed: never the key itself, only its first characters. */
    public record ApiKey(long id, String name, String prefix, Role role, String createdBy, Instant createdAt,
            Instant revokedAt) {}

    /** The answer to a creation: the only time the secret is shown. */
    public record CreatedApiKey(ApiKey apiKey, String key) {}

    private static final String COLUMNS = "id, name, prefix, role, created_by, created_at, revoked_at";

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ApiKeys(JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Makes a key under a name no other live key has, whatever its case: two keys named alike could not be told apart
     * on the Settings page or in the audit log.
     */
    @Transactional
    public CreatedApiKey create(String name, Role role) {
        if (name == null || name.isBlank() || name.strip().length() > 100) {
            throw InvalidInputException.field("name", "give the key a name of 1 to 100 characters");
        }
        String given = name.strip();
        liveNamed(given).ifPresent(namesake -> {
            throw taken(namesake);
        });
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String key = "kw_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        if (!insert(given, role, key)) {
            // Another request took the name between the look-up and here (a form sent twice): the index refused ours.
            throw liveNamed(given).map(ApiKeys::taken).orElseGet(() -> new ConflictException("Another API key was"
                    + " named '" + given + "' at the same moment; give this key another name"));
        }
        return new CreatedApiKey(authenticate(key).orElseThrow(), key);
    }

    /**
     * Makes sure a key given from outside (KEEPWARM_BOOTSTRAP_API_KEY) is stored, once; a key that was revoked
     * stays revoked. Returns whether the key works. It is stored under the name, or when another live key has that
     * name (one a person made and named so) under "name (2)", "name (3)"..., the first that is free: the key must work
     * whatever the names, and a start must never fail over one.
     */
    @Transactional
    public boolean ensure(String name, Role role, String key) {
        for (int n = 1; !known(key); n++) {
            // A second instance starting at the same moment may store it first: then it is known, under its name.
            insert(n == 1 ? name : name + " (" + n + ")", role, key);
        }
        return authenticate(key).isPresent();
    }

    /** Whether this key was stored once and revoked since: such a key stays revoked, whoever gives it again. */
    public boolean revoked(String key) {
        return jdbc.sql("SELECT COUNT(*) FROM api_keys WHERE key_hash = ? AND revoked_at IS NOT NULL").param(hash(key))
                .query(Long.class).single() > 0;
    }

    /**
     * Revokes the live keys of this name that were, like this one, given from outside (made by the same actor, the
     * system at startup), other than this key: once KEEPWARM_BOOTSTRAP_API_KEY is changed, because it leaked or is
     * rotated, the key it replaced stops working rather than working on beside the new one, unseen. "Of this name"
     * counts the numbered names {@link #ensure} gives ("bootstrap (2)"). A key a person made on the Settings page is
     * theirs, whatever its name, and stays. Returns the keys revoked, each audited once however many instances start
     * with the new key at the same time.
     */
    @Transactional
    public List<ApiKey> revokeReplaced(String name, String key) {
        List<ApiKey> replaced = jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE created_by = ?"
                        + " AND key_hash <> ? AND revoked_at IS NULL ORDER BY id")
                .params(Actors.current(), hash(key)).query(ApiKey.class).list().stream()
                .filter(k -> k.name().equalsIgnoreCase(name) || numbered(k.name(), name)).toList();
        List<ApiKey> revoked = new java.util.ArrayList<>();
        for (ApiKey old : replaced) {
            if (jdbc.sql("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                    .params(Timestamps.now(clock), old.id()).update() == 1) {
                audit.record("API_KEY_REVOKED", "api_key", old.id(), Map.of());
                revoked.add(old);
            }
        }
        return revoked;
    }

    private static boolean numbered(String stored, String name) {
        return stored.length() > name.length() && stored.substring(0, name.length()).equalsIgnoreCase(name)
                && stored.substring(name.length()).matches(" \\(\\d+\\)");
    }

    public List<ApiKey> list() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys ORDER BY id").query(ApiKey.class).list();
    }

    /** The API keys in id order, a page at a time. */
    public Page<ApiKey> page(String cursor, int limit) {
        return Page.of(jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE id > ? ORDER BY id FETCH FIRST ? ROWS ONLY")
                .params(Cursor.decode(cursor), limit + 1).query(ApiKey.class).list(), limit, ApiKey::id);
    }

    /** One key as listed (revoked or not), never its secret. */
    public ApiKey get(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE id = ?").param(id).query(ApiKey.class).optional()
                .orElseThrow(() -> NotFoundException.of("API key", id));
    }

    @Transactional
    public void revoke(long id) {
        int changed = jdbc.sql("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                .params(Timestamps.now(clock), id)
                .update();
        if (changed == 0 && jdbc.sql("SELECT COUNT(*) FROM api_keys WHERE id = ?").param(id).query(Long.class).single() == 0) {
            throw NotFoundException.of("API key", id);
        }
        // A second press (a retry, two admins at once) changes nothing, so the log keeps the one revocation there was.
        if (changed > 0) {
            audit.record("API_KEY_REVOKED", "api_key", id, Map.of());
        }
    }

    /** The live key matching this secret, if any. */
    public Optional<ApiKey> authenticate(String key) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL")
                .param(hash(key))
                .query(ApiKey.class)
                .optional();
    }

    /** The live key of this name, whatever its case, if any. */
    private Optional<ApiKey> liveNamed(String name) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE LOWER(name) = LOWER(?) AND revoked_at IS NULL")
                .param(name).query(ApiKey.class).optional();
    }

    private static ConflictException taken(ApiKey namesake) {
        return new ConflictException("Another live API key is named '" + namesake.name() + "' (it starts with "
                + namesake.prefix() + "…); give this key a name that tells the two apart, such as what it is for, or"
                + " revoke the other key first", Map.of("apiKeyId", namesake.id()));
    }

    private boolean known(String key) {
        return jdbc.sql("SELECT COUNT(*) FROM api_keys WHERE key_hash = ?").param(hash(key)).query(Long.class).single() > 0;
    }

    /**
     * Stores the key and audits it; false when the index refused it: its name is another live key's, or the key was
     * stored at the same moment by a second instance starting up (theirs stands).
     */
    private boolean insert(String name, Role role, String key) {
        String prefix = key.substring(0, Math.min(10, key.length()));
        int inserted = jdbc.sql("""
                INSERT INTO api_keys (name, prefix, key_hash, role, created_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""")
                .params(name, prefix, hash(key), role.name(), Actors.current(), Timestamps.now(clock))
                .update();
        if (inserted == 1) {
            long id = jdbc.sql("SELECT id FROM api_keys WHERE key_hash = ?").param(hash(key)).query(Long.class).single();
            audit.record("API_KEY_CREATED", "api_key", id, Map.of("name", name, "role", role));
        }
        return inserted == 1;
    }

    // Keys are 256 random bits, so a fast hash is enough: there is nothing to brute-force.
    private static String hash(String key) {
        return Hashes.sha256(key);
    }
}

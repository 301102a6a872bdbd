package io.keepwarm.account.internal;

import io.keepwarm.account.AccountSettings;
import io.keepwarm.platform.Timestamps;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL behind the account's settings: one row once an admin saves them, the configuration's before. Not cached:
 * a reader takes them once per unit of work (a queue, a batch, a hand-off) by the primary key, so a change saved on
 * one instance reaches every instance by its next unit with nothing to expire.
 */
@Repository
public class AccountSettingsStore {

    private final JdbcClient jdbc;
    private final AccountProperties defaults;

    AccountSettingsStore(JdbcClient jdbc, AccountProperties defaults) {
        this.jdbc = jdbc;
        this.defaults = defaults;
    }

    public AccountSettings.Settings current() {
        // A row saved before the account had a language of its own keeps the configuration's.
        return jdbc.sql("SELECT time_zone, calling_from, calling_until, language FROM account_settings WHERE id = 1")
                .query((rs, n) -> new AccountSettings.Settings(ZoneId.of(rs.getString(1)),
                        rs.getObject(2, LocalTime.class), rs.getObject(3, LocalTime.class),
                        rs.getString(4) != null ? rs.getString(4) : defaults.settings().language()))
                .optional().orElseGet(defaults::settings);
    }

    /** Saves the settings as the account's; the caller holds the transaction. */
    public void save(AccountSettings.Settings settings, Instant at, String by) {
        jdbc.sql("""
                INSERT INTO account_settings (id, time_zone, calling_from, calling_until, language, updated_at, updated_by)
                VALUES (1, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(settings.timeZone().getId(), settings.callingFrom(), settings.callingUntil(), settings.language(),
                        Timestamps.of(at), by)
                .update();
        jdbc.sql("""
                UPDATE account_settings SET time_zone = ?, calling_from = ?, calling_until = ?, language = ?, updated_at = ?,
                    updated_by = ? WHERE id = 1""")
                .params(settings.timeZone().getId(), settings.callingFrom(), settings.callingUntil(), settings.language(),
                        Timestamps.of(at), by)
                .update();
    }
}

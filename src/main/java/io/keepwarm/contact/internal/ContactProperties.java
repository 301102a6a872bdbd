package io.keepwarm.contact.internal;

import java.nio.file.Path;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the contact book.
 *
 * @param defaultTimeZone the zone of contacts created without one (KEEPWARM_DEFAULT_TIME_ZONE, default UTC)
 * @param importDirectory where uploaded import files wait for their job (KEEPWARM_IMPORT_DIR, default ./data/imports)
 */
@ConfigurationProperties("keepwarm.contacts")
public record ContactProperties(ZoneId defaultTimeZone, Path importDirectory) {

    public ContactProperties {
        defaultTimeZone = defaultTimeZone == null ? ZoneId.of("UTC") : defaultTimeZone;
        importDirectory = importDirectory == null ? Path.of("data", "imports") : importDirectory;
    }
}

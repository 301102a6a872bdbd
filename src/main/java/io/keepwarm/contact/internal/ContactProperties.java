package io.keepwarm.contact.internal;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the contact book.
 *
 * @param importDirectory where uploaded import files wait for their job (KEEPWARM_IMPORT_DIR, default ./data/imports)
 */
@ConfigurationProperties("keepwarm.contacts")
public record ContactProperties(Path importDirectory) {

    public ContactProperties {
        importDirectory = importDirectory == null ? Path.of("data", "imports") : importDirectory;
    }
}

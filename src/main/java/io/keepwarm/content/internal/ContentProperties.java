package io.keepwarm.content.internal;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings the content library reads.
 *
 * @param publicUrl where people reach this Keepwarm from outside, the base of every link in a piece
 *     (KEEPWARM_PUBLIC_URL, default http://localhost:8080); checked at start-up
 */
@ConfigurationProperties("keepwarm")
public record ContentProperties(String publicUrl) {

    public ContentProperties {
        publicUrl = publicUrl == null || publicUrl.isBlank() ? "http://localhost:8080" : publicUrl.strip();
        URI uri;
        try {
            uri = URI.create(publicUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("keepwarm.public-url (KEEPWARM_PUBLIC_URL) is not a URL: " + publicUrl, e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalStateException("keepwarm.public-url (KEEPWARM_PUBLIC_URL) must be an http(s) address"
                    + " such as https://keepwarm.example.com, not " + publicUrl);
        }
        while (publicUrl.endsWith("/")) {
            publicUrl = publicUrl.substring(0, publicUrl.length() - 1);
        }
    }
}

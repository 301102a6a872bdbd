package io.keepwarm.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 as lower-case hex: for secrets with enough entropy of their own and for suppression hashes. */
public final class Hashes {

    private Hashes() {}

    // A digest per thread: looking one up from the providers cost more than hashing an address (the engine hashes
    // every recipient it sends to, for the suppression list).
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    });

    public static String sha256(String text) {
        // digest() resets the digest for the next use.
        return HexFormat.of().formatHex(SHA256.get().digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}

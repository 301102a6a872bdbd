package io.keepwarm.tracking.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, opaque link tokens: {@code keyId.base64url(tag ‖ ciphertext)}. The plain text (purpose, ids, the day it
 * was issued) is authenticated by HMAC-SHA256 truncated to 128 bits, and encrypted with AES-CTR under that tag as
 * its IV (the SIV construction), so a token reveals no sequential id and any changed character fails
 * verification. The issue day lets very old links lapse (keepwarm.tracking.token-lifetime, at least 60 days). Keys rotate: the first key signs, every key verifies.
 */
public final class Tokens {

    private static final int TAG = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /**
     * A key made ready for use: its id and the two keys derived from its secret, each already set up in an instance per
     * thread (setting a key up is a good part of a token's cost; an instance serves one thread at a time).
     */
    private record Keys(String id, byte[] idBytes, ThreadLocal<Mac> mac, ThreadLocal<Cipher> aes) {

        Keys(String id, byte[] idBytes, SecretKeySpec mac, SecretKeySpec enc) {
            this(id, idBytes, ThreadLocal.withInitial(() -> ready(() -> {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(mac);
                return m;
            })), ThreadLocal.withInitial(() -> ready(() -> {
                Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
                c.init(Cipher.ENCRYPT_MODE, enc);
                return c;
            })));
        }
    }

    private final Keys signing;
    private final Map<String, Keys> verifying = new LinkedHashMap<>();
    private final Clock clock;
    private final Duration lifetime;

    /** @param keys id and secret, the signing key first */
    public Tokens(List<TrackingProperties.Key> keys, Clock clock, Duration lifetime) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one signing key is needed");
        }
        keys.forEach(k -> verifying.putIfAbsent(k.id(), derive(k)));
        this.signing = verifying.get(keys.getFirst().id());
        this.clock = clock;
        this.lifetime = lifetime;
    }

    public String sign(Token token) {
        ByteArrayOutputStream plain = new ByteArrayOutputStream(16);
        plain.write(token.purpose().code);
        varint(plain, token.subject());
        varint(plain, token.detail());
        varint(plain, clock.instant().getEpochSecond() / 86_400);
        byte[] text = plain.toByteArray();
        byte[] tag = tag(signing, text);
        byte[] sealed = Arrays.copyOf(tag, TAG + text.length);
        System.arraycopy(ctr(signing, tag, text), 0, sealed, TAG, text.length);
        return signing.id() + "." + ENCODER.encodeToString(sealed);
    }

    /** The token's content if it is genuine, of this purpose and not too old; empty for anything else. */
    public Optional<Token> verify(String token, Token.Purpose purpose) {
        return verify(token).filter(t -> t.purpose() == purpose);
    }

    public Optional<Token> verify(String token) {
        return open(token, false);
    }

    /**
     * Whether the token is genuine and of this purpose but older than links live: a link from an old email, which its
     * page then names as lapsed rather than as mistyped.
     */
    public boolean lapsed(String token, Token.Purpose purpose) {
        return verify(token).isEmpty() && open(token, true).filter(t -> t.purpose() == purpose).isPresent();
    }

    /** The token's content if it is genuine, whatever its purpose and age: whom a link that no longer works was for. */
    public Optional<Token> genuine(String token) {
        return open(token, true);
    }

    /** How long links work, in days. */
    public long lifetimeDays() {
        return lifetime.toDays();
    }

    private Optional<Token> open(String token, boolean anyAge) {
        if (token == null || token.length() > 200) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        Keys keys = dot < 1 ? null : verifying.get(token.substring(0, dot));
        if (keys == null) {
            return Optional.empty();
        }
        String body = token.substring(dot + 1);
        byte[] sealed;
        try {
            sealed = DECODER.decode(body);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // Base64 has spare bits in its last character; only the one spelling we issue is accepted.
        if (sealed.length <= TAG || !ENCODER.encodeToString(sealed).equals(body)) {
            return Optional.empty();
        }
        byte[] tag = Arrays.copyOf(sealed, TAG);
        byte[] text = ctr(keys, tag, Arrays.copyOfRange(sealed, TAG, sealed.length));
        if (!MessageDigest.isEqual(tag, tag(keys, text))) {
            return Optional.empty();
        }
        return parse(text, anyAge);
    }

    private Optional<Token> parse(byte[] text, boolean anyAge) {
        Token.Purpose purpose = Token.Purpose.of(text[0]);
        long[] values = new long[3];
        int at = 1;
        for (int i = 0; i < 3; i++) {
            long value = 0;
            int shift = 0;
            while (true) {
                if (at >= text.length || shift > 63) {
                    return Optional.empty();
                }
                byte b = text[at++];
                value |= (long) (b & 0x7f) << shift;
                shift += 7;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            values[i] = value;
        }
        long ageDays = clock.instant().getEpochSecond() / 86_400 - values[2];
        if (purpose == null || at != text.length || (!anyAge && ageDays > lifetime.toDays())) {
            return Optional.empty();
        }
        return Optional.of(new Token(purpose, values[0], values[1]));
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("ids in tokens are never negative: " + value);
        }
        while (value >= 0x80) {
            out.write((int) (value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }

    private interface Lookup<T> {
        T get() throws GeneralSecurityException;
    }

    private static <T> T ready(Lookup<T> lookup) {
        try {
            return lookup.get();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 and AES are part of every JDK", e);
        }
    }

    private static byte[] tag(Keys keys, byte[] text) {
        // A Mac goes back to its key after doFinal, ready for the next token.
        Mac mac = keys.mac().get();
        // The key id is signed too, so a token cannot be moved under another key's id.
        mac.update(keys.idBytes());
        return Arrays.copyOf(mac.doFinal(text), TAG);
    }

    /**
     * AES in counter mode with {@code iv} as the first counter block, as the JDK's AES/CTR does it (the whole block
     * counted up as one big-endian number), from a cipher whose key is already set up.
     */
    private static byte[] ctr(Keys keys, byte[] iv, byte[] input) {
        try {
            Cipher aes = keys.aes().get();
            byte[] counter = iv.clone();
            byte[] stream = new byte[TAG];
            byte[] output = new byte[input.length];
            for (int at = 0; at < input.length; at += TAG) {
                aes.doFinal(counter, 0, TAG, stream, 0);
                for (int i = at; i < Math.min(input.length, at + TAG); i++) {
                    output[i] = (byte) (input[i] ^ stream[i - at]);
                }
                for (int i = TAG - 1; i >= 0 && ++counter[i] == 0; i--) {
                    // carry into the next byte up
                }
            }
            return output;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is part of every JDK", e);
        }
    }

    /** Two independent keys from one secret: one to sign, one to encrypt. */
    private static Keys derive(TrackingProperties.Key key) {
        byte[] secret = key.secret().getBytes(StandardCharsets.UTF_8);
        return new Keys(key.id(), (key.id() + ".").getBytes(StandardCharsets.US_ASCII),
                new SecretKeySpec(hmac(secret, "keepwarm tracking token mac"), "HmacSHA256"),
                new SecretKeySpec(Arrays.copyOf(hmac(secret, "keepwarm tracking token enc"), 16), "AES"));
    }

    private static byte[] hmac(byte[] key, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}

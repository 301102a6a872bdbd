package io.keepwarm.delivery.internal;

import java.util.Arrays;

/** A message being written as MIME: a growing byte array that one thread fills, without a lock per byte. */
final class MimeBytes {

    private byte[] bytes;
    private int size;

    MimeBytes(int expected) {
        bytes = new byte[Math.max(expected, 256)];
    }

    void put(int b) {
        if (size == bytes.length) {
            bytes = Arrays.copyOf(bytes, bytes.length * 2);
        }
        bytes[size++] = (byte) b;
    }

    void put(byte[] more) {
        if (size + more.length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more.length));
        }
        System.arraycopy(more, 0, bytes, size, more.length);
        size += more.length;
    }

    /** Appends a header line or a boundary: text that is 7-bit by construction. */
    MimeBytes ascii(String s) {
        int length = s.length();
        if (size + length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + length));
        }
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c > 127) {
                throw new IllegalArgumentException("not 7-bit text: " + s);
            }
            bytes[size++] = (byte) c;
        }
        return this;
    }

    MimeBytes crlf() {
        put('\r');
        put('\n');
        return this;
    }

    void softBreak() {
        put('=');
        crlf();
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }
}

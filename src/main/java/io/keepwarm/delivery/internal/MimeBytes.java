package io.keepwarm.delivery.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/** A message being written as MIME: a growing byte array that one thread fills, without a lock per byte. */
final class MimeBytes {

    private byte[] bytes;
    private int size;

    MimeBytes(int expected) {
        bytes = new byte[Math.max(expected, 256)];
    }

    /** Room for {@code more} bytes after {@link #size()}; returns the array to write them into. */
    byte[] reserve(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length + bytes.length / 4, size + more));
        }
        return bytes;
    }

    int size() {
        return size;
    }

    /** After writing into the array {@link #reserve} gave: the new end. */
    void size(int size) {
        this.size = size;
    }

    void put(int b) {
        reserve(1)[size++] = (byte) b;
    }

    void put(byte[] more) {
        System.arraycopy(more, 0, reserve(more.length), size, more.length);
        size += more.length;
    }

    /** Appends a header line or a boundary: text that is 7-bit by construction. */
    MimeBytes ascii(String s) {
        int length = s.length();
        byte[] into = reserve(length);
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c > 127) {
                throw new IllegalArgumentException("not 7-bit text: " + s);
            }
            into[size++] = (byte) c;
        }
        return this;
    }

    /**
     * Appends a header value that may hold UTF-8 as it is (RFC 6532): only an internationalised address, which goes
     * only to a server that takes SMTPUTF8.
     */
    MimeBytes utf8(String s) {
        put(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return this;
    }

    MimeBytes crlf() {
        byte[] into = reserve(2);
        into[size++] = '\r';
        into[size++] = '\n';
        return this;
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, size);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }
}

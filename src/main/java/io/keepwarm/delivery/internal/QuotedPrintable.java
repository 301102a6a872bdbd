package io.keepwarm.delivery.internal;

/**
 * Quoted-printable (RFC 2045 section 6.7) for text parts, written straight into a message's bytes. It follows Angus
 * Mail's {@code QPEncoderStream} byte for byte (a property test holds it to that), without that stream's call per
 * byte through several layers of streams.
 */
final class QuotedPrintable {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** Characters on a line before a soft break, which leaves room for its "=". */
    private static final int LINE = 75;
    /** No byte: the end of the text. */
    private static final int NONE = Integer.MIN_VALUE;

    private QuotedPrintable() {}

    /**
     * Appends {@code parts} encoded as the one text they make together, so that text written around another (an HTML
     * document around its body) need not be joined to it first; every line break in it (CR LF, CR or LF) becomes CR LF.
     */
    static void encode(MimeBytes out, byte[]... parts) {
        int at = out.size();
        int count = 0;
        boolean gotCR = false;
        for (int p = 0; p < parts.length; p++) {
            byte[] in = parts[p];
            int after = firstAfter(parts, p);
            int n = in.length;
            int i = 0;
            while (i < n) {
                out.size(at);
                byte[] buf = out.reserve(3 * LINE + 8);
                int b = in[i];
                if (literal(in, i, after)) {
                    // A run of characters that stand for themselves is copied at once, up to the end of the line.
                    if (count == LINE) {
                        at = softBreak(buf, at);
                        count = 0;
                    }
                    int end = Math.min(n, i + LINE - count);
                    int j = i + 1;
                    while (j < end && literal(in, j, after)) {
                        j++;
                    }
                    System.arraycopy(in, i, buf, at, j - i);
                    at += j - i;
                    count += j - i;
                    i = j;
                    gotCR = false;
                    continue;
                }
                if (b == '\r') {
                    at = crlf(buf, at);
                    count = 0;
                    gotCR = true;
                } else if (b == '\n') {
                    if (!gotCR) {
                        at = crlf(buf, at);
                        count = 0;
                    }
                    gotCR = false;
                } else {
                    // "=", a control or non-ASCII byte, or a space that ends a line (or the text) and must not be lost.
                    if ((count += 3) > LINE) {
                        at = softBreak(buf, at);
                        count = 3;
                    }
                    at = encoded(buf, at, b & 0xff);
                    gotCR = false;
                }
                i++;
            }
        }
        out.size(at);
    }

    /** The byte that follows part {@code p}: the first of the next part that has any, or {@link #NONE}. */
    private static int firstAfter(byte[][] parts, int p) {
        for (int q = p + 1; q < parts.length; q++) {
            if (parts[q].length > 0) {
                return parts[q][0];
            }
        }
        return NONE;
    }

    /** Printable ASCII but "=", or a space with more on its line after it ({@code after}: the byte after {@code in}). */
    private static boolean literal(byte[] in, int i, int after) {
        int b = in[i];
        if (b > ' ' && b < 127) {
            return b != '=';
        }
        int next = i + 1 < in.length ? in[i + 1] : after;
        return b == ' ' && next != NONE && next != '\r' && next != '\n';
    }

    private static int crlf(byte[] buf, int at) {
        buf[at] = '\r';
        buf[at + 1] = '\n';
        return at + 2;
    }

    private static int encoded(byte[] buf, int at, int c) {
        buf[at] = '=';
        buf[at + 1] = HEX[c >> 4];
        buf[at + 2] = HEX[c & 15];
        return at + 3;
    }

    private static int softBreak(byte[] buf, int at) {
        buf[at] = '=';
        buf[at + 1] = '\r';
        buf[at + 2] = '\n';
        return at + 3;
    }
}

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

    private QuotedPrintable() {}

    /** Appends {@code in} encoded; every line break in it (CR LF, CR or LF) becomes CR LF. */
    static void encode(byte[] in, MimeBytes out) {
        int n = in.length;
        int at = out.size();
        int count = 0;
        boolean gotCR = false;
        int i = 0;
        while (i < n) {
            out.size(at);
            byte[] buf = out.reserve(3 * LINE + 8);
            int b = in[i];
            if (literal(in, i)) {
                // A run of characters that stand for themselves is copied at once, up to the end of the line.
                if (count == LINE) {
                    at = softBreak(buf, at);
                    count = 0;
                }
                int end = Math.min(n, i + LINE - count);
                int j = i + 1;
                while (j < end && literal(in, j)) {
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
        out.size(at);
    }

    /** Printable ASCII but "=", or a space with more on its line after it. */
    private static boolean literal(byte[] in, int i) {
        int b = in[i];
        if (b > ' ' && b < 127) {
            return b != '=';
        }
        return b == ' ' && i + 1 < in.length && in[i + 1] != '\r' && in[i + 1] != '\n';
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

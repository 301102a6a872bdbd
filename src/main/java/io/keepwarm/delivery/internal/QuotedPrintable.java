package io.keepwarm.delivery.internal;

/**
 * Quoted-printable (RFC 2045 section 6.7) for text parts, written straight into a byte buffer. It follows Angus
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
        int count = 0;
        boolean gotSpace = false;
        boolean gotCR = false;
        for (byte value : in) {
            int c = value & 0xff;
            if (gotSpace) {
                // A space is written once we know whether a line break follows it: there it must be encoded.
                count = put(out, ' ', c == '\r' || c == '\n', count);
                gotSpace = false;
            }
            if (c == '\r') {
                out.crlf();
                count = 0;
                gotCR = true;
                continue;
            }
            if (c == '\n') {
                if (!gotCR) {
                    out.crlf();
                    count = 0;
                }
            } else if (c == ' ') {
                gotSpace = true;
            } else {
                count = put(out, c, c < 32 || c >= 127 || c == '=', count);
            }
            gotCR = false;
        }
        if (gotSpace) {
            put(out, ' ', true, count);
        }
    }

    private static int put(MimeBytes out, int c, boolean encode, int count) {
        if (encode) {
            if ((count += 3) > LINE) {
                out.softBreak();
                count = 3;
            }
            out.put('=');
            out.put(HEX[c >> 4]);
            out.put(HEX[c & 15]);
        } else {
            if (++count > LINE) {
                out.softBreak();
                count = 1;
            }
            out.put(c);
        }
        return count;
    }
}

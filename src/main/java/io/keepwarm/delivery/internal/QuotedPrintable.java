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
    /** Input read between two checks for room: each byte takes at most 3 bytes, and a soft break 3 per 25 of those. */
    private static final int CHUNK = 256;

    private QuotedPrintable() {}

    /** Appends {@code in} encoded; every line break in it (CR LF, CR or LF) becomes CR LF. */
    static void encode(byte[] in, MimeBytes out) {
        int at = out.size();
        int count = 0;
        boolean gotSpace = false;
        boolean gotCR = false;
        // The state stays in locals, the loop being the hot part of writing a message.
        for (int chunk = 0; chunk < in.length; chunk += CHUNK) {
            int end = Math.min(in.length, chunk + CHUNK);
            out.size(at);
            byte[] buf = out.reserve((end - chunk) * 13 / 4 + 8);
            for (int i = chunk; i < end; i++) {
                int c = in[i] & 0xff;
                if (gotSpace) {
                    // A space is written once we know whether a line break follows it: there it must be encoded.
                    gotSpace = false;
                    if (c == '\r' || c == '\n') {
                        if ((count += 3) > LINE) {
                            at = softBreak(buf, at);
                            count = 3;
                        }
                        at = encoded(buf, at, ' ');
                    } else {
                        if (++count > LINE) {
                            at = softBreak(buf, at);
                            count = 1;
                        }
                        buf[at++] = ' ';
                    }
                }
                if (c > ' ' && c < 127 && c != '=') {
                    if (++count > LINE) {
                        at = softBreak(buf, at);
                        count = 1;
                    }
                    buf[at++] = (byte) c;
                    gotCR = false;
                } else if (c == '\r') {
                    buf[at++] = '\r';
                    buf[at++] = '\n';
                    count = 0;
                    gotCR = true;
                } else if (c == '\n') {
                    if (!gotCR) {
                        buf[at++] = '\r';
                        buf[at++] = '\n';
                        count = 0;
                    }
                    gotCR = false;
                } else if (c == ' ') {
                    gotSpace = true;
                    gotCR = false;
                } else {
                    if ((count += 3) > LINE) {
                        at = softBreak(buf, at);
                        count = 3;
                    }
                    at = encoded(buf, at, c);
                    gotCR = false;
                }
            }
        }
        if (gotSpace) {
            out.size(at);
            byte[] buf = out.reserve(8);
            if (count + 3 > LINE) {
                at = softBreak(buf, at);
            }
            at = encoded(buf, at, ' ');
        }
        out.size(at);
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

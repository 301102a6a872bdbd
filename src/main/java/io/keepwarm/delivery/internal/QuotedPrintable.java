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
    private static final int CHUNK = 4096;

    private byte[] buf;
    private int at;
    private int count;

    private QuotedPrintable() {}

    /** Appends {@code in} encoded; every line break in it (CR LF, CR or LF) becomes CR LF. */
    static void encode(byte[] in, MimeBytes out) {
        QuotedPrintable qp = new QuotedPrintable();
        qp.at = out.size();
        boolean gotSpace = false;
        boolean gotCR = false;
        for (int chunk = 0; chunk < in.length; chunk += CHUNK) {
            int end = Math.min(in.length, chunk + CHUNK);
            out.size(qp.at);
            qp.buf = out.reserve((end - chunk) * 13 / 4 + 8);
            for (int i = chunk; i < end; i++) {
                int c = in[i] & 0xff;
                if (gotSpace) {
                    // A space is written once we know whether a line break follows it: there it must be encoded.
                    qp.put(' ', c == '\r' || c == '\n');
                    gotSpace = false;
                }
                if (c == '\r') {
                    qp.crlf();
                    gotCR = true;
                    continue;
                }
                if (c == '\n') {
                    if (!gotCR) {
                        qp.crlf();
                    }
                } else if (c == ' ') {
                    gotSpace = true;
                } else {
                    qp.put(c, c < 32 || c >= 127 || c == '=');
                }
                gotCR = false;
            }
        }
        if (gotSpace) {
            out.size(qp.at);
            qp.buf = out.reserve(8);
            qp.put(' ', true);
        }
        out.size(qp.at);
    }

    private void crlf() {
        buf[at++] = '\r';
        buf[at++] = '\n';
        count = 0;
    }

    private void put(int c, boolean encode) {
        if (encode) {
            if ((count += 3) > LINE) {
                softBreak();
                count = 3;
            }
            buf[at++] = '=';
            buf[at++] = HEX[c >> 4];
            buf[at++] = HEX[c & 15];
        } else {
            if (++count > LINE) {
                softBreak();
                count = 1;
            }
            buf[at++] = (byte) c;
        }
    }

    private void softBreak() {
        buf[at++] = '=';
        buf[at++] = '\r';
        buf[at++] = '\n';
    }
}

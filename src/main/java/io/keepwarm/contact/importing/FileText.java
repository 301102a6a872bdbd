package io.keepwarm.contact.importing;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What an import file's bytes are: text at all, and in which encoding. Spreadsheets on Windows save "CSV" in
 * Windows-1252, not UTF-8; like most importers we read such a file in Windows-1252 rather than refuse its rows.
 */
public final class FileText {

    /** How much of a file's start is looked at to tell text from an image, an archive or a spreadsheet. */
    static final int FIRST_BLOCK = 8192;

    /** The share of control characters in the first block above which it is not text, in percent. */
    private static final int MAX_CONTROL_PERCENT = 5;

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private FileText() {}

    /**
     * Why the file that starts with these bytes is not a CSV or vCard text file, or null when it reads as text: a NUL
     * byte (which no text file has, outside UTF-16) or many control characters mean an image, an archive, an Excel
     * workbook or a PDF renamed or chosen by mistake.
     */
    public static String notText(InputStream file) throws IOException {
        byte[] head = file.readNBytes(FIRST_BLOCK);
        CharSequence chars = isUtf16(head)
                ? new String(head, 2, head.length - 2, head[0] == (byte) 0xFE ? StandardCharsets.UTF_16BE
                        : StandardCharsets.UTF_16LE)
                : new String(head, StandardCharsets.ISO_8859_1); // one char per byte: only the control bytes count
        int control = 0;
        for (int i = 0; i < chars.length(); i++) {
            char c = chars.charAt(i);
            if (c == 0) {
                return NOT_TEXT;
            }
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F) {
                control++;
            }
        }
        return control * 100 > chars.length() * MAX_CONTROL_PERCENT ? NOT_TEXT : null;
    }

    private static final String NOT_TEXT = "This is not a CSV or vCard text file: it holds binary data (an image, an "
            + "Excel workbook, a PDF or an archive, perhaps renamed). Save the contacts as CSV (in Excel: Save as, "
            + "\"CSV UTF-8\") or export them as vCards, and upload that file.";

    private static boolean isUtf16(byte[] head) {
        return head.length >= 2 && ((head[0] == (byte) 0xFE && head[1] == (byte) 0xFF)
                || (head[0] == (byte) 0xFF && head[1] == (byte) 0xFE));
    }

    /**
     * Text without a byte order mark: UTF-8 until a byte that is not, and from there Windows-1252 when everything
     * before it was ASCII (which reads the same in both, so nothing read so far changes). A file that had UTF-8
     * letters before its first bad byte mixes encodings: its bad bytes stay U+FFFD, and the rows holding them are
     * refused as before. One pass, as the file is read.
     */
    static final class Utf8OrWindows1252 extends Reader {

        private final InputStream in;
        private final ByteBuffer bytes = ByteBuffer.allocate(1 << 14);
        private final CharBuffer chars = CharBuffer.allocate(1 << 14);
        private CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        private boolean utf8 = true;
        private boolean windows1252;
        private boolean onlyAscii = true;
        private boolean endOfInput;
        private boolean flushed;

        Utf8OrWindows1252(InputStream in) {
            this.in = in;
            bytes.flip();
            chars.flip();
        }

        /** Whether the text turned out not to be UTF-8 and was read, from its first such byte, as Windows-1252. */
        boolean readAsWindows1252() {
            return windows1252;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (!chars.hasRemaining() && !decode()) {
                return -1;
            }
            int n = Math.min(length, chars.remaining());
            chars.get(buffer, offset, n);
            return n;
        }

        /**
         * Decodes more of the bytes into {@link #chars}, never none unless at the end: decoded into a buffer of our
         * own, as a caller asking for one char cannot take the two of a letter outside the BMP.
         */
        private boolean decode() throws IOException {
            chars.clear();
            while (chars.position() == 0 && !flushed) {
                if (!bytes.hasRemaining() || !endOfInput && bytes.remaining() < 4) {
                    fill();
                }
                int start = bytes.position();
                CoderResult result = decoder.decode(bytes, chars, endOfInput);
                if (onlyAscii && utf8) {
                    for (int i = start; i < bytes.position(); i++) {
                        if (bytes.get(i) < 0) {
                            onlyAscii = false;
                            break;
                        }
                    }
                }
                if (result.isError()) {
                    if (utf8 && onlyAscii) {
                        // everything so far was ASCII: from here on this is a legacy code page, not broken UTF-8
                        decoder = WINDOWS_1252.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                                .onUnmappableCharacter(CodingErrorAction.REPLACE);
                        windows1252 = true;
                    } else {
                        // UTF-8 letters came before: a mixed file, whose bad bytes its rows are refused for
                        decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                                .onUnmappableCharacter(CodingErrorAction.REPLACE);
                    }
                    utf8 = false;
                    continue;
                }
                if (endOfInput && !bytes.hasRemaining() && result.isUnderflow() && decoder.flush(chars).isUnderflow()) {
                    flushed = true;
                }
            }
            chars.flip();
            return chars.hasRemaining();
        }

        /** Moves what is left to the start of the buffer and reads more after it. */
        private void fill() throws IOException {
            if (endOfInput) {
                return;
            }
            bytes.compact();
            int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (n < 0) {
                endOfInput = true;
            } else {
                bytes.position(bytes.position() + n);
            }
            bytes.flip();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}

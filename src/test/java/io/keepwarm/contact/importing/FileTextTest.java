package io.keepwarm.contact.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class FileTextTest {

    /** The first bytes of a real PNG: signature, then the IHDR chunk (a 1x1 image). */
    private static final byte[] PNG = HexFormat.of().parseHex(
            "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005"
                    + "0001ff5a3b8d6e0000000049454e44ae426082");

    @Test
    void anImageRenamedCsvIsNotText() throws IOException {
        assertThat(FileText.notText(new ByteArrayInputStream(PNG)))
                .startsWith("This is not a CSV or vCard text file");
    }

    @Test
    void controlCharactersWithoutANulAreNotTextEither() throws IOException {
        byte[] noise = new byte[1000];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (byte) (i % 10 == 0 ? 0x07 : 'a'); // a bell every tenth byte
        }
        assertThat(FileText.notText(new ByteArrayInputStream(noise))).isNotNull();
    }

    @Test
    @Timeout(10)
    void aReaderAskedForOneCharAtATimeReadsALetterOutsideTheBmpAndTheWindows1252AfterIt() throws IOException {
        byte[] utf8 = "a\ud83d\ude00b\n".getBytes(StandardCharsets.UTF_8);
        byte[] legacy = "J\u00fcrgen\n".getBytes(FileText.WINDOWS_1252);
        assertThat(readOneByOne(utf8)).isEqualTo("a\ud83d\ude00b\n");
        assertThat(readOneByOne(legacy)).isEqualTo("J\u00fcrgen\n");
    }

    private static String readOneByOne(byte[] bytes) throws IOException {
        StringBuilder text = new StringBuilder();
        char[] one = new char[1];
        try (Reader reader = new FileText.Utf8OrWindows1252(new ByteArrayInputStream(bytes))) {
            for (int n = reader.read(one, 0, 1); n >= 0; n = reader.read(one, 0, 1)) {
                text.append(one, 0, n);
            }
        }
        return text.toString();
    }

    @Test
    void csvInUtf8Windows1252OrUtf16WithItsBomIsText() throws IOException {
        String csv = "email,name\r\na@example.com,J\u00fcrgen\tM\u00fcller\r\n";
        assertThat(FileText.notText(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)))).isNull();
        assertThat(FileText.notText(new ByteArrayInputStream(csv.getBytes(FileText.WINDOWS_1252)))).isNull();
        // UTF-16 has a NUL in every ASCII letter: its BOM says how to read it
        byte[] utf16 = csv.getBytes(StandardCharsets.UTF_16LE);
        byte[] withBom = new byte[utf16.length + 2];
        withBom[0] = (byte) 0xFF;
        withBom[1] = (byte) 0xFE;
        System.arraycopy(utf16, 0, withBom, 2, utf16.length);
        assertThat(FileText.notText(new ByteArrayInputStream(withBom))).isNull();
        assertThat(FileText.notText(new ByteArrayInputStream(Arrays.copyOf(withBom, 1)))).as("one byte").isNull();
        assertThat(FileText.notText(new ByteArrayInputStream(new byte[0]))).as("empty: said elsewhere").isNull();
    }
}

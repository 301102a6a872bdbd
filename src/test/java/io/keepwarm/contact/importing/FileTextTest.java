package io.keepwarm.contact.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

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

package io.keepwarm.segment.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListFilesTest {

    @Test
    void readsTheAddressesOfAFileExcelSavedWithSemicolons() {
        ListFiles.Emails emails = ListFiles.emails(new StringReader("email;name\r\nann@example.com;Ann\r\nbob@example.com;Bob\r\n"));

        assertThat(emails.good()).isEqualTo(Map.of(2L, "ann@example.com", 3L, "bob@example.com"));
        assertThat(emails.bad()).isEmpty();
    }

    @Test
    void findsTheEmailColumnByTheHeaderNamesAContactImportKnows() {
        ListFiles.Emails emails = ListFiles.emails(new StringReader(
                "First name,Last name,E-mail Address\nAnn,Lee,ann@example.com\n"));

        assertThat(emails.good()).isEqualTo(Map.of(2L, "ann@example.com"));
        assertThat(emails.bad()).isEmpty();
    }

    @Test
    void aQuoteNeverClosedInAHugeFileIsReportedAtItsLineWithoutReadingTheRest() {
        UnclosedQuote file = new UnclosedQuote(50 << 20);

        ListFiles.Emails emails = ListFiles.emails(file);

        assertThat(emails.good()).isEqualTo(Map.of(2L, "ann@example.com"));
        assertThat(emails.bad()).containsOnlyKeys(3L);
        assertThat(emails.bad().get(3L)).contains("quote that is never closed");
        assertThat(file.read).as("characters read of 50 million").isLessThan(4 << 20);
    }

    /** A header, an address, then a line whose quote opens and never closes, followed by text: made up as it is read. */
    private static final class UnclosedQuote extends Reader {

        private final String start = "email,company\nann@example.com,Acme\nbob@example.com,\"Acme Ltd\n";
        private final long size;
        long read;

        UnclosedQuote(long size) {
            this.size = size;
        }

        @Override
        public int read(char[] target, int offset, int length) {
            int n = (int) Math.min(length, size - read);
            if (n <= 0) {
                return -1;
            }
            for (int i = 0; i < n; i++) {
                long at = read + i;
                target[offset + i] = at < start.length() ? start.charAt((int) at) : at % 80 == 0 ? '\n' : 'x';
            }
            read += n;
            return n;
        }

        @Override
        public void close() {}
    }
}

package io.keepwarm.contact.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keepwarm.contact.ContactInput;
import io.keepwarm.contact.ContactInput.CompanyInput;
import io.keepwarm.contact.ContactInput.ConsentInput;
import io.keepwarm.contact.importing.ParsedRow.Bad;
import io.keepwarm.contact.importing.ParsedRow.Good;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CsvRowsTest {

    @Test
    void readsFirstDataRowAsLineTwo() throws IOException {
        List<ParsedRow> rows = read("email,first name\na@example.com,Ann\nb@example.com,Bob\n");

        assertThat(rows).extracting(ParsedRow::line).containsExactly(2L, 3L);
        assertThat(good(rows.get(0))).extracting(ContactInput::email, ContactInput::firstName)
                .containsExactly("a@example.com", "Ann");
    }

    @Test
    void readsTheSameWithAndWithoutByteOrderMark() throws IOException {
        String csv = "Email,City\r\na@example.com,Zürich\r\n";
        byte[] plain = csv.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[plain.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(plain, 0, withBom, 3, plain.length);

        List<ParsedRow> fromPlain = read(plain, Map.of());
        List<ParsedRow> fromBom = read(withBom, Map.of());

        assertThat(fromBom).isEqualTo(fromPlain);
        assertThat(good(fromBom.getFirst()).city()).isEqualTo("Zürich");
    }

    @Test
    void detectsSemicolonDelimiterFromHeader() throws IOException {
        List<ParsedRow> rows = read("email;company;city\na@example.com;\"Smith, Jones & Co\";Lyon\n");

        ContactInput input = good(rows.getFirst());
        assertThat(input.company().name()).isEqualTo("Smith, Jones & Co");
        assertThat(input.city()).isEqualTo("Lyon");
    }

    @Test
    void keepsCommaInHeaderQuotesFromOutvotingSemicolons() throws IOException {
        List<ParsedRow> rows = read("\"email, work\";first name;last name\na@example.com;Ann;Lee\n",
                Map.of("email, work", "email"));

        assertThat(good(rows.getFirst())).extracting(ContactInput::email, ContactInput::lastName)
                .containsExactly("a@example.com", "Lee");
    }

    @Test
    void detectsTabDelimiter() throws IOException {
        List<ParsedRow> rows = read("email\tfirst name\na@example.com\tAnn\n");

        assertThat(good(rows.getFirst()).firstName()).isEqualTo("Ann");
    }

    @Test
    void readsQuotedFieldsWithDelimiterQuoteAndNewlineInside() throws IOException {
        List<ParsedRow> rows = read("""
                email,company,title
                a@example.com,"Acme, Inc.","The ""Boss""\"
                b@example.com,"Two
                Lines",CEO
                c@example.com,Plain,CTO
                """);

        assertThat(rows).extracting(ParsedRow::line).containsExactly(2L, 3L, 5L);
        assertThat(good(rows.get(0)).company().name()).isEqualTo("Acme, Inc.");
        assertThat(good(rows.get(0)).title()).isEqualTo("The \"Boss\"");
        assertThat(good(rows.get(1)).company().name()).isEqualTo("Two\nLines");
        assertThat(good(rows.get(2)).email()).isEqualTo("c@example.com");
    }

    @Test
    void keepsLineNumbersRightAfterMultiLineFieldsWithCrLf() throws IOException {
        List<ParsedRow> rows = read("email,title\r\na@example.com,\"one\r\ntwo\r\nthree\"\r\nb@example.com,x\r\n"
                + "c@example.com,\"lone\rcarriage return\"\r\nd@example.com,y");

        assertThat(rows).extracting(ParsedRow::line).containsExactly(2L, 5L, 6L, 8L);
        assertThat(good(rows.get(0)).title()).isEqualTo("one\r\ntwo\r\nthree");
    }

    @Test
    void skipsBlankLinesAndRowsOfEmptyCellsButCountsThem() throws IOException {
        List<ParsedRow> rows = read("\nemail,first name\n\na@example.com,Ann\n\n\n,\n  ,  \nb@example.com,Bob\n\n");

        assertThat(rows).extracting(ParsedRow::line).containsExactly(4L, 9L);
    }

    @Test
    void reportsRowWithWrongFieldCountWithItsLine() throws IOException {
        List<ParsedRow> rows = read("""
                email,first name,last name
                a@example.com,Ann,Lee
                b@example.com,Bob
                c@example.com,Cy,Young,extra,more
                d@example.com,Di,Ross
                """);

        assertThat(rows).hasSize(4);
        assertThat(rows.get(1)).isEqualTo(new Bad(3, "has 2 fields, the header has 3", "b@example.com"));
        assertThat(rows.get(2)).isEqualTo(new Bad(4, "has 5 fields, the header has 3", "c@example.com"));
        assertThat(rows.get(3)).isInstanceOf(Good.class).extracting(ParsedRow::line).isEqualTo(5L);
    }

    @Test
    void aQuoteNeverClosedCostsItsOwnRowAndTheRowsAfterItAreRead() throws IOException {
        List<ParsedRow> rows = read("email,title\na@example.com,x\nb@example.com,\"never closed\nc@example.com,y\nd@example.com,z\n");

        assertThat(rows).extracting(ParsedRow::line).containsExactly(2L, 3L, 4L, 5L);
        assertThat(rows.get(1)).isInstanceOfSatisfying(Bad.class, bad -> assertThat(bad.reason())
                .isEqualTo("has a quote that is never closed, so it is left out and the next line is read as the next row"));
        assertThat(rows.subList(2, 4)).allSatisfy(row -> assertThat(row).isInstanceOf(Good.class));
        assertThat(good(rows.get(3)).email()).isEqualTo("d@example.com");
    }

    @Test
    void aRowLeftOutForAQuoteNeverClosedIsReportedWithTheAddressItsEmailColumnHoldsWhenItLooksLikeOne()
            throws IOException {
        List<ParsedRow> rows = read("name,email,title\nAl,a@example.com,x\nPat,pat@broken.example,\"never closed\n"
                + "Cy,c@example.com,y\n");
        List<ParsedRow> quotedAddress = read("name,email,title\nDee,\"dee@quoted.example,z\n");
        List<ParsedRow> noAddress = read("name,email,title\nEd,no address here,\"w\n");

        assertThat(rows.get(1)).isEqualTo(new Bad(3, "has a quote that is never closed, so it is left out and the next"
                + " line is read as the next row", "pat@broken.example"));
        assertThat(rows.get(2)).isInstanceOf(Good.class);
        assertThat(quotedAddress).singleElement().extracting(row -> ((Bad) row).email()).isEqualTo("dee@quoted.example");
        assertThat(noAddress).singleElement().extracting(row -> ((Bad) row).email()).isNull();
    }

    @Test
    void aQuoteNeverClosedInAHugeFileIsABadRowAtItsLineAndTheRestIsNotHeldInMemory() throws IOException {
        List<UnclosedQuote> opened = new ArrayList<>();
        List<ParsedRow> rows = new ArrayList<>();
        try (CsvRows source = CsvRows.open(() -> add(opened, new UnclosedQuote(50 << 20)), Map.of())) {
            for (ParsedRow row = source.next(); row != null && rows.size() < 3; row = source.next()) {
                rows.add(row);
            }
        }

        assertThat(rows.getFirst()).isInstanceOfSatisfying(Bad.class, bad -> {
            assertThat(bad.line()).isEqualTo(2);
            assertThat(bad.reason()).startsWith("opens a quote that is never closed");
        });
        assertThat(rows.get(1).line()).as("the line after it, read as the next row").isEqualTo(3);
        assertThat(opened.getFirst().read).as("bytes read of 50 MB before the row was given up").isLessThan(4 << 20);

        CsvRows.Sample sample = CsvRows.sample(() -> new UnclosedQuote(50 << 20), 5);
        assertThat(sample.problem()).startsWith("Line 2 opens a quote that is never closed");
    }

    @Test
    void theMappingPageCountGivesUpAfterTwentyUnreadableRowsWhileTheImportReadsOnAndReportsEachOne() throws IOException {
        StringBuilder csv = new StringBuilder("email,title\n");
        for (int i = 0; i < 25; i++) {
            csv.append("p").append(i).append("@example.com,x\n").append("q").append(i).append("@example.com,\"stray\" quote\n");
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);

        CsvRows.Sample sample = CsvRows.sample(() -> new ByteArrayInputStream(bytes), 5);
        assertThat(sample.rowCount()).as("the good rows before the 21st unreadable one").isEqualTo(21);
        assertThat(sample.problem()).startsWith("Line 3 has text after the closing quote")
                .endsWith("More than 20 rows cannot be read: the count stops at line 43, and the import reports each of them.");

        List<ParsedRow> rows = read(csv.toString());
        assertThat(rows).hasSize(50);
        assertThat(rows).filteredOn(row -> row instanceof Bad).hasSize(25);
    }

    @Test
    void aFileWithHundredsOfUnreadableRowsIsReadOnceFromItsStartToItsEnd() throws IOException {
        StringBuilder csv = new StringBuilder("email,title\r\n");
        for (int i = 0; i < 400; i++) {
            csv.append("p").append(i).append("@example.com,x\r\n");
            // a quote never closed runs on into the next rows until the stray quote below it stops the parser
            csv.append("q").append(i).append(i % 10 == 0 ? "@example.com,\"never closed\r\n" : "@example.com,\"stray\" quote\r\n");
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        List<CountedReads> opened = new ArrayList<>();

        List<ParsedRow> rows = new ArrayList<>();
        try (CsvRows source = CsvRows.open(() -> add(opened, new CountedReads(bytes)), Map.of())) {
            for (ParsedRow row = source.next(); row != null; row = source.next()) {
                rows.add(row);
            }
        }

        assertThat(opened.stream().mapToLong(file -> file.read).sum()).as("bytes read, over every opening of the file")
                .isEqualTo(bytes.length);
        assertThat(rows).extracting(ParsedRow::line).containsExactlyElementsOf(
                LongStream.rangeClosed(2, 801).boxed().toList());
        assertThat(rows).filteredOn(row -> row instanceof Bad).extracting(ParsedRow::line)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 400).map(i -> 2 * i + 1).boxed().toList());
    }

    @Test
    void anUnreadableRowPastLineOneThousandIsReportedWithItsWholeLineNumberInEveryLocale() throws IOException {
        StringBuilder csv = new StringBuilder("email,title\n");
        for (int i = 0; i < 1_500; i++) {
            csv.append("p").append(i).append("@example.com,x\n");
        }
        csv.append("late@example.com,\"never closed\n");
        Locale before = Locale.getDefault();
        try {
            for (Locale locale : List.of(Locale.US, Locale.GERMANY, Locale.FRANCE)) {
                Locale.setDefault(locale);
                List<ParsedRow> rows = read(csv.toString());
                assertThat(rows.getLast()).as(locale.toString()).isInstanceOfSatisfying(Bad.class,
                        bad -> assertThat(bad.line()).isEqualTo(1_502));
            }
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void textAfterAClosingQuoteIsExplainedInWordsAndTheRowsAfterItAreRead() throws IOException {
        List<ParsedRow> rows = read("email,title\na@example.com,x\nb@example.com,\"quoted\"tail\nc@example.com,y\n");

        assertThat(rows).extracting(ParsedRow::line).containsExactly(2L, 3L, 4L);
        assertThat(rows.get(1)).isInstanceOfSatisfying(Bad.class, bad -> assertThat(bad.reason())
                .startsWith("has text after the closing quote of a value (a value in quotes ends at its quote; a quote"
                        + " inside it is written twice: \"\")"));
        assertThat(rows.get(2)).isInstanceOf(Good.class);
    }

    @Test
    void aQuotedValueSpanningLinesBeforeABrokenRowKeepsTheLineNumbersOfTheRowsAfterIt() throws IOException {
        List<ParsedRow> rows = read("email,title\na@example.com,\"two\nlines\"\nb@example.com,\"never closed\n\nc@example.com,y\r\n"
                + "d@example.com,\"three\nmore\nlines\"\ne@example.com,\"stray\" quote\nf@example.com,z\n");

        // The quote opened on line 4 closes on line 7, where the parser fails: line 4 is the row left out.
        assertThat(rows).extracting(ParsedRow::line).containsExactly(2L, 4L, 6L, 7L, 10L, 11L);
        assertThat(rows).extracting(row -> row instanceof Good).containsExactly(true, false, true, true, false, true);
        assertThat(good(rows.get(3)).title()).isEqualTo("three\nmore\nlines");

        CsvRows.Sample sample = CsvRows.sample(() -> new ByteArrayInputStream(("email,title\na@example.com,\"x\n"
                + "b@example.com,y\nc@example.com,z\n").getBytes(StandardCharsets.UTF_8)), 5);
        assertThat(sample.rowCount()).as("the rows the import will read").isEqualTo(2);
        assertThat(sample.problem()).startsWith("Line 2 has a quote that is never closed");
    }

    @Test
    void readsAFileThatIsNotUtf8AsWindows1252SoAccentedNamesImportAsWritten() throws IOException {
        // what Excel on Windows saves as "CSV": Windows-1252, with letters Latin-1 lacks (the euro sign, curly quotes)
        byte[] excel = ("email,first name,last name,title\na@example.com,J\u00fcrgen,M\u00fcller,\nb@example.com,Bob,"
                + "Ames,Head of \u20ac \u201cSales\u201d\n").getBytes(FileText.WINDOWS_1252);

        List<ParsedRow> rows = read(excel, Map.of());

        assertThat(rows).hasSize(2);
        assertThat(good(rows.get(0)).firstName()).isEqualTo("J\u00fcrgen");
        assertThat(good(rows.get(0)).lastName()).isEqualTo("M\u00fcller");
        assertThat(good(rows.get(1)).title()).isEqualTo("Head of \u20ac \u201cSales\u201d");
        CsvRows.Sample sample = CsvRows.sample(() -> new ByteArrayInputStream(excel), 5);
        assertThat(sample.windows1252()).as("the mapping page says how the file was read").isTrue();
        assertThat(sample.rows().getFirst()).contains("J\u00fcrgen");
        assertThat(CsvRows.sample(() -> new ByteArrayInputStream("email,name\na@example.com,J\u00fcrgen\n"
                .getBytes(StandardCharsets.UTF_8)), 5).windows1252()).as("a UTF-8 file").isFalse();
    }

    @Test
    void refusesRowsWithBadBytesInAFileWhoseUtf8LettersCameFirstRatherThanManglingNames() throws IOException {
        // UTF-8 letters, then a Latin-1 byte: a file of mixed encodings, not one Windows-1252 reads right either
        byte[] utf8 = "email,first name,notes\na@example.com,Z\u00f6e,\n".getBytes(StandardCharsets.UTF_8);
        byte[] latin1 = "b@example.com,Jos\u00e9,\nc@example.com,Bob,d\u00e9j\u00e0 vu\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] mixed = Arrays.copyOf(utf8, utf8.length + latin1.length);
        System.arraycopy(latin1, 0, mixed, utf8.length, latin1.length);

        List<ParsedRow> rows = read(mixed, Map.of());

        assertThat(rows).hasSize(3);
        assertThat(good(rows.get(0)).firstName()).isEqualTo("Z\u00f6e");
        assertThat(rows.get(1)).isInstanceOfSatisfying(Bad.class, bad -> {
            assertThat(bad.line()).isEqualTo(3);
            assertThat(bad.reason()).contains("not UTF-8");
            assertThat(bad.email()).isEqualTo("b@example.com");
        });
        // a column we do not import may be mangled without harm
        assertThat(good(rows.get(2)).firstName()).isEqualTo("Bob");
    }

    @Test
    void aCountryIsReadAsItsIsoCodeAndACountryNoOneKnowsIsRefusedAtItsLine() throws IOException {
        List<ParsedRow> rows = read("email,country\na@example.com,Germany\nb@example.com,narnia\nc@example.com, de \n"
                + "d@example.com,United  Kingdom\n");

        assertThat(good(rows.get(0)).country()).isEqualTo("DE");
        assertThat(rows.get(1)).isEqualTo(new ParsedRow.Bad(3, "country 'narnia' is not a country we know; give its "
                + "ISO code (DE) or its English name (Germany)", "b@example.com"));
        assertThat(good(rows.get(2)).country()).isEqualTo("DE");
        assertThat(good(rows.get(3)).country()).isEqualTo("GB");
    }

    @Test
    void aRowNamingACountryNameOfTwoCountriesIsRefusedNamingBothNotTakenForOne() throws IOException {
        List<ParsedRow> rows = read("email,country\na@example.com,Congo\nb@example.com,DR Congo\n");

        assertThat(rows.get(0)).isEqualTo(new ParsedRow.Bad(2, "country 'Congo' names two countries, Congo - Brazzaville"
                + " and Congo - Kinshasa, and Keepwarm does not guess which: write CG for Congo - Brazzaville or CD for"
                + " Congo - Kinshasa", "a@example.com"));
        assertThat(good(rows.get(1)).country()).isEqualTo("CD");
    }

    @Test
    void aConsentColumnOfYesAndNoIsReadAsGrantedAndUnknownNeverAsWithdrawn() throws IOException {
        List<ParsedRow> rows = read("email,email consent,sms consent,consent source\n"
                + "a@example.com,Yes,no,fair sign-up\nb@example.com,TRUE,0,fair sign-up\n");

        assertThat(good(rows.get(0)).consents()).containsExactly(new ConsentInput("EMAIL", "GRANTED", "fair sign-up"),
                new ConsentInput("SMS", "UNKNOWN", "fair sign-up", true));
        assertThat(good(rows.get(1)).consents()).containsExactly(new ConsentInput("EMAIL", "GRANTED", "fair sign-up"),
                new ConsentInput("SMS", "UNKNOWN", "fair sign-up", true));
    }

    @Test
    void mapsCommonHeaderNamesAutomatically() throws IOException {
        String header = "E-mail Address,First Name,Surname,Phone Number,Job Title,Organisation,Website,Industry,"
                + "Employees,Country,State,Town,Time Zone,Lead Source,Sales Rep,Status,Preferred Channel,Tags,"
                + "Email Consent,SMS consent,Consent Source,Birthday,Contract Expiry,Lease_Expiry,attr:renewal_date,"
                + "Attribute: Shoe Size,Notes";
        String row = "ann@example.com,Ann,Lee,+44 20 1234 5678,CFO,Acme Ltd,https://www.acme.example/about?x=1,"
                + "Retail,50-200,GB,England,London,Europe/London,TRADE_SHOW,sam,VALID,EMAIL,vip,GRANTED,WITHDRAWN,"
                + "form 12,1980-02-29,2026-01-31,2027-06-30,2026-05-01,44,likes tea";

        try (CsvRows rows = open(header + "\n" + row + "\n", Map.of())) {
            ContactInput input = good(rows.next());

            assertThat(input).isEqualTo(new ContactInput("ann@example.com", "Ann", "Lee", "+44 20 1234 5678", "CFO",
                    new CompanyInput("Acme Ltd", "acme.example", "Retail", "50-200"), "GB", "England", "London",
                    "Europe/London", "TRADE_SHOW", "sam", "VALID", "EMAIL", null,
                    Map.of("birthday", "1980-02-29", "contract_expiry", "2026-01-31", "lease_expiry", "2027-06-30",
                            "renewal_date", "2026-05-01", "Shoe Size", "44"),
                    List.of("vip"),
                    List.of(new ConsentInput("EMAIL", "GRANTED", "form 12"),
                            new ConsentInput("SMS", "WITHDRAWN", "form 12"))));
            assertThat(rows.ignoredColumns()).containsExactly("Notes");
        }
    }

    @Test
    void splitsFullNameOnLastSpaceWhenThereAreNoNameColumns() throws IOException {
        List<ParsedRow> rows = read("Full Name,Email\nMary Ann van Dyke,m@example.com\nCher,c@example.com\n");

        assertThat(good(rows.get(0))).extracting(ContactInput::firstName, ContactInput::lastName)
                .containsExactly("Mary Ann van", "Dyke");
        assertThat(good(rows.get(1))).extracting(ContactInput::firstName, ContactInput::lastName)
                .containsExactly("Cher", null);
    }

    @Test
    void ignoresNameColumnWhenFirstAndLastNameColumnsExist() throws IOException {
        try (CsvRows rows = open("name,first name,last name,email\nAnn Lee,Annie,Lee,a@example.com\n", Map.of())) {
            assertThat(good(rows.next())).extracting(ContactInput::firstName, ContactInput::lastName)
                    .containsExactly("Annie", "Lee");
            assertThat(rows.ignoredColumns()).containsExactly("name");
        }
    }

    @Test
    void prefersJobTitleOverOutlookCourtesyTitle() throws IOException {
        try (CsvRows rows = open("Title,First Name,Job Title,E-mail Address\nMr.,Tom,Buyer,t@example.com\n", Map.of())) {
            assertThat(good(rows.next()).title()).isEqualTo("Buyer");
            assertThat(rows.ignoredColumns()).containsExactly("Title");
        }
    }

    @Test
    void fallsBackToNextPhoneColumnWhenFirstIsBlank() throws IOException {
        List<ParsedRow> rows = read("email,mobile,business phone\na@example.com,+1 555 0100,\nb@example.com,"
                + "+1 555 0101,+1 555 0199\n");

        assertThat(rows).extracting(row -> good(row).phone()).containsExactly("+1 555 0100", "+1 555 0199");
    }

    @Test
    void explicitMappingWinsOverGuesses() throws IOException {
        Map<String, String> mapping = Map.of(
                "Work Mail", "email",
                "Email", "ignore",
                "Renewal", "attribute:renewal_date",
                "Employer", "company.name",
                "Labels", "tags");
        String csv = "Email,Work Mail,Renewal,Employer,Labels\nhome@example.com,work@example.com,2026-03-01,Acme,a|b\n";

        try (CsvRows rows = open(csv, mapping)) {
            ContactInput input = good(rows.next());

            assertThat(input.email()).isEqualTo("work@example.com");
            assertThat(input.attributes()).containsExactly(Map.entry("renewal_date", "2026-03-01"));
            assertThat(input.company().name()).isEqualTo("Acme");
            assertThat(input.tags()).containsExactly("a", "b");
            assertThat(rows.ignoredColumns()).containsExactly("Email");
            assertThat(rows.mapping().mappedColumns()).containsEntry("Work Mail", "email");
        }
    }

    @Test
    void explicitMappingReplacesGuessesForTheSameField() throws IOException {
        try (CsvRows rows = open("email,Contact Email\nold@example.com,new@example.com\n",
                Map.of("contact email", "email"))) {
            assertThat(good(rows.next()).email()).isEqualTo("new@example.com");
            assertThat(rows.ignoredColumns()).containsExactly("email");
        }
    }

    @Test
    void refusesExplicitMappingOfHeaderNotInFile() {
        assertThatThrownBy(() -> read("email,name\na@example.com,Ann\n", Map.of("Surname", "lastName")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Surname'")
                .hasMessageContaining("headers: email, name");
    }

    @Test
    void refusesExplicitMappingToUnknownField() {
        assertThatThrownBy(() -> read("email,name\na@example.com,Ann\n", Map.of("name", "nickname")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'nickname'")
                .hasMessageContaining("firstName");
    }

    @Test
    void refusesFileWithoutEmailColumn() {
        assertThatThrownBy(() -> read("first name,last name\nAnn,Lee\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The file has no email column; map one of its columns to 'email' "
                        + "(headers: first name, last name)");
    }

    @Test
    void refusesEmptyFile() {
        assertThatThrownBy(() -> read("\n\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void splitsTagsOnSemicolonCommaAndPipe() throws IOException {
        List<ParsedRow> rows = read("email;tags\na@example.com;\" vip, expo 2026 |partner;; vip ,\"\n");

        assertThat(good(rows.getFirst()).tags()).containsExactly("vip", "expo 2026", "partner");
    }

    @Test
    void readsAttrColumnsAsAttributes() throws IOException {
        List<ParsedRow> rows = read("email,attr:renewal_date,ATTRIBUTE:budget,attr:\na@example.com,2026-04-01,,x\n");

        assertThat(good(rows.getFirst()).attributes()).containsExactly(Map.entry("renewal_date", "2026-04-01"));
    }

    @Test
    void trimsValuesAndTurnsBlankCellsIntoNull() throws IOException {
        List<ParsedRow> rows = read("email,first name,company,country,tags\n  a@example.com , ,\"  \",\t,\n");

        ContactInput input = good(rows.getFirst());
        assertThat(input.email()).isEqualTo("a@example.com");
        assertThat(input.firstName()).isNull();
        assertThat(input.company()).isNull();
        assertThat(input.country()).isNull();
        assertThat(input.tags()).isEmpty();
    }

    @Test
    void addsConsentOnlyWhenItsCellIsFilledEvenWithoutSource() throws IOException {
        List<ParsedRow> rows = read("email,consent email,phone consent,consent source\n"
                + "a@example.com,GRANTED,,\nb@example.com,,,web form\n");

        assertThat(good(rows.get(0)).consents()).containsExactly(new ConsentInput("EMAIL", "GRANTED", null));
        assertThat(good(rows.get(1)).consents()).isEmpty();
    }

    @Test
    @Timeout(120)
    void streamsAMillionRowsWithoutHoldingThem() throws IOException {
        int count = 1_000_000;
        long good = 0;
        long lastLine = 0;
        try (CsvRows rows = CsvRows.open(() -> new GeneratedCsv(count), Map.of())) {
            for (ParsedRow row = rows.next(); row != null; row = rows.next()) {
                good += row instanceof Good ? 1 : 0;
                lastLine = row.line();
            }
        }

        assertThat(good).isEqualTo(count);
        assertThat(lastLine).isEqualTo(count + 1L);
    }

    private static ContactInput good(ParsedRow row) {
        assertThat(row).isInstanceOf(Good.class);
        return ((Good) row).input();
    }

    private static List<ParsedRow> read(String csv) throws IOException {
        return read(csv, Map.of());
    }

    private static List<ParsedRow> read(String csv, Map<String, String> mapping) throws IOException {
        return read(csv.getBytes(StandardCharsets.UTF_8), mapping);
    }

    private static List<ParsedRow> read(byte[] csv, Map<String, String> mapping) throws IOException {
        List<ParsedRow> rows = new ArrayList<>();
        try (CsvRows source = CsvRows.open(() -> new ByteArrayInputStream(csv), mapping)) {
            for (ParsedRow row = source.next(); row != null; row = source.next()) {
                rows.add(row);
            }
        }
        return rows;
    }

    private static CsvRows open(String csv, Map<String, String> mapping) throws IOException {
        return CsvRows.open(() -> new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), mapping);
    }

    /** A header, then a row whose quote opens and never closes, then lines of text: made up as it is read. */
    private static <T> T add(List<T> list, T item) {
        list.add(item);
        return item;
    }

    private static final class UnclosedQuote extends InputStream {

        private final byte[] start = "email,company\nb@example.com,\"Acme Ltd\n".getBytes(StandardCharsets.UTF_8);
        private final long size;
        long read;

        UnclosedQuote(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            int n = (int) Math.min(length, size - read);
            if (n <= 0) {
                return -1;
            }
            for (int i = 0; i < n; i++) {
                long at = read + i;
                target[offset + i] = at < start.length ? start[(int) at] : at % 80 == 0 ? (byte) '\n' : (byte) 'x';
            }
            read += n;
            return n;
        }
    }

    /** A file's bytes that count how many of them were read. */
    private static final class CountedReads extends ByteArrayInputStream {

        long read;

        CountedReads(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read() {
            int b = super.read();
            read += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public synchronized int read(byte[] target, int offset, int length) {
            int n = super.read(target, offset, length);
            read += Math.max(n, 0);
            return n;
        }
    }

    /** A CSV file made up as it is read, so the test itself never holds a million rows either. */
    private static final class GeneratedCsv extends InputStream {

        private final int rows;
        private int next = -1;
        private byte[] current = "email,first name,last name,company,city,tags\n".getBytes(StandardCharsets.UTF_8);
        private int position;

        GeneratedCsv(int rows) {
            this.rows = rows;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (position == current.length) {
                if (++next >= rows) {
                    return -1;
                }
                current = ("user" + next + "@example.com,First" + next + ",Last,\"Acme, Inc.\",Berlin,a;b\n")
                        .getBytes(StandardCharsets.UTF_8);
                position = 0;
            }
            int n = Math.min(length, current.length - position);
            System.arraycopy(current, position, target, offset, n);
            position += n;
            return n;
        }
    }
}

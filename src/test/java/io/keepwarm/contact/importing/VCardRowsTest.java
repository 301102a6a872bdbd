package io.keepwarm.contact.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.keepwarm.contact.ContactInput;
import io.keepwarm.contact.ContactInput.CompanyInput;
import io.keepwarm.contact.importing.ParsedRow.Bad;
import io.keepwarm.contact.importing.ParsedRow.Good;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class VCardRowsTest {

    /** Real exports, kept beside the project (CI clones shared/ next to it). */
    private static final Path CORPUS = Path.of("../shared/corpus/vcard");

    static Stream<Path> corpus() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(CORPUS)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".vcf")).sorted().toList();
        }
        assertThat(files).as("vCard corpus in " + CORPUS.toAbsolutePath()).hasSizeGreaterThan(10);
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void readsEveryCardOfTheCorpusOnItsLine(Path file) throws IOException {
        List<ParsedRow> rows = read(file);

        assertThat(rows).extracting(ParsedRow::line).containsExactlyElementsOf(topLevelBeginLines(file));
        assertThat(rows).filteredOn(Good.class::isInstance).allSatisfy(row -> {
            String email = ((Good) row).input().email();
            assertThat(email).isNotBlank().contains("@");
        });
        // fullcontact.vcf is a template whose work address says "WorkCountry": refused as a CSV row naming it is
        assertThat(rows).filteredOn(Bad.class::isInstance).allSatisfy(row -> assertThat(((Bad) row).reason())
                .matches(reason -> reason.startsWith("card has no email address")
                        || reason.equals("country 'WorkCountry' is not a country we know; give its ISO code (DE) or its"
                                + " English name (Germany)"), "no address, or the template's country"));
    }

    @Test
    void readsOutlookCard() throws IOException {
        ContactInput input = only("John_Doe_MS_OUTLOOK.vcf");

        // the address really is .cm in this export
        assertThat(input.email()).isEqualTo("john.doe@ibm.cm");
        assertThat(input).extracting(ContactInput::firstName, ContactInput::lastName, ContactInput::title,
                ContactInput::phone).containsExactly("John", "Doe", "Money Counter", "(905) 555-1234");
        assertThat(input.company()).isEqualTo(new CompanyInput("IBM", "ibm.com", null, null));
        assertThat(input).extracting(ContactInput::city, ContactInput::region, ContactInput::country)
                .containsExactly("Albaney", "New York", "US");
        assertThat(input.attributes()).isEqualTo(Map.of("birthday", "1980-03-22", "anniversary", "2011-01-13"));
        assertThat(input.source()).isNull();
    }

    @Test
    void readsOutlook2007CardWithMsAnniversary() throws IOException {
        ContactInput input = only("outlook-2007.vcf");

        assertThat(input).extracting(ContactInput::email, ContactInput::firstName, ContactInput::lastName,
                ContactInput::title, ContactInput::phone)
                .containsExactly("mike.angstadt@gmail.com", "Michael", "Angstadt", "TheJobTitle", "(111) 555-1111");
        assertThat(input.company()).isEqualTo(new CompanyInput("TheCompany", "mikeangstadt.name", null, null));
        assertThat(input).extracting(ContactInput::city, ContactInput::region, ContactInput::country)
                .containsExactly("New York", "NY", "US");
        assertThat(input.attributes()).isEqualTo(Map.of("birthday", "1922-03-10", "anniversary", "2012-08-01"));
    }

    @Test
    void readsIphoneCardPreferringTheWorkPhoneAndAddress() throws IOException {
        ContactInput input = only("John_Doe_IPHONE.vcf");

        assertThat(input).extracting(ContactInput::email, ContactInput::firstName, ContactInput::lastName,
                ContactInput::title, ContactInput::phone)
                .containsExactly("john.doe@ibm.com", "John", "Doe", "Money Counter", "905-777-1234");
        assertThat(input.company().name()).isEqualTo("IBM");
        assertThat(input).extracting(ContactInput::city, ContactInput::country).containsExactly("New York", "US");
        assertThat(input.attributes()).isEqualTo(Map.of("birthday", "2012-06-06"));
    }

    @Test
    void readsAndroidCardsAndReportsThoseWithoutEmail() throws IOException {
        List<ParsedRow> rows = read(CORPUS.resolve("John_Doe_ANDROID.vcf"));

        assertThat(rows).extracting(ParsedRow::line).containsExactly(1L, 6L, 11L, 18L, 36L, 71L);
        assertThat(((Good) rows.get(0)).input().email()).isEqualTo("john.doe@company.com");
        assertThat(((Good) rows.get(1)).input().email()).isEqualTo("jane.doe@company.com");
        assertThat(rows.get(2)).isEqualTo(new Bad(11, "card has no email address (name: Ñ Ñ Ñ Ñ Ñ)", null));
        assertThat(rows.get(3)).isInstanceOf(Bad.class);
        // the preferred address that looks like one, not the quoted-printable junk also marked PREF
        ContactInput bob = ((Good) rows.get(4)).input();
        assertThat(bob).extracting(ContactInput::email, ContactInput::phone)
                .containsExactly("bob@company.com", "123456");
        assertThat(bob.company().name()).isEqualTo("ÑÑÑÑÑÑÑÑÑÑÑÑ");
        assertThat(((Good) rows.get(5)).input().email()).isEqualTo("henry@company.com");
    }

    @Test
    void reportsBlackBerryCardWithoutEmail() throws IOException {
        assertThat(read(CORPUS.resolve("John_Doe_BLACK_BERRY.vcf")))
                .containsExactly(new Bad(1, "card has no email address (name: John Doe)", null));
    }

    @Test
    void readsRfc6350CardSkippingBirthdayWithoutYear() throws IOException {
        ContactInput input = only("rfc6350-example.vcf");

        assertThat(input).extracting(ContactInput::email, ContactInput::firstName, ContactInput::lastName,
                ContactInput::phone)
                .containsExactly("simon.perreault@viagenie.ca", "Simon", "Perreault", "+1-418-656-9254 ext. 102");
        assertThat(input.company().name()).isEqualTo("Viagenie");
        assertThat(input).extracting(ContactInput::city, ContactInput::region, ContactInput::country)
                .containsExactly("Quebec", "QC", "CA");
        // BDAY:--0203 has no year: skipped, not invented
        assertThat(input.attributes()).isEqualTo(Map.of("anniversary", "2009-08-08"));
    }

    @Test
    void aCountryIsReadAsItsIsoCodeAndACardWithOneWeCannotReadIsRefusedAtItsLine() throws IOException {
        List<ParsedRow> rows = read("""
                BEGIN:VCARD
                VERSION:3.0
                EMAIL:usa@example.com
                ADR;TYPE=WORK:;;6544 Battleford Drive;Raleigh;NC;27613;U.S.A.
                END:VCARD
                BEGIN:VCARD
                VERSION:3.0
                EMAIL:nowhere@example.com
                ADR;TYPE=WORK:;;WorkStreet;WorkCity;WorkState;WorkPostal;WorkCountry
                END:VCARD
                """);

        assertThat(((Good) rows.get(0)).input().country()).isEqualTo("US");
        assertThat(rows.get(1)).isEqualTo(new Bad(6, "country 'WorkCountry' is not a country we know; give its ISO code"
                + " (DE) or its English name (Germany)", "nowhere@example.com"));
    }

    @Test
    void readsEveryCardOfGmailList() throws IOException {
        List<ParsedRow> rows = read(CORPUS.resolve("gmail-list.vcf"));

        assertThat(rows).extracting(ParsedRow::line).containsExactly(1L, 7L, 13L);
        assertThat(rows).extracting(row -> ((Good) row).input())
                .extracting(ContactInput::email, ContactInput::firstName, ContactInput::lastName)
                .containsExactly(
                        tuple("asmithk@gmail.com", "Arnold", "Smith"),
                        tuple("chrisy55d@yahoo.com", "Chris", "Beatle"),
                        tuple("dwhite@gmail.com", "Doug", "White"));
    }

    @Test
    void readsAppleLabelledAnniversaryButNotOtherDates() throws IOException {
        ContactInput input = only("gmail-single2.vcf");

        // item9 is labelled Anniversary; the unlabelled X-ABDATE and the custom one are not
        assertThat(input.attributes()).isEqualTo(Map.of("birthday", "1912-06-23", "anniversary", "1930-03-20"));
        assertThat(input.email()).isEqualTo("workemail@example.com");
        assertThat(input.phone()).isEqualTo("5555551113");
        assertThat(input.company()).isEqualTo(new CompanyInput("TheCompany", "example5.com", null, null));
        assertThat(only("John_Doe_GMAIL.vcf").attributes())
                .isEqualTo(Map.of("birthday", "1980-03-22", "anniversary", "1975-03-01"));
    }

    @Test
    void readsThunderbirdAndEvolutionAnniversaries() throws IOException {
        ContactInput thunderbird = only("thunderbird-MoreFunctionsForAddressBook-extension.vcf");
        ContactInput evolution = only("John_Doe_EVOLUTION.vcf");

        assertThat(thunderbird).extracting(ContactInput::email, ContactInput::title, ContactInput::phone)
                .containsExactly("doe.john@hotmail.com", "TheTitle", "555-555-1111");
        assertThat(thunderbird.company()).isEqualTo(new CompanyInput("TheOrganization", "work-webpage.com", null, null));
        assertThat(thunderbird.attributes()).isEqualTo(Map.of("birthday", "1970-09-21", "anniversary", "1990-04-30"));
        // folded lines: the email and the phone are both split over two lines in this export
        assertThat(evolution).extracting(ContactInput::email, ContactInput::phone)
                .containsExactly("john.doe@ibm.com", "905-555-1234");
        assertThat(evolution.attributes()).isEqualTo(Map.of("birthday", "1980-03-22", "anniversary", "1980-03-22"));
    }

    @Test
    void fallsBackToRoleWhenThereIsNoTitle() throws IOException {
        List<ParsedRow> rows = read("""
                BEGIN:VCARD
                VERSION:3.0
                FN:Ann Lee
                ROLE:Purchasing
                EMAIL:ann@example.com
                END:VCARD
                """);

        ContactInput input = ((Good) rows.getFirst()).input();
        assertThat(input).extracting(ContactInput::title, ContactInput::firstName, ContactInput::lastName)
                .containsExactly("Purchasing", "Ann", "Lee");
    }

    @Test
    void reportsCardWithoutEmailWithItsLine() throws IOException {
        List<ParsedRow> rows = read("""
                Some text an exporter put before the cards.
                BEGIN:VCARD
                VERSION:3.0
                N:Doe;Jane;;;
                TEL:+1 555 0100
                END:VCARD

                BEGIN:VCARD
                VERSION:3.0
                FN:Max Mustermann
                EMAIL;TYPE=WORK:max@example.com
                END:VCARD
                """);

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).isEqualTo(new Bad(2, "card has no email address (name: Jane Doe)", null));
        assertThat(rows.get(1)).isInstanceOfSatisfying(Good.class, good -> {
            assertThat(good.line()).isEqualTo(8);
            assertThat(good.input().email()).isEqualTo("max@example.com");
        });
    }

    @Test
    void keepsNestedAgentCardInsideItsCard() throws IOException {
        List<ParsedRow> rows = read("""
                BEGIN:VCARD
                VERSION:2.1
                FN:Boss
                EMAIL:boss@example.com
                AGENT:
                BEGIN:VCARD
                VERSION:2.1
                FN:Assistant
                EMAIL:assistant@example.com
                END:VCARD
                END:VCARD
                BEGIN:VCARD
                VERSION:2.1
                FN:Next
                EMAIL:next@example.com
                END:VCARD
                """);

        assertThat(rows).extracting(ParsedRow::line).containsExactly(1L, 12L);
        assertThat(rows).extracting(row -> ((Good) row).input().email())
                .containsExactly("boss@example.com", "next@example.com");
    }

    @Test
    void aCardWithoutItsEndIsReportedAndTheCardsAfterItAreStillRead() throws IOException {
        List<ParsedRow> rows = read("""
                BEGIN:VCARD
                VERSION:3.0
                EMAIL:first@example.com
                END:VCARD
                BEGIN:VCARD
                VERSION:3.0
                EMAIL:second@example.com
                BEGIN:VCARD
                VERSION:3.0
                EMAIL:third@example.com
                END:VCARD
                BEGIN:VCARD
                VERSION:3.0
                EMAIL:fourth@example.com
                END:VCARD
                """);

        assertThat(rows).extracting(ParsedRow::line).containsExactly(1L, 5L, 8L, 12L);
        assertThat(rows.get(1)).isInstanceOfSatisfying(Bad.class,
                bad -> assertThat(bad.reason()).contains("no END:VCARD before the next card begins (line 8)"));
        assertThat(List.of(rows.get(0), rows.get(2), rows.get(3))).extracting(row -> ((Good) row).input().email())
                .containsExactly("first@example.com", "third@example.com", "fourth@example.com");
    }

    @Test
    void reportsCardCutOffBeforeItsEnd() throws IOException {
        List<ParsedRow> rows = read("BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:a@example.com\r\nEND:VCARD\r\n"
                + "BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:b@exa");

        assertThat(rows).hasSize(2);
        assertThat(rows.get(1)).isInstanceOfSatisfying(Bad.class, bad -> {
            assertThat(bad.line()).isEqualTo(5);
            assertThat(bad.reason()).contains("END:VCARD");
        });
    }

    @Test
    void stripsByteOrderMarkAndCountsLoneCarriageReturnsAsLines() throws IOException {
        byte[] text = ("BEGIN:VCARD\rVERSION:3.0\rEMAIL:a@example.com\rEND:VCARD\rBEGIN:VCARD\rVERSION:3.0\r"
                + "EMAIL:b@example.com\rEND:VCARD\r").getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);

        List<ParsedRow> rows = read(new ByteArrayInputStream(withBom));

        assertThat(rows).extracting(ParsedRow::line).containsExactly(1L, 5L);
        assertThat(rows).allMatch(Good.class::isInstance);
    }

    @Test
    void refusesOversizedCardWithoutHoldingItAndGoesOn() throws IOException {
        String photo = "A".repeat(VCardRows.MAX_CARD_CHARS + 10);
        List<ParsedRow> rows = read("BEGIN:VCARD\nVERSION:3.0\nEMAIL:big@example.com\nPHOTO;ENCODING=b:" + photo
                + "\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nEMAIL:small@example.com\nEND:VCARD\n");

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).isInstanceOfSatisfying(Bad.class, bad -> {
            assertThat(bad.line()).isEqualTo(1);
            assertThat(bad.reason()).contains("larger than");
        });
        assertThat(rows.get(1)).isInstanceOfSatisfying(Good.class, good -> assertThat(good.line()).isEqualTo(6));
    }

    @Test
    void refusesCardWithBytesThatAreNotUtf8() throws IOException {
        byte[] latin1 = "BEGIN:VCARD\nVERSION:3.0\nFN:Jos\u00e9 Garc\u00eda\nEMAIL:jose@example.com\nEND:VCARD\n"
                .getBytes(StandardCharsets.ISO_8859_1);

        List<ParsedRow> rows = read(new ByteArrayInputStream(latin1));

        assertThat(rows).singleElement().isInstanceOfSatisfying(Bad.class, bad -> {
            assertThat(bad.reason()).contains("not UTF-8");
            assertThat(bad.email()).isEqualTo("jose@example.com");
        });
    }

    @Test
    void aCountryIsReadAsACsvColumnIsInItsOwnLanguageTooAndOneNoOneKnowsRefusesTheCardAsItRefusesTheRow()
            throws IOException {
        List<ParsedRow> rows = read("BEGIN:VCARD\nVERSION:3.0\nEMAIL:koeln@example.com\nADR:;;Street;K\u00f6ln;;50667;"
                + "Deutschland\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nEMAIL:wien@example.com\nADR:;;Ring 1;Wien;;1010;"
                + "\u00d6sterreich\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nEMAIL:lost@example.com\nADR:;;Street;Poseidonis;;1;"
                + "Atlantis\nEND:VCARD\n");
        ParsedRow csv;
        try (CsvRows csvRows = CsvRows.open(() -> new ByteArrayInputStream("email,country\nlost@example.com,Atlantis\n"
                .getBytes(StandardCharsets.UTF_8)))) {
            csv = csvRows.next();
        }

        assertThat(rows.subList(0, 2)).extracting(row -> ((Good) row).input().country()).containsExactly("DE", "AT");
        assertThat(rows.get(2)).isEqualTo(new Bad(11, ((Bad) csv).reason(), "lost@example.com"));
    }

    @Test
    void readsNothingFromFileWithoutCards() throws IOException {
        assertThat(read("just some text\nEND:VCARD\n")).isEmpty();
    }

    private static ContactInput only(String name) throws IOException {
        List<ParsedRow> rows = read(CORPUS.resolve(name));
        assertThat(rows).singleElement().isInstanceOf(Good.class);
        return ((Good) rows.getFirst()).input();
    }

    private static List<ParsedRow> read(String text) throws IOException {
        return read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<ParsedRow> read(Path file) throws IOException {
        return read(Files.newInputStream(file));
    }

    private static List<ParsedRow> read(InputStream in) throws IOException {
        List<ParsedRow> rows = new ArrayList<>();
        try (VCardRows source = VCardRows.open(in)) {
            for (ParsedRow row = source.next(); row != null; row = source.next()) {
                rows.add(row);
            }
        }
        return rows;
    }

    /** Where the cards start, found the simple way: what any editor shows as the line of a BEGIN:VCARD. */
    private static List<Long> topLevelBeginLines(Path file) throws IOException {
        List<String> lines = Files.readString(file, StandardCharsets.UTF_8).lines().toList();
        List<Long> begins = new ArrayList<>();
        int depth = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.equalsIgnoreCase("BEGIN:VCARD")) {
                if (depth++ == 0) {
                    begins.add(i + 1L);
                }
            } else if (line.equalsIgnoreCase("END:VCARD") && depth > 0) {
                depth--;
            }
        }
        return begins;
    }
}

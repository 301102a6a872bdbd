package io.keepwarm.contact.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.keepwarm.contact.ContactInput;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColumnMappingTest {

    @Test
    void showsWhatEachColumnWasTakenFor() {
        ColumnMapping mapping = ColumnMapping.forHeader(
                List.of("E_Mail", "Given Name", "Family-Name", "Company Domain", "", "Attr:tier", "Remarks"), Map.of());

        assertThat(mapping.mappedColumns()).containsExactly(
                entry("E_Mail", "email"),
                entry("Given Name", "firstName"),
                entry("Family-Name", "lastName"),
                entry("Attr:tier", "attribute:tier"));
        // a company's domain without its name has no company to go to
        assertThat(mapping.ignoredColumns()).containsExactly("Company Domain", "(unnamed column 5)", "Remarks");
    }

    @Test
    void matchesExplicitHeaderNamesLoosely() {
        ColumnMapping mapping = ColumnMapping.forHeader(List.of("Primary E-Mail", "Org"),
                Map.of("primary email", "email", "ORG", "Company.Name"));

        ContactInput input = mapping.toInput(List.of(" a@example.com ", "Acme")::get);

        assertThat(input.email()).isEqualTo("a@example.com");
        assertThat(input.company().name()).isEqualTo("Acme");
    }

    @Test
    void treatsBlankExplicitTargetAsIgnore() {
        Map<String, String> explicit = new HashMap<>();
        explicit.put("notes", null);

        ColumnMapping mapping = ColumnMapping.forHeader(List.of("email", "notes"), explicit);

        assertThat(mapping.ignoredColumns()).containsExactly("notes");
    }

    @Test
    void refusesAttributeTargetWithoutKey() {
        assertThatThrownBy(() -> ColumnMapping.forHeader(List.of("email", "x"), Map.of("x", "attribute:")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attribute:<key>");
    }

    @Test
    void refusesMappingEmailAwayWhenNoOtherColumnHasIt() {
        assertThatThrownBy(() -> ColumnMapping.forHeader(List.of("email", "name"), Map.of("email", "ignore")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The file has no email column");
    }

    @Test
    void refusesTwoColumnsChosenForOneFieldNamingBothColumnsByTheLabelsThePersonChoseFrom() {
        assertThatThrownBy(() -> ColumnMapping.forColumns(List.of("Email", "Name", "Backup email"),
                        List.of("email", "fullName", "email")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The columns 'Email' and 'Backup email' are both mapped to \"Email\"; a field takes one "
                        + "column, so map the others to another field or leave them out");
        // tags from several columns add up, so that one may
        assertThat(ColumnMapping.forColumns(List.of("Email", "Tags", "Interests"), List.of("email", "tags", "tags"))
                .toInput(List.of("a@example.com", "vip", "golf")::get).tags()).containsExactly("vip", "golf");
    }

    @Test
    void theApiRefusesTwoColumnsMappedToOneFieldByTheNamesItMapsBy() {
        assertThatThrownBy(() -> ColumnMapping.forHeader(List.of("Email", "Name", "Backup email"),
                        Map.of("Email", "email", "Backup email", "email")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The columns 'Email' and 'Backup email' are both mapped to 'email'");
        // guessed columns still fall back on each other, best first
        ColumnMapping guessed = ColumnMapping.forHeader(List.of("Mail", "Email"), Map.of());
        assertThat(guessed.toInput(List.of("second@example.com", "")::get).email()).isEqualTo("second@example.com");
    }

    @Test
    void proposesEachFieldForItsBestGuessedColumnOnly() {
        assertThat(ColumnMapping.proposals(List.of("Mail", "Email", "Tags", "Tag", "Name"), Map.of()))
                .containsExactly(null, "email", "tags", "tags", "fullName");
        assertThat(ColumnMapping.guesses(List.of("Mail", "Email"))).as("what the import falls back on")
                .containsExactly("email", "email");
    }

    @Test
    void aColumnNamedExactlyAsADefinedAttributeFeedsItBeforeAnyLookAlikeField() {
        Map<String, String> attributes = ColumnMapping.names(Map.of("plan", "Plan", "employees", "Head count",
                "renewal_date", "Renewal"));

        assertThat(ColumnMapping.proposals(List.of("Email", "plan", "employees", "Company size", "RENEWAL", "Company"),
                attributes))
                .containsExactly("email", "attribute:plan", "attribute:employees", "company.size",
                        "attribute:renewal_date", "company.name");
        assertThat(ColumnMapping.proposals(List.of("Email", "Head Count"), attributes))
                .containsExactly("email", "attribute:employees");
        assertThat(ColumnMapping.forHeader(List.of("Email", "Employees"), Map.of(), attributes).mappedColumns())
                .containsEntry("Employees", "attribute:employees");
    }

    @Test
    void aCompanyDetailWithoutACompanyNameColumnIsRefusedBeforeTheImportWhenChosenAndLeftOutWhenGuessed() {
        assertThatThrownBy(() -> ColumnMapping.forColumns(List.of("Email", "Employees"), List.of("email", "company.size")))
                .hasMessage("The column 'Employees' holds a company's details (\"Company size\"), but no column holds "
                        + "the company's name; a company is found by its name, so map a column to \"Company name\", or "
                        + "leave this column out");
        assertThat(ColumnMapping.proposals(List.of("Email", "Size", "Website"), Map.of()))
                .containsExactly("email", null, null);
        assertThat(ColumnMapping.proposals(List.of("Email", "Size", "Company"), Map.of()))
                .containsExactly("email", "company.size", "company.name");
        assertThat(ColumnMapping.forColumns(List.of("Email", "Size", "Firm"), List.of("email", "company.size",
                "company.name")).mappedColumns()).containsEntry("Size", "company.size");
    }

    @Test
    void messagesToAPersonNameFieldsByTheirLabels() {
        assertThatThrownBy(() -> ColumnMapping.forColumns(List.of("E", "OK"), List.of("ignore", "consent.email")))
                .hasMessageContaining("map one of its columns to \"Email\"");
        assertThatThrownBy(() -> ColumnMapping.forColumns(List.of("E", "OK"), List.of("email", "consent.email")))
                .hasMessage("The column 'OK' holds consent (\"Email consent\"), but no column says where it was "
                        + "given; map a column to \"Where consent was given\", or write where it was given for the "
                        + "whole file in \"Where consent was given (for every row)\" (for example \"Trade show sign-up "
                        + "sheet, Berlin 2026\"), or leave the consent column out (consent is only recorded with where "
                        + "it was given)");
        assertThat(ColumnMapping.label("consent.source"))
                .isEqualTo("Where consent was given (needed with consent, unless given for every row)");
    }

    @Test
    void whereConsentWasGivenForEveryRowIsTheSourceOfEachRowThatDoesNotSayItself() {
        ColumnMapping mapping = ColumnMapping.forColumns(List.of("Email", "Opt-in", "Where"),
                List.of("email", "consent.email", "consent.source"), " Trade show sign-up sheet, Berlin 2026 ");
        List<String> own = List.of("a@example.com", "yes", "website form");
        List<String> blank = List.of("b@example.com", "yes", " ");
        assertThat(mapping.toInput(own::get).consents()).singleElement()
                .satisfies(c -> assertThat(List.of(c.state(), c.source())).containsExactly("GRANTED", "website form"));
        assertThat(mapping.toInput(blank::get).consents()).singleElement().satisfies(c -> assertThat(c.source())
                .isEqualTo("Trade show sign-up sheet, Berlin 2026"));

        ColumnMapping withoutColumn = ColumnMapping.forHeader(List.of("Email", "Email Opt-in"), Map.of(), Map.of(),
                "Webinar, March 2026");
        List<String> row = List.of("c@example.com", "Y");
        assertThat(withoutColumn.toInput(row::get).consents()).singleElement()
                .satisfies(c -> assertThat(List.of(c.state(), c.source())).containsExactly("GRANTED", "Webinar, March 2026"));
        assertThatThrownBy(() -> ColumnMapping.forHeader(List.of("Email", "Email Opt-in"), Map.of(), Map.of(), "  "))
                .hasMessageContaining("the consentSource option");
    }

    @Test
    void stripsSchemeWwwAndPathFromDomains() {
        assertThat(ColumnMapping.domainOf("HTTPS://WWW.Acme.example/path?q=1")).isEqualTo("Acme.example");
        assertThat(ColumnMapping.domainOf("http\\://www.ibm.com")).isEqualTo("ibm.com");
        assertThat(ColumnMapping.domainOf("acme.example#top")).isEqualTo("acme.example");
        assertThat(ColumnMapping.domainOf("https://")).isNull();
    }

    @Test
    void listsTheTargetsACallerCanChoose() {
        assertThat(ColumnMapping.targets()).contains("email", "company.name", "attribute:<key>", "tags", "ignore");
    }
}

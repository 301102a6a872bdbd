package io.keepwarm.contact;

import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.internal.CsvCells;
import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.io.StringReader;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@KeepwarmTest
class ContactExportTest {

    @Autowired
    Api api;

    @Test
    void exportedCellsThatASpreadsheetWouldRunAsAFormulaAreEscaped() throws Exception {
        String email = uniqueEmail("formula");
        api.post("/api/v1/contacts", """
                {"email": "%s", "firstName": "=HYPERLINK(\\"http://evil.example\\",\\"click\\")", "lastName": "+1+2",
                 "title": "@SUM(A1)", "city": "-5", "company": {"name": "\\tTabbed"}, "tags": ["=cmd|' /C calc'!A0"]}"""
                .formatted(email)).andExpect(status().isCreated());

        String csv = api.as(Role.MARKETER, get("/api/v1/exports/contacts"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        List<CSVRecord> records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv)).getRecords();
        CSVRecord row = records.stream().filter(r -> r.get("email").equals(email)).findFirst().orElseThrow();
        assertThat(row.get("first_name")).isEqualTo("'=HYPERLINK(\"http://evil.example\",\"click\")");
        assertThat(row.get("last_name")).isEqualTo("'+1+2");
        assertThat(row.get("title")).isEqualTo("'@SUM(A1)");
        assertThat(row.get("city")).isEqualTo("'-5");
        assertThat(row.get("tags")).isEqualTo("'=cmd|' /C calc'!A0");
        for (CSVRecord record : records) {
            for (String cell : record.values()) {
                assertThat(cell).as("no exported cell may start a formula").doesNotMatch("(?s)^[=+\\-@\\t\\r].*");
            }
        }
    }

    @Test
    void salesCannotExportTheWholeBook() throws Exception {
        api.as(Role.SALES, get("/api/v1/exports/contacts")).andExpect(status().isForbidden());
    }

    @Test
    void safeCellsLeaveOrdinaryTextAlone() {
        assertThat(CsvCells.safe("Ada")).isEqualTo("Ada");
        assertThat(CsvCells.safe("")).isEmpty();
        assertThat(CsvCells.safe(null)).isNull();
        assertThat(CsvCells.safe("\rx")).isEqualTo("'\rx");
    }
}

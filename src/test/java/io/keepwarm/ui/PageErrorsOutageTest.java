package io.keepwarm.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.ModelAndView;

@ExtendWith(OutputCaptureExtension.class)
class PageErrorsOutageTest {

    @Test
    void aPageOpenedDuringADatabaseOutageSaysToTryAgainAndLogsALineNotAStackTrace(CapturedOutput output) {
        var outage = new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                new PSQLException("Connection to 127.0.0.1:5439 refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT));

        ModelAndView page = new PageErrors(null, null, null).resolveException(
                new MockHttpServletRequest("GET", "/ui/contacts"), new MockHttpServletResponse(), null, outage);

        assertThat(page.getStatus().value()).isEqualTo(503);
        assertThat(String.valueOf(page.getModel().get("detail"))).contains("The database cannot be reached",
                "Try again");
        assertThat(output).contains("GET /ui/contacts failed: the database cannot be reached")
                .doesNotContain("Unexpected failure").doesNotContain("\tat ");
    }
}

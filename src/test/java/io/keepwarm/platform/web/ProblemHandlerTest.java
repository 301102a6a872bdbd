package io.keepwarm.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import java.util.List;
import java.util.Map;
import org.apache.catalina.connector.ClientAbortException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.ProblemDetail;

@ExtendWith(OutputCaptureExtension.class)
class ProblemHandlerTest {

    @Test
    void aBrowserThatLeftMidAnswerIsNoErrorInTheLogAndGetsNoProblem(CapturedOutput output) {
        ProblemDetail problem = new ProblemHandler().unexpected(
                new ClientAbortException(new java.io.IOException("Broken pipe")));

        assertThat(problem).as("nobody is there to read it").isNull();
        assertThat(output).doesNotContain("Unexpected failure");
    }

    @Test
    void aFailureNobodyForesawIsStillLoggedAndAnsweredAsAProblem(CapturedOutput output) {
        ProblemDetail problem = new ProblemHandler().unexpected(new IllegalStateException("boom"));

        assertThat(problem.getStatus()).isEqualTo(500);
        assertThat(output).contains("Unexpected failure");
    }

    @Test
    void invalidInputAddsItsOwnPropertiesNextToTheErrors() {
        InvalidInputException located = new InvalidInputException("line 1, column 14: wrong",
                List.of(new FieldError("rule", "line 1, column 14: wrong"))) {
            @Override
            public Map<String, Object> problemProperties() {
                return Map.of("line", 1, "column", 14);
            }
        };

        ProblemDetail problem = new ProblemHandler().invalidInput(located);

        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getDetail()).isEqualTo("line 1, column 14: wrong");
        assertThat(problem.getProperties()).containsEntry("line", 1).containsEntry("column", 14)
                .containsEntry("errors", located.errors());
    }
}

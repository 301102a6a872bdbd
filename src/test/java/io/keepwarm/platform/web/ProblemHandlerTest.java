package io.keepwarm.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;

class ProblemHandlerTest {

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

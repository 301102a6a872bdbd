package io.keepwarm.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The sentence a page shows for a refused form. */
class ProblemsTest {

    @Test
    void aComplaintMadeTwiceIsShownOnce() {
        var e = new InvalidInputException("The contact breaks rules", List.of(
                new FieldError("email", "is not a valid address"), new FieldError("email", "is not a valid address")));

        assertThat(Problems.describe(e)).isEqualTo("The contact breaks rules: email is not a valid address");
    }

    @Test
    void aFieldWithSeveralComplaintsShowsEachOnceInTheSameOrderWhateverOrderTheyCameIn() {
        List<FieldError> errors = new ArrayList<>(List.of(new FieldError("name", "must not be blank"),
                new FieldError("email", "is too long"), new FieldError("email", "is not a valid address"),
                new FieldError("email", "is too long"), new FieldError("name", "must not be blank")));
        String expected = "The contact breaks rules: email is not a valid address; email is too long;"
                + " name must not be blank";
        Random random = new Random(7);
        for (int i = 0; i < 20; i++) {
            Collections.shuffle(errors, random);

            assertThat(Problems.describe(new InvalidInputException("The contact breaks rules", errors)))
                    .isEqualTo(expected);
        }
    }

    @Test
    void aComplaintTheMessageAlreadyStatesIsNotRepeated() {
        assertThat(Problems.describe(InvalidInputException.field("decision", "choose 'send again' or 'count as sent'")))
                .isEqualTo("decision: choose 'send again' or 'count as sent'");
        assertThat(Problems.describe(new InvalidInputException("The program is not valid: steps must not be empty",
                List.of(new FieldError("steps", "must not be empty"), new FieldError("name", "must not be blank")))))
                .isEqualTo("The program is not valid: steps must not be empty: name must not be blank");
    }
}

package io.keepwarm.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** What a screen reader says with a field: whether it is marked as holding a mistake, and the message it points at. */
final class FieldMessages {

    private FieldMessages() {}

    /** The text of what the field is described by, once checked that the field is marked as holding a mistake. */
    static String of(Document page, String fieldId) {
        Element field = page.getElementById(fieldId);
        assertThat(field).as("field #%s", fieldId).isNotNull();
        assertThat(field.attr("aria-invalid")).as("#%s marked as holding a mistake", fieldId).isEqualTo("true");
        assertThat(field.attr("aria-describedby")).as("#%s points at its message", fieldId).isNotBlank();
        return Arrays.stream(field.attr("aria-describedby").split("\\s+"))
                .map(page::getElementById)
                .filter(Objects::nonNull)
                .map(Element::text)
                .collect(Collectors.joining(" "));
    }
}

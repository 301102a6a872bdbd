package io.keepwarm.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

class IdempotencyRecordsTest {

    private final IdempotencyRecords records = new IdempotencyRecords(null);
    private final MockHttpServletRequest request = new MockHttpServletRequest();

    @Test
    void aStoredAnswerIsAboutEveryContactItNamesAtAnyDepthAndNotAboutItsOwnId() {
        String task = """
                {"id": 7, "kind": "CALL", "contactId": 41, "script": "Hi Ada", "outcomeNote": "hates cold calls"}""";
        String preview = """
                {"count": 2, "sample": [{"contactId": 3, "email": "a@x.io"}, {"contactId": 5}], "rule": {"id": 9}}""";

        assertThat(records.contactsOf(request, task)).containsExactly(41L);
        assertThat(records.contactsOf(request, preview)).containsExactly(3L, 5L);
        assertThat(records.contactsOf(request, "{\"id\": 41, \"name\": \"a list\"}")).isEmpty();
    }

    @Test
    void anAnswerThatIsNoJsonIsAboutTheContactsItsHandlingNamed() {
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        try {
            records.answerIsAbout(12);
        } finally {
            RequestContextHolder.resetRequestAttributes();
        }

        assertThat(records.contactsOf(request, "email,first_name\n")).containsExactly(12L);
        assertThat(records.contactsOf(request, "")).containsExactly(12L);
    }
}

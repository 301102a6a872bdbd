package io.keepwarm.ui;

import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.keepwarm.identity.Role;
import io.keepwarm.platform.SimulatedClock;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The contact page's quick actions: a refused one comes back with what was typed, ready to correct. */
@KeepwarmTest
class ContactPagesTest {

    @Autowired Api api;
    @Autowired SimulatedClock clock;

    @Test
    void aRefusedReadyDateOrNoteComesBackAsTypedBesideTheMessage() throws Exception {
        long contact = api.createContact("{\"email\": \"%s\", \"timeZone\": \"UTC\"}".formatted(uniqueEmail("typed")));
        LocalDate yesterday = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(1);

        Document page = page(post("/ui/contacts/" + contact + "/readiness").param("readyOn", yesterday.plusDays(31).toString())
                .param("reason", "stored"));
        assertThat(page.getElementById("action-error")).isNull();
        assertThat(page.getElementById("ready-reason").val()).isEqualTo("stored");

        page = page(post("/ui/contacts/" + contact + "/readiness").param("readyOn", yesterday.toString())
                .param("reason", "abc"));
        assertThat(page.getElementById("action-error").text()).contains("today or later");
        assertThat(page.getElementById("ready-reason").val()).isEqualTo("abc");
        assertThat(page.getElementById("ready-on").val()).isEqualTo(yesterday.toString());

        String tooLong = "x".repeat(10_001);
        page = page(post("/ui/contacts/" + contact + "/notes").param("body", tooLong));
        assertThat(page.getElementById("action-error").text()).contains("10000 characters");
        assertThat(page.getElementById("note-body").val()).isEqualTo(tooLong);
        assertThat(page.getElementById("ready-reason").val()).as("the other forms show what is stored").isEqualTo("stored");
    }

    private Document page(MockHttpServletRequestBuilder request) throws Exception {
        return Jsoup.parse(api.mvc().perform(request.header("HX-Request", "true")
                .with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER")).with(csrf()))
                .andReturn().getResponse().getContentAsString());
    }
}

package io.keepwarm.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.keepwarm.identity.Role;
import io.keepwarm.segment.Segments;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The segment editor: a refused save comes back as typed, with the message where the mistake is. */
@KeepwarmTest
class SegmentPagesTest {

    @Autowired Api api;
    @Autowired Segments segments;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aSecondSegmentUnderATakenNameIsShownAtTheNameFieldWithTheRuleAsTyped() throws Exception {
        MockHttpServletRequestBuilder create = post("/ui/segments").param("name", "Twice " + run)
                .param("text", "tag = \"twice-" + run + "\"");
        assertThat(as(create).getStatus()).isEqualTo(302);

        MockHttpServletResponse again = as(create);

        assertThat(again.getStatus()).isEqualTo(200);
        Document page = Jsoup.parse(again.getContentAsString());
        assertThat(page.getElementById("segment-name-error").text()).contains("already exists");
        assertThat(page.getElementById("rule-text").text()).isEqualTo("tag = \"twice-" + run + "\"");
        assertThat(segments.list(null, 500).items()).filteredOn(s -> s.name().equals("Twice " + run)).hasSize(1);
    }

    @Test
    void theCaretUnderARuleMistakeStandsUnderItWhenTheRuleIsIndentedWithTabs() throws Exception {
        String rule = "tag = \"a\" and\n\t\tstage =\t@";
        MockHttpServletResponse preview = as(post("/ui/segments/preview").param("text", rule));

        Document page = Jsoup.parse(preview.getContentAsString());
        String[] excerpt = page.selectFirst("#rule-error pre.caret code").wholeText().split("\n");
        assertThat(page.getElementById("rule-error").attr("data-line")).isEqualTo("2");
        assertThat(page.getElementById("rule-error").attr("data-column")).isEqualTo("11");
        for (int tabWidth : new int[] {8, 4, 2}) {
            assertThat(shown(excerpt[1], tabWidth).indexOf('^')).as("tabs %d wide", tabWidth)
                    .isEqualTo(shown(excerpt[0], tabWidth).indexOf('@'));
        }
    }

    /** A line as a page shows it, each tab running to the next tab stop. */
    private static String shown(String line, int tabWidth) {
        StringBuilder shown = new StringBuilder();
        for (char c : line.toCharArray()) {
            shown.append(c == '\t' ? " ".repeat(tabWidth - shown.length() % tabWidth) : String.valueOf(c));
        }
        return shown.toString();
    }

    private MockHttpServletResponse as(MockHttpServletRequestBuilder request) throws Exception {
        return api.mvc().perform(request.with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER")).with(csrf()))
                .andReturn().getResponse();
    }
}

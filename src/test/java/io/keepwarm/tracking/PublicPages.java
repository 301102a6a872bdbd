package io.keepwarm.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.springframework.mock.web.MockHttpServletResponse;

/** The prospect's public pages as the tests reach them: the links messages carry, and the pages they answer with. */
final class PublicPages {

    /** Where the test configuration says Keepwarm is reached: every link a message carries starts with it. */
    static final String BASE = "http://localhost:8080";

    private PublicPages() {}

    /** The path of a public link ("/t/..."), as a request in the test asks for it. */
    static String path(String url) {
        assertThat(url).startsWith(BASE + "/t/");
        return url.substring(BASE.length());
    }

    /** A page answered with 200, parsed. */
    static Document page(MockHttpServletResponse response) throws Exception {
        assertThat(response.getStatus()).isEqualTo(200);
        return Jsoup.parse(response.getContentAsString());
    }
}

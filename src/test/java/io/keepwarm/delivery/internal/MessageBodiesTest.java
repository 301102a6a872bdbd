package io.keepwarm.delivery.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.delivery.LinkTracking;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessageBodiesTest {

    private static final String UNSUBSCRIBE = "https://kw.example/t/u/k1.unsub";
    private static final String PREFERENCES = "https://kw.example/t/p/k1.prefs";
    private static final LinkTracking TRACKING = new LinkTracking() {
        @Override
        public String clickUrl(long touchId, int linkIndex) {
            return "https://kw.example/t/c/" + touchId + "-" + linkIndex;
        }

        @Override
        public String openPixelUrl(long touchId) {
            return "https://kw.example/t/o/" + touchId;
        }
    };

    @Test
    void anAuthorsOwnUnsubscribeAndPreferencesLinksAreTheOnlyOnesInTheMessage() {
        var prepared = MessageBodies.prepare(7, "<p>Hi</p><p><a href=\"" + UNSUBSCRIBE + "\">Stop these emails</a> or <a"
                + " href=\"" + PREFERENCES + "\">tell us what you want</a></p>", "Hi\n\nStop these emails: " + UNSUBSCRIBE
                        + "\nTell us what you want: " + PREFERENCES, Set.of(UNSUBSCRIBE, PREFERENCES), UNSUBSCRIBE,
                PREFERENCES, "1 Street", TRACKING);

        assertThat(prepared.html().split(UNSUBSCRIBE, -1)).as(prepared.html()).hasSize(2);
        assertThat(prepared.html().split(PREFERENCES, -1)).as(prepared.html()).hasSize(2);
        assertThat(prepared.html()).contains("1 Street").doesNotContain(">Unsubscribe</a>", ">Choose what you get</a>");
        assertThat(prepared.text().split(UNSUBSCRIBE, -1)).as(prepared.text()).hasSize(2);
        assertThat(prepared.text().split(PREFERENCES, -1)).as(prepared.text()).hasSize(2);
        assertThat(prepared.text()).endsWith("-- \n1 Street\n");
    }

    @Test
    void aMessageWithoutThemGetsUnsubscribeAndPreferencesLinksInItsFooter() {
        var prepared = MessageBodies.prepare(7, "<p>Hi</p>", "Hi", Set.of(UNSUBSCRIBE, PREFERENCES), UNSUBSCRIBE,
                PREFERENCES, "1 Street", TRACKING);

        assertThat(prepared.html()).contains("<a href=\"" + UNSUBSCRIBE + "\">Unsubscribe</a> &middot; <a href=\""
                + PREFERENCES + "\">Choose what you get</a> &middot; 1 Street");
        assertThat(prepared.text()).endsWith("-- \nUnsubscribe: " + UNSUBSCRIBE + "\nChoose what you get: " + PREFERENCES
                + "\n1 Street\n");
        assertThat(prepared.links()).as("neither is a tracked click").isEmpty();
    }

    @Test
    void theFooterSetsNoColourOfItsOwnSoItReadsInDarkModeMailAppsToo() {
        var prepared = MessageBodies.prepare(7, "<p>Hi</p>", "Hi", Set.of(UNSUBSCRIBE, PREFERENCES), UNSUBSCRIBE,
                PREFERENCES, "1 Street", TRACKING);
        var footer = org.jsoup.Jsoup.parse(prepared.html()).select("p:contains(1 Street)").last();

        // A fixed grey such as #666 has 5.7:1 on white but 3.3:1 on a dark-mode #121212, under WCAG AA's 4.5:1; the
        // mail app's own text colour is the one its dark mode keeps readable.
        assertThat(footer).isNotNull();
        assertThat(footer.attr("style")).as(prepared.html()).doesNotContainIgnoringCase("color");
        assertThat(footer.attr("style")).contains("font-size");
    }
}

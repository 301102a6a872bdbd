package io.keepwarm.tracking.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClickLocationTest {

    @Test
    void aLinkWithUmlautsAnEnDashOrAnEmojiRedirectsToItsUtf8EscapesNotToMangledBytes() {
        assertThat(TrackingController.location("https://example.de/über-uns?utm=a–b#😀"))
                .isEqualTo("https://example.de/%C3%BCber-uns?utm=a%E2%80%93b#%F0%9F%98%80");
        assertThat(TrackingController.location("https://bücher.example/a b"))
                .isEqualTo("https://b%C3%BCcher.example/a%20b");
    }

    @Test
    void anAsciiLinkGoesOutExactlyAsTheAuthorWroteIt() {
        String link = "https://example.com/p?q=%7E&x=[1]|'y'";
        assertThat(TrackingController.location(link)).isSameAs(link);
    }
}

package io.keepwarm.tracking.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.content.ContentType;
import org.junit.jupiter.api.Test;

class LandingKindTest {

    @Test
    void theLandingPageNamesThePieceWithTheArticleItsSoundTakes() {
        assertThat(ProspectPages.kind(ContentType.ARTICLE)).isEqualTo("An article");
        assertThat(ProspectPages.kind(ContentType.WHITE_PAPER)).isEqualTo("A white paper");
        assertThat(ProspectPages.kind(ContentType.CASE_STUDY)).isEqualTo("A case study");
    }
}

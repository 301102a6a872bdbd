package io.keepwarm.content;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContentTypeTest {

    @Test
    void aPieceIsIntroducedWithTheArticleItsSoundTakes() {
        assertThat(ContentType.ARTICLE.withArticle()).isEqualTo("An article");
        assertThat(ContentType.WHITE_PAPER.withArticle()).isEqualTo("A white paper");
        assertThat(ContentType.CASE_STUDY.withArticle()).isEqualTo("A case study");
        assertThat(ContentType.CHECK_IN.withArticle()).isEqualTo("A check-in");
    }
}

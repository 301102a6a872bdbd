package io.keepwarm.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** One ratio reads as one figure on every page: shares are rounded half up, as people round. */
class PercentWordsTest {

    @Test
    void fiveOfEightReadsAsSixtyThreePercentWhereverItIsShown() {
        assertThat(Words.percent(0.625)).as("5 of 8: half up, not Thymeleaf's half-even 62%").isEqualTo("63%");
        assertThat(Words.percent(0.375)).isEqualTo("38%");
        assertThat(Words.percent(0.125, 1)).isEqualTo("12.5%");
        assertThat(Words.percent(0.0)).isEqualTo("0%");
        assertThat(Words.percent(null)).as("a share of nothing").isEqualTo("–");
    }
}

package io.keepwarm.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What fired a trigger, as the API writes it, reads in words on its page and in the rep's alert. */
class TriggerCueWordsTest {

    @Test
    void anActivitysTypeAndAStageMoveAreSaidInWordsAndTheTargetAsItCame() {
        assertThat(Words.message("PAGE_VIEW https://acme.example.com/pricing"))
                .isEqualTo("page view https://acme.example.com/pricing");
        assertThat(Words.message("stage OPPORTUNITY → LOST")).isEqualTo("stage opportunity → lost");
        assertThat(Words.message("Call them today\n\nTrigger 'Pricing visit': FORM_SUBMITTED Contact us"))
                .isEqualTo("Call them today\n\nTrigger 'Pricing visit': form submitted Contact us");
        assertThat(Words.message("Trigger 'Lost deals': stage OPPORTUNITY → LOST"))
                .isEqualTo("Trigger 'Lost deals': stage opportunity → lost");
    }

    @Test
    void aCodeInsideATargetOrElsewhereInATextIsLeftAsWritten() {
        assertThat(Words.message("REPLIED Re: PAGE_VIEW counts")).isEqualTo("replied Re: PAGE_VIEW counts");
        assertThat(Words.message("Why now: NURTURE → MQL by a rule")).isEqualTo("Why now: NURTURE → MQL by a rule");
    }
}

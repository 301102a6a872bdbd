package io.keepwarm.identity.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

import org.junit.jupiter.api.Test;

/** KEEPWARM_ADMIN_PASSWORD is refused at start when it is short or easy to guess, as a bad setting is. */
class AdminPasswordSettingTest {

    @Test
    void aCommonOrTrivialFirstAdminPasswordStopsTheStartSayingWhatToChoose() {
        for (String weak : new String[] {"password1234", "aaaaaaaaaaaa", "admin1234567", "keepwarm2026"}) {
            assertThatThrownBy(() -> new IdentityProperties(weak, null))
                    .hasMessageStartingWith("KEEPWARM_ADMIN_PASSWORD is too easy to guess")
                    .hasMessageContaining("three or four unrelated words");
        }
    }

    @Test
    void aPassphraseOfUnrelatedWordsIsTaken() {
        assertThatNoException().isThrownBy(() -> new IdentityProperties("copper-lantern-orchard-sleet", null));
    }
}

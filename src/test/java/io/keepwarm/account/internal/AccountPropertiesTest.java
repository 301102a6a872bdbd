package io.keepwarm.account.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** A configured default that cannot work stops the start, naming the variable to fix. */
class AccountPropertiesTest {

    @Test
    void anAccountZoneThatIsNoZoneStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> new AccountProperties("Europe/Atlantis", "08:00", "21:00", "en"))
                .hasMessageContaining("KEEPWARM_DEFAULT_TIME_ZONE").hasMessageContaining("Europe/Atlantis");
    }

    @Test
    void callingHoursThatEndBeforeTheyStartStopTheStartNamingTheVariable() {
        assertThatThrownBy(() -> new AccountProperties("UTC", "21:00", "08:00", "en"))
                .hasMessageContaining("KEEPWARM_TASKS_CALLING_UNTIL");
    }

    @Test
    void aDefaultLanguageThatIsNoLanguageCodeStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> new AccountProperties("UTC", "08:00", "21:00", "English"))
                .hasMessageContaining("KEEPWARM_DEFAULT_LANGUAGE").hasMessageContaining("'English'");
    }

    @Test
    void theConfiguredValuesAreTheSettingsUntilSomeoneSaves() {
        var settings = new AccountProperties("America/Denver", "07:30", "19:00", "en").settings();
        assertThat(settings.timeZone()).isEqualTo(ZoneId.of("America/Denver"));
        assertThat(settings.callingFrom()).isEqualTo(LocalTime.of(7, 30));
        assertThat(settings.callingHours()).isEqualTo("07:30–19:00");
        assertThat(settings.language()).isEqualTo("en");
    }
}

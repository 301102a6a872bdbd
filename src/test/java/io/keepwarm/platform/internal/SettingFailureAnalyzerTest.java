package io.keepwarm.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

class SettingFailureAnalyzerTest {

    /** Spring Boot's analyzers as it finds them on a failed start; those that need the context are left out. */
    private static List<FailureAnalyzer> analyzers() {
        return SpringFactoriesLoader.forDefaultResourceLocation(SettingFailureAnalyzerTest.class.getClassLoader())
                .load(FailureAnalyzer.class, null, SpringFactoriesLoader.FailureHandler.handleMessage((m, e) -> {}));
    }

    private static FailureAnalysis report(Throwable failure) {
        return analyzers().stream().map(analyzer -> analyzer.analyze(failure)).filter(Objects::nonNull).findFirst()
                .orElse(null);
    }

    @Test
    void aStartRefusedForASettingSaysTheSettingAndWhatToDoRatherThanOnlyAStackTrace() {
        var refused = new IllegalStateException("keepwarm.mail.postal-address (KEEPWARM_MAIL_POSTAL_ADDRESS) is required"
                + " when spring.mail.host is set: every message must carry the sender's postal address");
        // As Spring reports it: the setting's check threw in a bean's constructor, deep in the graph of beans.
        Throwable failure = new BeanCreationException("delivery", "Unsatisfied dependency",
                new BeanCreationException("smtpChannel", "Failed to instantiate", refused));

        FailureAnalysis analysis = report(failure);

        assertThat(analysis).as("a report of its own").isNotNull();
        assertThat(analysis.getDescription()).contains("(KEEPWARM_MAIL_POSTAL_ADDRESS) is required");
        assertThat(analysis.getAction()).contains("Running it for real").contains("KEEPWARM_X_Y");
    }

    @Test
    void aFailureNamingNoSettingOfKeepwarmsIsLeftToSpringBootsOwnReport() {
        Throwable failure = new BeanCreationException("flyway", "Failed",
                new IllegalStateException("org.springframework.jdbc.support.MetaDataAccessException: no connection"));

        assertThat(new SettingFailureAnalyzer().analyze(failure)).isNull();
    }
}

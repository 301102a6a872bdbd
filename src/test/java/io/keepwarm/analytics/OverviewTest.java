package io.keepwarm.analytics;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.keepwarm.analytics.internal.ContentQueries;
import io.keepwarm.analytics.internal.FunnelQueries;
import io.keepwarm.analytics.internal.HandoffQueries;
import io.keepwarm.analytics.internal.TouchQueries;
import io.keepwarm.handoff.HandoffSettings;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The dashboard's funnel and stage velocity, without a database: which reads they make. */
class OverviewTest {

    @Test
    void theDashboardReadsWhereEveryContactStandsOnceForTheFunnelAndTheVelocity() {
        FunnelQueries funnel = mock(FunnelQueries.class);
        HandoffSettings account = mock(HandoffSettings.class);
        when(account.zone()).thenReturn(ZoneOffset.UTC);
        Analytics analytics = new Analytics(funnel, mock(TouchQueries.class), mock(HandoffQueries.class),
                mock(ContentQueries.class), mock(io.keepwarm.analytics.internal.DecidedQueries.class), account,
                mock(io.keepwarm.handoff.HandoffFigures.class), Clock.fixed(Instant.parse("2026-03-10T09:00:00Z"), ZoneOffset.UTC));

        analytics.overview();

        verify(funnel, times(1)).current(any());
    }
}

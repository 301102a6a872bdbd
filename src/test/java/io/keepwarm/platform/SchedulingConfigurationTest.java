package io.keepwarm.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.annotation.Scheduled;

class SchedulingConfigurationTest {

    /** A job that, once started, holds on until the test lets it go: a long mail drain, a slow webhook. */
    static class LongJob {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger runs = new AtomicInteger();

        @Scheduled(fixedDelayString = "PT0.001S")
        void run() throws InterruptedException {
            runs.incrementAndGet();
            started.countDown();
            release.await(1, TimeUnit.MINUTES);
        }
    }

    /** A quick job that counts its runs once the long job is under way: the engine tick, the activity follower. */
    static class QuickJob {
        final CountDownLatch ranWhileTheLongJobHeldOn = new CountDownLatch(3);
        LongJob longJob;

        @Scheduled(fixedDelayString = "PT0.001S")
        void run() {
            if (longJob.started.getCount() == 0) {
                ranWhileTheLongJobHeldOn.countDown();
            }
        }
    }

    @Test
    void aJobThatTakesLongHoldsUpNoOtherJobAndNeverRunsTwiceAtOnce() throws Exception {
        var longJob = new LongJob();
        var quickJob = new QuickJob();
        quickJob.longJob = longJob;
        try (var keepwarm = JobsAsInProduction.start(Map.of(), context -> {
            context.registerBean(LongJob.class, () -> longJob);
            context.registerBean(QuickJob.class, () -> quickJob);
        })) {
            try {
                assertThat(longJob.started.await(1, TimeUnit.MINUTES)).as("the long job runs").isTrue();
                assertThat(quickJob.ranWhileTheLongJobHeldOn.await(1, TimeUnit.MINUTES))
                        .as("the quick job goes on running while the long one holds on").isTrue();
                assertThat(longJob.runs).as("the long job's next run waits for its last to end").hasValue(1);
            } finally {
                longJob.release.countDown();
            }
        }
    }
}

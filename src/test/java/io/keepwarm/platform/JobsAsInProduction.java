package io.keepwarm.platform;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;

/**
 * A small context of a test's own whose {@code @Scheduled} jobs are scheduled, run and stopped as Keepwarm's are:
 * Keepwarm's scheduling configuration over Spring Boot's scheduling and lifecycle, with virtual threads on as in
 * application.yml. Closing it is a graceful stop (SIGTERM).
 *
 * <p>Not a {@code @Configuration}: the tests' application context would scan it in.
 */
@ImportAutoConfiguration({TaskSchedulingAutoConfiguration.class, LifecycleAutoConfiguration.class})
@Import(SchedulingConfiguration.class)
public final class JobsAsInProduction {

    private JobsAsInProduction() {}

    /** Starts the jobs that {@code beans} registers, with {@code properties} over Keepwarm's defaults. */
    public static AnnotationConfigApplicationContext start(Map<String, Object> properties,
            Consumer<AnnotationConfigApplicationContext> beans) {
        var context = new AnnotationConfigApplicationContext();
        Map<String, Object> all = new HashMap<>(Map.of("spring.threads.virtual.enabled", "true"));
        all.putAll(properties);
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("keepwarm", all));
        beans.accept(context);
        context.register(JobsAsInProduction.class);
        context.refresh();
        return context;
    }
}

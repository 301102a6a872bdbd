package io.keepwarm.platform.web;

import java.time.Duration;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Writes a duration of whole days as an author writes it, {@code P7D}, not as {@code PT168H}, which is what
 * {@link Duration#toString()} makes of every duration: a program's wait of "P7D" read back as "PT168H", as did a
 * stale-after, a cadence and a trigger's delay. Both read as the same duration, so what is stored reads as before.
 */
@Component
class DurationJsonModule extends SimpleModule {

    private static final Duration DAY = Duration.ofDays(1);

    DurationJsonModule() {
        super("keepwarm-durations");
        addSerializer(Duration.class, new ValueSerializer<>() {
            @Override
            public void serialize(Duration value, JsonGenerator gen, SerializationContext ctxt) {
                gen.writeString(written(value));
            }
        });
    }

    /** {@code P7D} for a positive whole number of days, ISO-8601's {@code PT…} for anything else ({@code PT36H}). */
    static String written(Duration duration) {
        return duration.isPositive() && duration.getNano() == 0 && duration.getSeconds() % DAY.getSeconds() == 0
                ? "P" + duration.toDays() + "D" : duration.toString();
    }
}

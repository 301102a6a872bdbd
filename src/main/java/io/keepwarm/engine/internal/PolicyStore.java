package io.keepwarm.engine.internal;

import io.keepwarm.contact.Channel;
import io.keepwarm.engine.PressureSettings;
import io.keepwarm.platform.Timestamps;
import java.time.DayOfWeek;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL behind the account's pressure policy: one settings row, its caps and its allowed hours. */
@Repository
public class PolicyStore {

    private final JdbcClient jdbc;

    PolicyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public PressureSettings load() {
        List<PressureSettings.Cap> caps = jdbc.sql("SELECT channel, max_touches, window_days FROM pressure_caps ORDER BY cap_order")
                .query((rs, n) -> new PressureSettings.Cap(channel(rs.getString(1)), rs.getInt(2), rs.getInt(3)))
                .list();
        Map<Channel, PressureSettings.Hours> hours = new EnumMap<>(Channel.class);
        jdbc.sql("SELECT channel, start_hour, end_hour, days FROM pressure_hours").query(rs -> {
            hours.put(Channel.valueOf(rs.getString(1)), new PressureSettings.Hours(rs.getInt(2), rs.getInt(3), days(rs.getString(4))));
        });
        return jdbc.sql("SELECT opt_out_countries, honour_preferred_channel FROM pressure_settings WHERE id = 1")
                .query((rs, n) -> new PressureSettings(caps, hours, countries(rs.getString(1)), rs.getBoolean(2)))
                .single();
    }

    /** Replaces the whole policy; the caller holds the transaction. */
    public void save(PressureSettings settings, Instant at, String by) {
        jdbc.sql("""
                UPDATE pressure_settings SET opt_out_countries = ?, honour_preferred_channel = ?, updated_at = ?,
                       updated_by = ? WHERE id = 1""")
                .params(String.join(",", settings.optOutCountries()), settings.honourPreferredChannel(),
                        Timestamps.of(at), by)
                .update();
        jdbc.sql("DELETE FROM pressure_caps").update();
        int order = 1;
        for (PressureSettings.Cap cap : settings.caps()) {
            jdbc.sql("INSERT INTO pressure_caps (cap_order, channel, max_touches, window_days) VALUES (?, ?, ?, ?)")
                    .params(order++, cap.channel() == null ? null : cap.channel().name(), cap.max(), cap.windowDays())
                    .update();
        }
        jdbc.sql("DELETE FROM pressure_hours").update();
        settings.hours().forEach((channel, hours) -> jdbc.sql("""
                INSERT INTO pressure_hours (channel, start_hour, end_hour, days) VALUES (?, ?, ?, ?)""")
                .params(channel.name(), hours.start(), hours.end(),
                        hours.days().stream().map(Enum::name).collect(Collectors.joining(",")))
                .update());
    }

    private static Channel channel(String text) {
        return text == null ? null : Channel.valueOf(text);
    }

    private static Set<DayOfWeek> days(String text) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        Arrays.stream(text.split(",")).filter(d -> !d.isBlank()).map(DayOfWeek::valueOf).forEach(days::add);
        return days;
    }

    private static Set<String> countries(String text) {
        return Arrays.stream(text.split(",")).filter(c -> !c.isBlank()).collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}

package io.keepwarm.engine;

import io.keepwarm.contact.Channel;
import java.time.DayOfWeek;

import java.time.LocalDateTime;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The account's pressure policy: caps per rolling window, allowed hours per channel in the contact's zone, where
 * unknown email consent may pass, and whether a preferred channel is honoured strictly.
 *
 * @param caps every cap that applies; several may name the same channel (1 in 3 days and 4 in 30 days)
 * @param hours the allowed local hours and days per channel; a channel without an entry may be touched any time. The
 *     account's policy has none for calls (PHONE): a call waits in the rep's queue for the account's calling hours
 * @param optOutCountries ISO 3166 alpha-2 codes of countries where a nurture email may go on UNKNOWN consent
 * @param honourPreferredChannel whether a contact who prefers another channel is not touched on this one
 */
public record PressureSettings(List<Cap> caps, Map<Channel, Hours> hours, Set<String> optOutCountries,
        boolean honourPreferredChannel) {

    public PressureSettings {
        caps = List.copyOf(caps);
        hours = hours.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(hours));
        optOutCountries = Collections.unmodifiableSortedSet(new TreeSet<>(optOutCountries));
    }

    /**
     * At most {@code max} touches in any {@code windowDays} days (rolling: a touch counts until exactly
     * {@code windowDays} x 24 hours after it was sent).
     *
     * @param channel the channel it counts, or null to count touches on every channel together
     */
    public record Cap(Channel channel, int max, int windowDays) {

        public boolean counts(Channel touched) {
            return channel == null || channel == touched;
        }

        /** The cap as a sentence says it: "1 call in 7 days", "4 emails in 30 days", "5 touches in 1 day". */
        public String said() {
            String one = channel == null ? "touch" : switch (channel) {
                case EMAIL -> "email";
                case SMS -> "text";
                case PHONE -> "call";
            };
            return max + " " + (max == 1 ? one : one.equals("touch") ? "touches" : one + "s") + " in " + windowDays
                    + (windowDays == 1 ? " day" : " days");
        }
    }

    /**
     * Allowed local time: from {@code start}:00 up to, not including, {@code end}:00 (24 is midnight) on the
     * given days of the week, all in the contact's zone.
     */
    public record Hours(int start, int end, Set<DayOfWeek> days) {

        public Hours {
            days = days.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(days));
        }

        public boolean allows(LocalDateTime local) {
            return days.contains(local.getDayOfWeek()) && local.getHour() >= start && local.getHour() < end;
        }
    }

    /**
     * The defaults: email 1 in 3 days and 4 in 30 days, 08-20 on weekdays; calls 1 in 7 days, at the account's calling
     * hours (the queue holds a call until they open, so the policy keeps no hours of its own for calls).
     */
    public static PressureSettings defaults() {
        return new PressureSettings(
                List.of(new Cap(Channel.EMAIL, 1, 3), new Cap(Channel.EMAIL, 4, 30), new Cap(Channel.PHONE, 1, 7)),
                Map.of(Channel.EMAIL, new Hours(8, 20, EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY))),
                Set.of(), true);
    }

    /** The longest window any cap looks back, so a loader knows how far back history matters. */
    public int longestWindowDays(Frequency frequency) {
        int longest = caps.stream().mapToInt(Cap::windowDays).max().orElse(0);
        return frequency == null ? longest : Math.max(longest, frequency.windowDays());
    }

    public Hours hoursFor(Channel channel) {
        Objects.requireNonNull(channel);
        return hours.get(channel);
    }
}

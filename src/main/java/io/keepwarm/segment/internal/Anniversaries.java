package io.keepwarm.segment.internal;

import java.time.LocalDate;
import java.time.MonthDay;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * When a date next comes round: a birthday or contract anniversary on or after today. A 29 February falls on
 * 28 February in other years, as {@link MonthDay#atYear} has it.
 */
public final class Anniversaries {

    private static final List<MonthDay> YEAR = allDays();

    private Anniversaries() {}

    /** Days from today until the date's next anniversary, 0 when it is today. */
    public static long daysUntil(LocalDate date, LocalDate today) {
        MonthDay day = MonthDay.from(date);
        LocalDate next = day.atYear(today.getYear());
        if (next.isBefore(today)) {
            next = day.atYear(today.getYear() + 1);
        }
        return ChronoUnit.DAYS.between(today, next);
    }

    /**
     * The month-days (as month * 100 + day) whose next anniversary is from {@code from} to {@code to} days after
     * today, as inclusive runs in calendar order, so SQL can test a date with a few BETWEENs.
     */
    static List<int[]> runs(LocalDate today, long from, long to) {
        List<int[]> runs = new ArrayList<>();
        int[] open = null;
        for (MonthDay day : YEAR) {
            long days = daysUntil(day.atYear(2000), today);
            int key = day.getMonthValue() * 100 + day.getDayOfMonth();
            if (days >= from && days <= to) {
                if (open == null) {
                    open = new int[] {key, key};
                    runs.add(open);
                } else {
                    open[1] = key;
                }
            } else {
                open = null;
            }
        }
        return runs;
    }

    private static List<MonthDay> allDays() {
        List<MonthDay> days = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2000, 1, 1); d.getYear() == 2000; d = d.plusDays(1)) {
            days.add(MonthDay.from(d));
        }
        return List.copyOf(days);
    }
}

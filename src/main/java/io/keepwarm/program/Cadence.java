package io.keepwarm.program;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.Period;

/** When a stream touches each contact, in the contact's own time zone. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Cadence.Every.class, name = "every"),
    @JsonSubTypes.Type(value = Cadence.Monthly.class, name = "monthly")
})
public sealed interface Cadence {

    /** Every period ("every 4 weeks" is P28D) at a local time, counted from the contact's first touch. */
    record Every(Period period, LocalTime at) implements Cadence {}

    /**
     * A weekday of each month at a local time: "first Tuesday at 10:00" is week 1, TUESDAY, 10:00; week -1 is the
     * last one of the month.
     */
    record Monthly(int week, DayOfWeek day, LocalTime at) implements Cadence {}
}

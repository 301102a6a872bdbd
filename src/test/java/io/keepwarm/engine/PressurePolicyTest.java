package io.keepwarm.engine;

import static io.keepwarm.engine.Facts.aContact;
import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Validity;
import java.time.DayOfWeek;
import java.time.Duration;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each rule of the pressure policy on its own, with the account's defaults unless a test says otherwise. */
class PressurePolicyTest {

    private static final PressureSettings DEFAULTS = PressureSettings.defaults();
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    /** Tuesday 2026-03-10, 10:00 in Berlin: inside every allowed window. */
    private static final Instant TUESDAY_MORNING = local("2026-03-10T10:00", BERLIN);

    @Nested
    class HardGates {

        @ParameterizedTest
        @EnumSource(Channel.class)
        void withdrawnConsentNeverSends(Channel channel) {
            var facts = aContact().from("US").consent(channel, ConsentState.WITHDRAWN).build();
            var optOut = new PressureSettings(DEFAULTS.caps(), DEFAULTS.hours(), Set.of("US"), false);
            assertThat(decide(email(channel, true), facts, List.of(), optOut, TUESDAY_MORNING))
                    .isEqualTo(new Decision.Suppress(Reason.CONSENT_WITHDRAWN));
            assertThat(decide(email(channel, false), facts, List.of(), optOut, TUESDAY_MORNING))
                    .isEqualTo(new Decision.Suppress(Reason.CONSENT_WITHDRAWN));
        }

        @Test
        void aNurtureEmailNeedsGrantedConsentByDefault() {
            var facts = aContact().from("US").consent(Channel.EMAIL, ConsentState.UNKNOWN).build();
            assertThat(decide(nurtureEmail(), facts, List.of(), DEFAULTS, TUESDAY_MORNING))
                    .isEqualTo(new Decision.Suppress(Reason.NO_CONSENT));
        }

        @Test
        void unknownConsentPassesOnlyInTheAccountsOptOutCountries() {
            var optOut = new PressureSettings(DEFAULTS.caps(), DEFAULTS.hours(), Set.of("US"), true);
            var american = aContact().from("US").consent(Channel.EMAIL, ConsentState.UNKNOWN).build();
            var german = aContact().from("DE").consent(Channel.EMAIL, ConsentState.UNKNOWN).build();
            var nowhere = aContact().from(null).consent(Channel.EMAIL, ConsentState.UNKNOWN).build();
            assertThat(decide(nurtureEmail(), american, List.of(), optOut, TUESDAY_MORNING)).isEqualTo(Decision.SEND);
            assertThat(decide(nurtureEmail(), german, List.of(), optOut, TUESDAY_MORNING))
                    .isEqualTo(new Decision.Suppress(Reason.NO_CONSENT));
            assertThat(decide(nurtureEmail(), nowhere, List.of(), optOut, TUESDAY_MORNING))
                    .isEqualTo(new Decision.Suppress(Reason.NO_CONSENT));
        }

        @Test
        void callsAndNonNurtureEmailsPassOnUnknownConsentButSmsNeedsItGranted() {
            var unknown = aContact().consent(Channel.EMAIL, ConsentState.UNKNOWN).consent(Channel.PHONE, ConsentState.UNKNOWN)
                    .consent(Channel.SMS, ConsentState.UNKNOWN).build();
            var open = new PressureSettings(DEFAULTS.caps(), DEFAULTS.hours(), Set.of(), false);
            assertThat(decide(email(Channel.EMAIL, false), unknown, List.of(), open, TUESDAY_MORNING)).isEqualTo(Decision.SEND);
            assertThat(decide(call(), unknown, List.of(), open, TUESDAY_MORNING)).isEqualTo(Decision.SEND);
            assertThat(decide(email(Channel.SMS, false), unknown, List.of(), open, TUESDAY_MORNING))
                    .isEqualTo(new Decision.Suppress(Reason.NO_CONSENT));
        }

        @Test
        void doNotContactStopsOnlyItsChannel() {
            var facts = aContact().doNotContact(Channel.PHONE).build();
            var open = new PressureSettings(DEFAULTS.caps(), DEFAULTS.hours(), Set.of(), false);
            assertThat(decide(call(), facts, List.of(), open, TUESDAY_MORNING)).isEqualTo(new Decision.Suppress(Reason.DO_NOT_CONTACT));
            assertThat(decide(nurtureEmail(), facts, List.of(), open, TUESDAY_MORNING)).isEqualTo(Decision.SEND);
        }

        @Test
        void anAddressOnTheSuppressionListIsNeverTouched() {
            assertThat(decide(nurtureEmail(), aContact().suppressed().build(), List.of(), DEFAULTS, TUESDAY_MORNING))
                    .isEqualTo(new Decision.Suppress(Reason.SUPPRESSED));
        }

        @ParameterizedTest
        @EnumSource(value = Validity.class, names = {"BOUNCED", "UNREACHABLE", "LEFT_COMPANY"})
        void aContactWhoCannotBeReachedIsNotTouched(Validity validity) {
            assertThat(decide(nurtureEmail(), aContact().validity(validity).build(), List.of(), DEFAULTS, TUESDAY_MORNING))
                    .isEqualTo(new Decision.Suppress(Reason.INVALID_ADDRESS));
        }

        @ParameterizedTest
        @EnumSource(value = Validity.class, names = {"UNREACHABLE", "LEFT_COMPANY"})
        void aContactWhoCannotBeReachedIsNotCalledEither(Validity validity) {
            assertThat(decide(call(), aContact().validity(validity).build(), List.of(), DEFAULTS, TUESDAY_MORNING))
                    .isEqualTo(new Decision.Suppress(Reason.INVALID_ADDRESS));
        }

        @Test
        void aContactWithoutAPhoneNumberIsNotCalledButStillEmailed() {
            var noNumber = aContact().withoutPhone().build();
            assertThat(decide(call(), noNumber, List.of(), DEFAULTS, TUESDAY_MORNING))
                    .isEqualTo(new Decision.Suppress(Reason.NO_PHONE_NUMBER));
            assertThat(decide(nurtureEmail(), noNumber, List.of(), DEFAULTS, TUESDAY_MORNING)).isEqualTo(Decision.SEND);
        }

        @Test
        void aBouncedEmailAddressDoesNotStopACall() {
            assertThat(decide(call(), aContact().validity(Validity.BOUNCED).build(), List.of(), DEFAULTS, TUESDAY_MORNING))
                    .isEqualTo(Decision.SEND);
        }

        @Test
        void aPreferredChannelIsHonouredUnlessTheAccountSaysOtherwise() {
            var prefersCalls = aContact().prefers(Channel.PHONE).build();
            assertThat(decide(nurtureEmail(), prefersCalls, List.of(), DEFAULTS, TUESDAY_MORNING))
                    .isEqualTo(new Decision.Suppress(Reason.WRONG_CHANNEL));
            assertThat(decide(call(), prefersCalls, List.of(), DEFAULTS, TUESDAY_MORNING)).isEqualTo(Decision.SEND);
            var lenient = new PressureSettings(DEFAULTS.caps(), DEFAULTS.hours(), Set.of(), false);
            assertThat(decide(nurtureEmail(), prefersCalls, List.of(), lenient, TUESDAY_MORNING)).isEqualTo(Decision.SEND);
        }
    }

    @Nested
    class Caps {

        @Test
        void aSecondEmailWaitsUntilThreeDaysAfterTheFirst() {
            Instant first = local("2026-03-09T11:30", BERLIN);
            assertThat(decide(nurtureEmail(), aContact().build(), sent(Channel.EMAIL, first), DEFAULTS, TUESDAY_MORNING))
                    .isEqualTo(new Decision.Defer(first.plus(Duration.ofDays(3)), Reason.CAP_REACHED));
            assertThat(decide(nurtureEmail(), aContact().build(), sent(Channel.EMAIL, first), DEFAULTS,
                    first.plus(Duration.ofDays(3)))).isEqualTo(Decision.SEND);
        }

        @Test
        void theFifthEmailIn30DaysWaitsUntilTheOldestLeavesTheWindow() {
            Instant now = local("2026-03-30T10:00", BERLIN);
            List<PastTouch> four = sent(Channel.EMAIL, local("2026-03-03T09:00", BERLIN), local("2026-03-10T09:00", BERLIN),
                    local("2026-03-17T09:00", BERLIN), local("2026-03-24T09:00", BERLIN));
            // 2 April 09:00 in Berlin is 30 x 24 hours after 3 March 09:00 across the switch to summer time.
            assertThat(decide(nurtureEmail(), aContact().build(), four, DEFAULTS, now))
                    .isEqualTo(new Decision.Defer(local("2026-03-03T09:00", BERLIN).plus(Duration.ofDays(30)), Reason.CAP_REACHED));
        }

        @Test
        void oneCallTaskInSevenDaysAndEmailsDoNotCountAgainstIt() {
            Instant lastCall = local("2026-03-05T15:00", BERLIN);
            List<PastTouch> history = new ArrayList<>(sent(Channel.PHONE, lastCall));
            history.addAll(sent(Channel.EMAIL, local("2026-03-09T09:00", BERLIN)));
            assertThat(decide(call(), aContact().build(), history, DEFAULTS, TUESDAY_MORNING))
                    .isEqualTo(new Decision.Defer(lastCall.plus(Duration.ofDays(7)), Reason.CAP_REACHED));
        }

        @Test
        void aCrossChannelCapCountsEveryChannel() {
            var settings = new PressureSettings(List.of(new PressureSettings.Cap(null, 1, 2)), DEFAULTS.hours(), Set.of(), false);
            Instant call = local("2026-03-09T16:00", BERLIN);
            assertThat(decide(nurtureEmail(), aContact().build(), sent(Channel.PHONE, call), settings, TUESDAY_MORNING))
                    .isEqualTo(new Decision.Defer(call.plus(Duration.ofDays(2)), Reason.CAP_REACHED));
        }

        @Test
        void monthlyOnlyAllowsOneEmailIn30Days() {
            var monthly = aContact().wantsAtMost(1, 30, Channel.EMAIL).build();
            Instant last = local("2026-02-18T10:00", BERLIN);
            assertThat(decide(nurtureEmail(), monthly, sent(Channel.EMAIL, last), DEFAULTS, TUESDAY_MORNING))
                    .isEqualTo(new Decision.Defer(last.plus(Duration.ofDays(30)), Reason.CAP_REACHED));
            assertThat(decide(call(), monthly, sent(Channel.EMAIL, last), DEFAULTS, TUESDAY_MORNING)).isEqualTo(Decision.SEND);
        }

        @Test
        void aCapThatFreesUpOnSaturdayDefersToMondayWithTheCapAsReason() {
            Instant thursday = local("2026-03-12T12:00", BERLIN);
            Instant friday = local("2026-03-13T12:00", BERLIN);
            assertThat(decide(nurtureEmail(), aContact().build(), sent(Channel.EMAIL, thursday), DEFAULTS, friday))
                    .isEqualTo(new Decision.Defer(local("2026-03-16T08:00", BERLIN), Reason.CAP_REACHED));
        }
    }

    @Nested
    class QuietHours {

        @Test
        void deferralLandsOnMondayEightAmAfterAWeekendInTheContactsZone() {
            Instant fridayEvening = local("2026-03-13T20:30", BERLIN);
            assertThat(decide(nurtureEmail(), aContact().build(), List.of(), DEFAULTS, fridayEvening))
                    .isEqualTo(new Decision.Defer(local("2026-03-16T08:00", BERLIN), Reason.QUIET_HOURS));
            var tokyo = aContact().in("Asia/Tokyo").build();
            assertThat(decide(nurtureEmail(), tokyo, List.of(), DEFAULTS, fridayEvening))
                    .as("Friday 20:30 in Berlin is already Saturday in Tokyo")
                    .isEqualTo(new Decision.Defer(local("2026-03-16T08:00", ZoneId.of("Asia/Tokyo")), Reason.QUIET_HOURS));
        }

        @Test
        void anEmailAtNightWaitsForEightTheNextMorning() {
            assertThat(decide(nurtureEmail(), aContact().build(), List.of(), DEFAULTS, local("2026-03-10T23:15", BERLIN)))
                    .isEqualTo(new Decision.Defer(local("2026-03-11T08:00", BERLIN), Reason.QUIET_HOURS));
            assertThat(decide(nurtureEmail(), aContact().build(), List.of(), DEFAULTS, local("2026-03-11T06:59", BERLIN)))
                    .isEqualTo(new Decision.Defer(local("2026-03-11T08:00", BERLIN), Reason.QUIET_HOURS));
            assertThat(decide(nurtureEmail(), aContact().build(), List.of(), DEFAULTS, local("2026-03-11T19:59", BERLIN)))
                    .isEqualTo(Decision.SEND);
        }

        @Test
        void aCallReachesTheRepsQueueWhenDueTheQueueHoldsItForTheAccountsCallingHours() {
            assertThat(decide(call(), aContact().build(), List.of(), DEFAULTS, local("2026-03-14T21:00", BERLIN)))
                    .isEqualTo(Decision.SEND);
            assertThat(decide(call(), aContact().in(null).build(), List.of(), DEFAULTS, local("2026-03-14T03:00", BERLIN)))
                    .as("the queue never calls a contact of unknown zone, and shows why").isEqualTo(Decision.SEND);
        }

        @Test
        void smsHasNoQuietHoursByDefault() {
            assertThat(decide(email(Channel.SMS, true), aContact().build(), List.of(), DEFAULTS, local("2026-03-15T03:00", BERLIN)))
                    .isEqualTo(Decision.SEND);
        }

        @Test
        void unknownZoneUsesTheMostRestrictiveQuietHours() {
            var nowhere = aContact().in(null).build();
            // 12 allowed hours a day cannot be allowed everywhere from UTC-12 to UTC+14 at once: never.
            assertThat(decide(nurtureEmail(), nowhere, List.of(), DEFAULTS, TUESDAY_MORNING))
                    .isEqualTo(new Decision.Suppress(Reason.UNKNOWN_TIME_ZONE));
            // Any hour on weekdays: only when it is a weekday in every zone, Monday 12:00 UTC to Friday 10:00 UTC.
            var weekdays = new PressureSettings(DEFAULTS.caps(),
                    Map.of(Channel.EMAIL, new PressureSettings.Hours(0, 24, EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY))),
                    Set.of(), false);
            assertThat(decide(nurtureEmail(), nowhere, List.of(), weekdays, Instant.parse("2026-03-13T10:00:00Z")))
                    .isEqualTo(new Decision.Defer(Instant.parse("2026-03-16T12:00:00Z"), Reason.QUIET_HOURS));
            assertThat(decide(nurtureEmail(), nowhere, List.of(), weekdays, Instant.parse("2026-03-13T09:59:00Z")))
                    .isEqualTo(Decision.SEND);
            assertThat(decide(nurtureEmail(), aContact().in("UTC").build(), List.of(), weekdays,
                    Instant.parse("2026-03-13T10:00:00Z"))).isEqualTo(Decision.SEND);
        }
    }

    @Nested
    class CountryOfUnknownZone {

        @Test
        void aUsContactOfUnknownStateIsEmailedOnlyWhenItIsDayOnEveryUsClock() {
            var somewhereInTheUs = aContact().in(null).from("US").build();
            // 10:00 in Berlin is 04:00 in Boston: wait until 08:00 in Honolulu, the last US clock to reach it (18:00 UTC).
            assertThat(decide(nurtureEmail(), somewhereInTheUs, List.of(), DEFAULTS, TUESDAY_MORNING))
                    .isEqualTo(new Decision.Defer(Instant.parse("2026-03-10T18:00:00Z"), Reason.QUIET_HOURS));
            // 20:00 in New York (00:00 UTC, DST) has already closed the day on the first US clock to close it.
            assertThat(decide(nurtureEmail(), somewhereInTheUs, List.of(), DEFAULTS, Instant.parse("2026-03-11T00:30:00Z")))
                    .isEqualTo(new Decision.Defer(Instant.parse("2026-03-11T18:00:00Z"), Reason.QUIET_HOURS));
            assertThat(decide(nurtureEmail(), somewhereInTheUs, List.of(), DEFAULTS, Instant.parse("2026-03-10T19:00:00Z")))
                    .isEqualTo(Decision.SEND);
        }
    }

    @Nested
    class DaylightSaving {

        /** Calls from 08:00 to 21:00 every day, as a policy given hours for calls would take them. */
        private final PressureSettings callsFromEight = new PressureSettings(DEFAULTS.caps(),
                Map.of(Channel.PHONE, new PressureSettings.Hours(8, 21, EnumSet.allOf(DayOfWeek.class))), Set.of(), false);

        /** Calls from 02:00, so the window opens inside the spring-forward gap. */
        private final PressureSettings callsFromTwo = new PressureSettings(DEFAULTS.caps(),
                Map.of(Channel.PHONE, new PressureSettings.Hours(2, 21, EnumSet.allOf(DayOfWeek.class))), Set.of(), false);

        @Test
        void aWindowOpeningInsideTheBerlinSpringForwardGapOpensWhenTheGapEnds() {
            // 29 March 2026: 02:00 CET jumps to 03:00 CEST; 01:30 CET is 00:30 UTC.
            assertThat(decide(call(), aContact().build(), List.of(), callsFromTwo, Instant.parse("2026-03-29T00:30:00Z")))
                    .isEqualTo(new Decision.Defer(Instant.parse("2026-03-29T01:00:00Z"), Reason.QUIET_HOURS));
        }

        @Test
        void aWindowOpeningInsideTheBerlinFallBackOverlapOpensAtItsFirstPass() {
            // 25 October 2026: 03:00 CEST falls back to 02:00 CET; 02:00 first happens at 00:00 UTC.
            assertThat(decide(call(), aContact().build(), List.of(), callsFromTwo, Instant.parse("2026-10-24T23:30:00Z")))
                    .isEqualTo(new Decision.Defer(Instant.parse("2026-10-25T00:00:00Z"), Reason.QUIET_HOURS));
        }

        @Test
        void aWeekendAcrossTheBerlinFallBackEndsAtEightWinterTime() {
            assertThat(decide(nurtureEmail(), aContact().build(), List.of(), DEFAULTS, local("2026-10-23T21:00", BERLIN)))
                    .isEqualTo(new Decision.Defer(Instant.parse("2026-10-26T07:00:00Z"), Reason.QUIET_HOURS));
        }

        @Test
        void aWeekendAcrossTheNewYorkSpringForwardEndsAtEightDaylightTime() {
            var newYorker = aContact().in("America/New_York").build();
            assertThat(decide(nurtureEmail(), newYorker, List.of(), DEFAULTS, local("2026-03-06T20:00", NEW_YORK)))
                    .isEqualTo(new Decision.Defer(Instant.parse("2026-03-09T12:00:00Z"), Reason.QUIET_HOURS));
            assertThat(decide(call(), newYorker, List.of(), callsFromEight, local("2026-03-07T22:00", NEW_YORK)))
                    .as("Sunday 8 March 08:00 EDT").isEqualTo(new Decision.Defer(Instant.parse("2026-03-08T12:00:00Z"), Reason.QUIET_HOURS));
        }

        @Test
        void aCallAfterNineOnTheNewYorkFallBackEveWaitsForEightStandardTime() {
            var newYorker = aContact().in("America/New_York").build();
            assertThat(decide(call(), newYorker, List.of(), callsFromEight, local("2026-10-31T22:00", NEW_YORK)))
                    .isEqualTo(new Decision.Defer(Instant.parse("2026-11-01T13:00:00Z"), Reason.QUIET_HOURS));
            assertThat(decide(call(), newYorker, List.of(), callsFromTwo, Instant.parse("2026-11-01T06:30:00Z")))
                    .as("01:30 EST, the second pass: 02:00 EST is 07:00 UTC")
                    .isEqualTo(new Decision.Defer(Instant.parse("2026-11-01T07:00:00Z"), Reason.QUIET_HOURS));
        }
    }

    @Nested
    class Staleness {

        @Test
        void aTouchThatCouldOnlyGoAfterItsStalenessLimitIsDropped() {
            Instant fridayEvening = local("2026-03-13T21:00", BERLIN);
            var staleInADay = new Candidate(1, Channel.EMAIL, true, Duration.ofDays(1), fridayEvening);
            assertThat(decide(staleInADay, aContact().build(), List.of(), DEFAULTS, fridayEvening))
                    .isEqualTo(new Decision.Suppress(Reason.STALE,
                            "held by quiet hours in the contact's time zone (Europe/Berlin) past its 1-day limit"));
        }

        @Test
        void aTouchThatCanGoExactlyAtItsLimitIsDeferredNotDropped() {
            Instant fridayEvening = local("2026-03-13T21:00", BERLIN);
            Instant monday = local("2026-03-16T08:00", BERLIN);
            var candidate = new Candidate(1, Channel.EMAIL, true, Duration.between(fridayEvening, monday), fridayEvening);
            assertThat(decide(candidate, aContact().build(), List.of(), DEFAULTS, fridayEvening))
                    .isEqualTo(new Decision.Defer(monday, Reason.QUIET_HOURS));
        }

        @Test
        void aTouchLateBeyondItsLimitIsDroppedEvenAtAnAllowedMoment() {
            var plannedLastWeek = new Candidate(1, Channel.EMAIL, true, Duration.ofDays(2), TUESDAY_MORNING.minus(Duration.ofDays(7)));
            assertThat(decide(plannedLastWeek, aContact().build(), List.of(), DEFAULTS, TUESDAY_MORNING))
                    .isEqualTo(new Decision.Suppress(Reason.STALE, "still unsent when its 2-day limit ran out"));
        }

        @Test
        void aLimitOfDaysAndHoursIsSaidInDaysAndHoursNotAsMinutesOrHoursToAddUp() {
            Instant lastWeek = TUESDAY_MORNING.minus(Duration.ofDays(14));
            for (var limit : java.util.Map.of(Duration.ofMinutes(10050), "its limit of 6 days, 23 hours and 30 minutes",
                    Duration.ofHours(158), "its limit of 6 days and 14 hours", Duration.ofHours(180),
                    "its limit of 7 days and 12 hours", Duration.ofHours(12), "its 12-hour limit",
                    Duration.ofMinutes(90), "its limit of 1 hour and 30 minutes").entrySet()) {
                var planned = new Candidate(1, Channel.EMAIL, true, limit.getKey(), lastWeek);
                assertThat(decide(planned, aContact().build(), List.of(), DEFAULTS, TUESDAY_MORNING)).as(limit.getValue())
                        .isEqualTo(new Decision.Suppress(Reason.STALE, "still unsent when " + limit.getValue() + " ran out"));
            }
        }

        @Test
        void aTouchHeldByTheContactsOwnRhythmPastItsLimitSaysSoRatherThanJustStale() {
            var monthly = aContact().wantsAtMost(1, 30, Channel.EMAIL).build();
            var checkIn = new Candidate(1, Channel.EMAIL, true, Duration.ofDays(3), TUESDAY_MORNING);
            List<PastTouch> guideLastWeek = List.of(new PastTouch(Channel.EMAIL, TUESDAY_MORNING.minus(Duration.ofDays(3))));
            assertThat(decide(checkIn, monthly, guideLastWeek, DEFAULTS, TUESDAY_MORNING)).isEqualTo(new Decision.Suppress(
                    Reason.STALE, "held by the contact's own rhythm (1 email in 30 days) past its 3-day limit"));
        }
    }

    static Decision decide(Candidate candidate, ContactFacts facts, List<PastTouch> recent, PressureSettings settings,
            Instant now) {
        return PressurePolicy.decide(candidate, facts, recent, settings, now);
    }

    static Candidate nurtureEmail() {
        return email(Channel.EMAIL, true);
    }

    static Candidate call() {
        return email(Channel.PHONE, false);
    }

    static Candidate email(Channel channel, boolean nurture) {
        return new Candidate(1, channel, nurture, null, TUESDAY_MORNING);
    }

    static List<PastTouch> sent(Channel channel, Instant... at) {
        return java.util.Arrays.stream(at).map(a -> new PastTouch(channel, a)).toList();
    }

    static Instant local(String dateTime, ZoneId zone) {
        return LocalDateTime.parse(dateTime).atZone(zone).toInstant();
    }
}

package io.keepwarm.segment;

import io.keepwarm.contact.Channel;
import io.keepwarm.platform.Countries;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A segment rule: AND, OR and NOT over conditions on who a contact is, where they are in the funnel and what
 * they did. The same tree has two written forms, JSON for the API and a text syntax for people; both read
 * back to an equal tree.
 */
public sealed interface Rule {

    /** Every rule holds. */
    record All(List<Rule> rules) implements Rule {
        public All {
            rules = List.copyOf(rules);
        }
    }

    /** At least one rule holds. */
    record Any(List<Rule> rules) implements Rule {
        public Any {
            rules = List.copyOf(rules);
        }
    }

    /** The rule does not hold. */
    record Not(Rule rule) implements Rule {
        public Not {
            Objects.requireNonNull(rule);
        }
    }

    /**
     * A field compared with values, e.g. {@code industry in ("HPC", "Manufacturing")}. A country compared for
     * (in)equality is kept as its ISO code, as contacts keep it: {@code country = Germany}, {@code country = "de"} and
     * {@code country = DE} are one rule, and read back as the last. Text that names no country stays as typed, for the
     * rule's check to refuse.
     *
     * @param field a contact or company field, a custom attribute, {@code tag}, {@code stage}, {@code score},
     *     {@code consent.email}, or {@code anniversary(<date attribute>)}
     * @param values none for IS_EMPTY and IS_NOT_EMPTY, two for BETWEEN, one or more for IN, else one
     */
    record Compare(String field, Operator op, List<Literal> values) implements Rule {
        public Compare {
            Objects.requireNonNull(field);
            Objects.requireNonNull(op);
            values = List.copyOf(comparesCountry(field, op) ? values.stream().map(Compare::countryCode).toList() : values);
        }

        /** Whether this compares a contact's country with whole countries (=, != and in; not in is not ... in). */
        public static boolean comparesCountry(String field, Operator op) {
            return field.strip().equals("country") && (op == Operator.EQ || op == Operator.NE || op == Operator.IN);
        }

        private static Literal countryCode(Literal value) {
            String code = value instanceof Literal.Text text ? Countries.iso2(text.value()) : null;
            return code == null ? value : new Literal.Text(code);
        }
    }

    /** Member of a static list. */
    record InList(long listId) implements Rule {}

    /** Matches another segment's rule. */
    record InSegment(long segmentId) implements Rule {}

    /**
     * A count of the contact's activities of one kind, in a window, compared with a number: {@code opened(email)
     * >= 2 within 30d}, {@code visited("/pricing*")}, {@code touched = 0 within 45d}.
     *
     * @param match the channel (for verbs about channels) or a pattern where {@code *} is any text; null for any
     * @param op one of =, !=, <, <=, >, >=
     * @param window null for all time
     */
    record Behaviour(Verb verb, String match, Operator op, int count, Window window) implements Rule {
        public Behaviour {
            Objects.requireNonNull(verb);
            Objects.requireNonNull(op);
            if (match != null && verb.matchesChannel()) {
                // A channel in any case is the channel; anything else stays as typed, so its refusal echoes it.
                String typed = match;
                match = Arrays.stream(Channel.values()).map(Enum::name).filter(typed::equalsIgnoreCase).findFirst()
                        .orElse(typed);
            }
        }
    }

    /** The time an activity count looks at. */
    sealed interface Window {

        /** The last N days up to now. */
        record Within(int days) implements Window {}

        /** From the start of a day (UTC) up to now. */
        record Since(LocalDate date) implements Window {}
    }

    /** A value in a comparison. */
    sealed interface Literal {

        record Text(String value) implements Literal {
            public Text {
                Objects.requireNonNull(value);
            }
        }

        /** A number; trailing zeros do not make a different number. */
        record Number(BigDecimal value) implements Literal {
            public Number {
                value = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
            }
        }

        record Bool(boolean value) implements Literal {}

        /** A day relative to today in the contact's own time zone: {@code today}, {@code today+60d}. */
        record Today(int offsetDays) implements Literal {}

        /** A length of time in days, for {@code time_in_stage >= 30d}. */
        record Days(int days) implements Literal {}
    }
}

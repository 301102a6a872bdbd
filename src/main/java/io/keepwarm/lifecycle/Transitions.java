package io.keepwarm.lifecycle;

import static io.keepwarm.lifecycle.Stage.CUSTOMER;
import static io.keepwarm.lifecycle.Stage.DISQUALIFIED;
import static io.keepwarm.lifecycle.Stage.DORMANT;
import static io.keepwarm.lifecycle.Stage.LOST;
import static io.keepwarm.lifecycle.Stage.MQL;
import static io.keepwarm.lifecycle.Stage.NEW;
import static io.keepwarm.lifecycle.Stage.NURTURE;
import static io.keepwarm.lifecycle.Stage.OPPORTUNITY;
import static io.keepwarm.lifecycle.Stage.RECYCLED;
import static io.keepwarm.lifecycle.Stage.SQL;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The allowed moves between stages, as one table; anything not listed is forbidden. */
public final class Transitions {

    /** Who may make a move, and whether it needs a reason. */
    public enum Kind {
        /** Anyone: a person, a program, a trigger or the recycling job. */
        ANY,
        /** Anyone, with a free-text reason. */
        ANY_WITH_REASON,
        /** Only a person (USER or API), with a free-text reason: never automatic. */
        PERSON_WITH_REASON
    }

    /** One allowed move, whether it needs a reason, whether only a person may make it, and what it means. */
    public record Rule(Stage from, Stage to, boolean reasonRequired, boolean personOnly, String meaning) {}

    private static final List<Rule> RULES = List.of(
            rule(NEW, NURTURE, Kind.ANY, "starts nurturing"),
            rule(NEW, MQL, Kind.ANY, "looks ready at once"),
            rule(NEW, SQL, Kind.ANY, "sales accepts at once"),
            rule(NEW, DISQUALIFIED, Kind.ANY, "not a fit"),

            rule(NURTURE, MQL, Kind.ANY, "looks ready"),
            rule(NURTURE, SQL, Kind.ANY, "sales accepts directly"),
            rule(NURTURE, DORMANT, Kind.ANY, "no engagement for the dormancy period"),
            rule(NURTURE, DISQUALIFIED, Kind.ANY, "not a fit"),

            rule(MQL, SQL, Kind.ANY, "sales accepts the lead"),
            rule(MQL, NURTURE, Kind.ANY_WITH_REASON, "sales rejects the lead: back to nurture, with why"),
            rule(MQL, RECYCLED, Kind.ANY, "not now: recycle"),
            rule(MQL, DISQUALIFIED, Kind.ANY, "not a fit"),

            rule(SQL, OPPORTUNITY, Kind.ANY, "a deal is opened"),
            rule(SQL, RECYCLED, Kind.ANY, "not now: recycle"),
            rule(SQL, DISQUALIFIED, Kind.ANY, "not a fit"),

            rule(OPPORTUNITY, CUSTOMER, Kind.ANY, "the deal is won"),
            rule(OPPORTUNITY, LOST, Kind.ANY, "the deal is lost"),
            rule(OPPORTUNITY, DISQUALIFIED, Kind.ANY, "not a fit"),

            rule(CUSTOMER, OPPORTUNITY, Kind.ANY, "a new deal with a customer"),
            rule(CUSTOMER, LOST, Kind.ANY, "the customer leaves"),

            rule(RECYCLED, NURTURE, Kind.ANY, "back to nurture at the next run"),
            rule(RECYCLED, SQL, Kind.ANY, "sales takes it back before it returns to nurture"),
            rule(RECYCLED, DISQUALIFIED, Kind.ANY, "not a fit"),

            rule(LOST, NURTURE, Kind.ANY, "back to nurture after the lost-deal wait"),
            rule(LOST, OPPORTUNITY, Kind.ANY, "the deal is revived"),
            rule(LOST, DISQUALIFIED, Kind.ANY, "not a fit"),

            rule(DORMANT, NURTURE, Kind.ANY, "wakes up"),
            rule(DORMANT, MQL, Kind.ANY, "wakes up ready"),
            rule(DORMANT, DISQUALIFIED, Kind.ANY, "not a fit"),

            rule(DISQUALIFIED, NURTURE, Kind.PERSON_WITH_REASON, "a person decides it fits after all"));

    private Transitions() {}

    private static Rule rule(Stage from, Stage to, Kind kind, String meaning) {
        return new Rule(from, to, kind != Kind.ANY, kind == Kind.PERSON_WITH_REASON, meaning);
    }

    /** The whole table, in reading order. */
    public static List<Rule> all() {
        return RULES;
    }

    public static Optional<Rule> find(Stage from, Stage to) {
        return RULES.stream().filter(r -> r.from() == from && r.to() == to).findFirst();
    }

    /** The stages this actor may move a contact to from the given stage. */
    public static Set<Stage> allowedFrom(Stage from, ActorType actor) {
        return RULES.stream()
                .filter(r -> r.from() == from && (actor.person() || !r.personOnly()))
                .map(Rule::to)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Stage.class)));
    }

    /** Whether this actor may make the move at all (a reason may still be needed). */
    public static boolean allowed(Stage from, Stage to, ActorType actor) {
        return allowedFrom(from, actor).contains(to);
    }
}

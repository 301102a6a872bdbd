package io.keepwarm.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/** What the transition table promises, whatever sequence of moves is tried. */
class TransitionsPropertyTest {

    private static final Set<ActorType> AUTOMATIC = EnumSet.of(ActorType.PROGRAM, ActorType.TRIGGER, ActorType.SYSTEM);

    @Property
    void noSequenceOfAutomaticMovesLeadsOutOfDisqualified(@ForAll("automaticMoves") List<Tuple2<Stage, ActorType>> moves) {
        Stage stage = Stage.DISQUALIFIED;
        for (Tuple2<Stage, ActorType> move : moves) {
            if (Transitions.allowed(stage, move.get1(), move.get2())) {
                stage = move.get1();
            }
        }
        assertThat(stage).isEqualTo(Stage.DISQUALIFIED);
    }

    @Property
    void everyStageButDisqualifiedFindsItsWayBackToNurtureWithoutAPerson(@ForAll Stage start) {
        Set<Stage> reachable = reachable(start, ActorType.SYSTEM);
        if (start == Stage.DISQUALIFIED) {
            assertThat(reachable).containsExactly(Stage.DISQUALIFIED);
        } else {
            assertThat(reachable).as("the funnel flows both ways from %s", start).contains(Stage.NURTURE);
        }
    }

    @Property
    void aPersonCanReachEveryStageButNewFromAnyStage(@ForAll Stage start) {
        assertThat(reachable(start, ActorType.USER)).containsAll(EnumSet.complementOf(EnumSet.of(Stage.NEW)));
    }

    @Property
    void aMoveThePersonMayMakeButARuleMayNotAlwaysNeedsAReason(@ForAll Stage from, @ForAll Stage to) {
        Transitions.find(from, to).filter(Transitions.Rule::personOnly)
                .ifPresent(rule -> assertThat(rule.reasonRequired()).isTrue());
    }

    @Example
    void nothingMovesBackToNewOrToWhereItIs() {
        assertThat(Transitions.all()).noneMatch(rule -> rule.to() == Stage.NEW || rule.to() == rule.from());
        assertThat(Transitions.all().stream().map(r -> r.from() + ">" + r.to()).distinct().count())
                .isEqualTo(Transitions.all().size());
    }

    @Provide
    Arbitrary<List<Tuple2<Stage, ActorType>>> automaticMoves() {
        Arbitrary<Tuple2<Stage, ActorType>> move = Arbitraries.of(Stage.class)
                .flatMap(stage -> Arbitraries.of(AUTOMATIC).map(actor -> Tuple.of(stage, actor)));
        return move.list().ofMaxSize(30);
    }

    private static Set<Stage> reachable(Stage start, ActorType actor) {
        Set<Stage> seen = EnumSet.of(start);
        ArrayDeque<Stage> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            for (Stage next : Transitions.allowedFrom(queue.poll(), actor)) {
                if (seen.add(next)) {
                    queue.add(next);
                }
            }
        }
        return seen;
    }
}

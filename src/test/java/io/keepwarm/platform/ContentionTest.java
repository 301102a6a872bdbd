package io.keepwarm.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keepwarm.support.KeepwarmTest;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Work the database gives up with a deadlock or a serialization failure (PostgreSQL's own SQLSTATE, raised by a real
 * statement and translated as Spring translates it) is run again; after three tries the caller hears it is busy.
 */
@KeepwarmTest
@EnabledIfSystemProperty(named = "keepwarm.test.db", matches = "postgres")
class ContentionTest {

    @Autowired Contention contention;
    @Autowired JdbcClient jdbc;
    @Autowired TransactionTemplate tx;

    @Test
    void aTransactionThatLosesADeadlockOnceIsRunAgainAndItsAnswerKept() {
        AtomicInteger tries = new AtomicInteger();

        String answer = contention.retried("the test's work", () -> tx.execute(status -> {
            if (tries.incrementAndGet() == 1) {
                failAs("40P01");
            }
            return "done";
        }));

        assertThat(answer).isEqualTo("done");
        assertThat(tries).hasValue(2);
    }

    @Test
    void aTransactionTheDatabaseGivesUpEveryTimeEndsBusyAfterThreeTries() {
        AtomicInteger tries = new AtomicInteger();

        assertThatThrownBy(() -> contention.retried("the test's work", () -> tx.execute(status -> {
            tries.incrementAndGet();
            failAs("40001");
            return "never";
        }))).isInstanceOfSatisfying(BusyException.class, busy -> {
            assertThat(busy.getMessage()).contains("gave up the test's work 3 times", "nothing of it was recorded");
            assertThat(busy.retryAfter()).isPositive();
            assertThat(busy.getCause()).as("as Spring Framework 7 translates PostgreSQL's 40001")
                    .isInstanceOf(PessimisticLockingFailureException.class);
        });
        assertThat(tries).hasValue(Contention.ATTEMPTS);
    }

    @Test
    void aFailureOfTheWorkItselfIsNotRunAgain() {
        AtomicInteger tries = new AtomicInteger();

        assertThatThrownBy(() -> contention.retried("the test's work", () -> tx.execute(status -> {
            tries.incrementAndGet();
            failAs("23505");
            return "never";
        }))).isNotInstanceOf(BusyException.class);
        assertThat(tries).hasValue(1);
    }

    @Test
    void workInsideATransactionAlreadyOpenIsRunOnceForItsOwnerToDecide() {
        AtomicInteger tries = new AtomicInteger();

        assertThatThrownBy(() -> tx.executeWithoutResult(outer -> contention.retried("the test's work", () -> {
            tries.incrementAndGet();
            failAs("40P01");
            return "never";
        }))).isInstanceOf(PessimisticLockingFailureException.class);
        assertThat(tries).hasValue(1);
    }

    private void failAs(String sqlState) {
        jdbc.sql("DO $$ BEGIN RAISE EXCEPTION 'as the test asks' USING ERRCODE = '" + sqlState + "'; END $$").update();
    }
}

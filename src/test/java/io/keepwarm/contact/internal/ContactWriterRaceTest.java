package io.keepwarm.contact.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.contact.ContactSource;
import io.keepwarm.platform.Timestamps;
import io.keepwarm.support.KeepwarmTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@KeepwarmTest
class ContactWriterRaceTest {

    @Autowired
    ContactWriter writer;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    /**
     * Another transaction holds the address uncommitted while the batch is written, and commits: however the
     * two interleave (the write waits on the other's row, or starts after its commit), the write ends as an
     * update of that one contact, never a second contact or a failed batch.
     */
    @Test
    void anAddressAnotherTransactionCreatesMeanwhileBecomesAnUpdate() throws Exception {
        String email = "race." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        try (Connection other = dataSource.getConnection();
                ExecutorService executor = Executors.newSingleThreadExecutor()) {
            other.setAutoCommit(false);
            try (PreparedStatement insert = other.prepareStatement("""
                    INSERT INTO contacts (email, first_name, time_zone, source, validity, created_at, updated_at)
                    VALUES (?, 'Other', 'UTC', 'API', 'VALID', ?, ?)""")) {
                insert.setString(1, email);
                insert.setObject(2, Timestamps.now(clock));
                insert.setObject(3, Timestamps.now(clock));
                insert.executeUpdate();
            }
            Future<List<ContactWriter.Outcome>> writing = executor.submit(() -> transactions.execute(
                    tx -> writer.upsert(List.of(ada(email)), ContactSource.IMPORT)));
            other.commit();

            ContactWriter.Outcome outcome = writing.get().getFirst();
            assertThat(outcome.kind()).isEqualTo(ContactWriter.Kind.UPDATED);
            assertThat(jdbc.sql("SELECT id, first_name FROM contacts WHERE email = ?").param(email)
                    .query((rs, n) -> rs.getLong(1) + " " + rs.getString(2)).list())
                    .containsExactly(outcome.contactId() + " Ada");
        }
    }

    private static ValidContact ada(String email) {
        return new ValidContact(email, "Ada", null, null, null, null, null, null, null, null, null, null, null, null,
                null, Map.of(), Set.of(), List.of());
    }
}

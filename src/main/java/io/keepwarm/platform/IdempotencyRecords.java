package io.keepwarm.platform;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** The stored answers to idempotent requests, as far as other modules need to touch them. */
@Service
public class IdempotencyRecords {

    private final JdbcClient jdbc;

    IdempotencyRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Forgets every stored answer to a request on this path or below it. */
    public void forgetRequestsUnder(String path) {
        jdbc.sql("DELETE FROM idempotency_keys WHERE request_path = ? OR request_path LIKE ? ESCAPE '!'")
                .params(path, escape(path) + "/%")
                .update();
    }

    /** Forgets every stored answer that mentions this text: personal data must not outlive an erasure there. */
    public void forgetMentionsOf(String text) {
        jdbc.sql("DELETE FROM idempotency_keys WHERE body LIKE ? ESCAPE '!'")
                .param("%" + escape(text) + "%")
                .update();
    }

    private static String escape(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}

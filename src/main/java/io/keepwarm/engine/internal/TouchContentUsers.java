package io.keepwarm.engine.internal;

import io.keepwarm.content.ContentUsers;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The touches a piece was sent in: their landing pages and one-click offers read the piece when a prospect clicks. */
@Component
class TouchContentUsers implements ContentUsers {

    private final JdbcClient jdbc;

    TouchContentUsers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<String> using(long contentId) {
        long sent = jdbc.sql("SELECT COUNT(*) FROM touches WHERE content_id = ? AND state = 'SENT'").param(contentId)
                .query(Long.class).single();
        return sent == 0 ? List.of() : List.of(sent + " touch" + (sent == 1 ? "" : "es")
                + " already sent with it (their landing page and offer links)");
    }
}

package io.keepwarm.engine.internal;

import io.keepwarm.program.ProgramArchived;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * An archived program's waiting touches are suppressed with it, in the transaction that archives it: nothing claims
 * an archived program's touches, and one left planned would count as received, so the contact would never get that
 * piece from another stream.
 */
@Component
class ArchivedPrograms {

    private final JdbcClient jdbc;

    ArchivedPrograms(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(ProgramArchived archived) {
        jdbc.sql("UPDATE touches SET state = 'SUPPRESSED', reason = 'PROGRAM_ARCHIVED' WHERE program_id = ? AND state = 'PLANNED'")
                .param(archived.programId()).update();
    }
}

package io.keepwarm.engine.internal;

import io.keepwarm.platform.Timestamps;
import io.keepwarm.program.ProgramArchived;
import java.time.Clock;
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
    private final Clock clock;

    ArchivedPrograms(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @EventListener
    void on(ProgramArchived archived) {
        jdbc.sql("""
                UPDATE touches SET state = 'SUPPRESSED', reason = 'PROGRAM_ARCHIVED', ended_at = ?
                 WHERE program_id = ? AND state = 'PLANNED'""")
                .params(Timestamps.of(clock.instant()), archived.programId()).update();
    }
}

package io.keepwarm.scoring;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.contact.Contacts;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.Timestamps;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Behaviour score and fit grade per contact. Until the scoring rules of issue 7 exist, a person sets them, as
 * a marketer can in HubSpot and Marketo.
 */
@Service
public class Scores {

    /** A contact's score (0 and up) and grade (A best to D), either possibly unknown. */
    public record Score(int score, String grade) {}

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Contacts contacts;

    Scores(JdbcClient jdbc, Clock clock, AuditLog audit, ApplicationEventPublisher events, Contacts contacts) {
        this.contacts = contacts;
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.events = events;
    }

    public Optional<Score> get(long contactId) {
        return jdbc.sql("SELECT score, grade FROM contact_scores WHERE contact_id = ?").param(contactId)
                .query((rs, n) -> new Score(rs.getInt(1), rs.getString(2))).optional();
    }

    @Transactional
    public Score set(long contactId, Score score) {
        if (score.score() < 0) {
            throw InvalidInputException.field("score", "must be 0 or more");
        }
        if (score.grade() != null && !score.grade().matches("[A-D]")) {
            throw InvalidInputException.field("grade", "must be one of A, B, C, D (A fits best)");
        }
        contacts.get(contactId);
        int updated = jdbc.sql("UPDATE contact_scores SET score = ?, grade = ?, updated_at = ? WHERE contact_id = ?")
                .params(score.score(), score.grade(), Timestamps.now(clock), contactId).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO contact_scores (contact_id, score, grade, updated_at) VALUES (?, ?, ?, ?)")
                    .params(contactId, score.score(), score.grade(), Timestamps.now(clock)).update();
        }
        audit.record("SCORE_SET", "contact", contactId, Map.of("score", score.score(), "grade", String.valueOf(score.grade())));
        events.publishEvent(new ScoreChanged(contactId, score));
        return score;
    }
}

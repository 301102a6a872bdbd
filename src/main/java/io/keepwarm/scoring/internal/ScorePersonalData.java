package io.keepwarm.scoring.internal;

import io.keepwarm.contact.PersonalDataSection;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The contact's score and grade, and each change with its reason, belong in its export (profiling, GDPR art. 15). */
@Component
class ScorePersonalData implements PersonalDataSection {

    private final JdbcClient jdbc;

    ScorePersonalData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "scoring";
    }

    @Override
    public Object of(long contactId) {
        return Map.of(
                "score", PersonalDataSection.rows(jdbc, """
                        SELECT score, exact_score, grade, updated_at, decayed_at FROM contact_scores WHERE contact_id = ?""",
                        contactId),
                "changes", PersonalDataSection.rows(jdbc, """
                        SELECT changed_at, cause, reason, points, score_after, grade_after, rule_id, activity_id
                          FROM score_changes WHERE contact_id = ? ORDER BY changed_at, id""", contactId));
    }
}

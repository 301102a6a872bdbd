package io.keepwarm.scoring;

import io.keepwarm.contact.ContactExportColumns;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Each contact's behaviour score as of now and its fit grade in the contacts export, as the API gives them: a score
 * of 0 and no grade for a contact never scored.
 */
@Component
@Order(2)
class ScoreExportColumns implements ContactExportColumns {

    private final Scores scores;

    ScoreExportColumns(Scores scores) {
        this.scores = scores;
    }

    @Override
    public List<String> headers() {
        return List.of("score", "grade");
    }

    @Override
    public Map<Long, List<Object>> cells(List<Long> contactIds) {
        Map<Long, Scores.Score> scored = scores.getAll(contactIds);
        Map<Long, List<Object>> cells = new HashMap<>();
        for (long id : contactIds) {
            Scores.Score score = scored.getOrDefault(id, new Scores.Score(0, null));
            cells.put(id, Arrays.asList(score.score(), score.grade()));
        }
        return cells;
    }
}

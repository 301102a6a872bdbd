package io.keepwarm.contact.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.support.KeepwarmTest;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The import's array literals reach PostgreSQL as the very texts, nulls and numbers they were made of. */
@KeepwarmTest
@EnabledIfSystemProperty(named = "keepwarm.test.db", matches = "postgres")
class ArrayLiteralTest {

    private static final String ALPHABET = "ab \"\\,{}()'NUL;\t\né€😀-";

    private static final String TEXTS =
            "SELECT u FROM unnest(?::varchar[]) WITH ORDINALITY AS t(u, n) ORDER BY n";
    private static final String IDS =
            "SELECT CAST(u AS varchar) FROM unnest(?::bigint[]) WITH ORDINALITY AS t(u, n) ORDER BY n";

    @Autowired JdbcTemplate jdbc;

    @Test
    void quotesBackslashesBracesCommasEmptyTextsAndTheWordNullComeBackAsTheyWere() {
        List<String> values = new ArrayList<>(Arrays.asList("", "NULL", "null", " ", "\"", "\\", "\\\"", "{a,b}",
                "O'Brien, \"Bob\"", "tab\there", "line\nbreak", "é€😀", null, "trailing\\"));
        Random random = new Random(42);
        for (int i = 0; i < 300; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                text.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0,
                        random.nextInt(ALPHABET.codePointCount(0, ALPHABET.length())))));
            }
            values.add(text.toString());
        }

        assertThat(unnest(TEXTS, values.toArray())).containsExactlyElementsOf(values);
    }

    @Test
    void idsAndNullsMakeABigintArray() {
        Object[] ids = {1L, null, Long.MAX_VALUE, 42L};

        assertThat(unnest(IDS, ids)).containsExactly("1", null, String.valueOf(Long.MAX_VALUE), "42");
    }

    private List<String> unnest(String sql, Object[] values) {
        return jdbc.query(c -> {
            var ps = c.prepareStatement(sql);
            ps.setObject(1, NewContacts.arrayLiteral(values), Types.OTHER);
            return ps;
        }, (rs, n) -> rs.getString(1));
    }
}

package io.keepwarm.segment;

import io.keepwarm.platform.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A segment rule in the text syntax that is wrong at a place: where (1-based line and column) and what is wrong there,
 * be it what was expected and found instead, or a part that means nothing (a field that does not exist, a value its
 * field cannot take). Answered with 400 like any invalid input, with {@code line} and {@code column} in the problem.
 */
public class RuleSyntaxException extends InvalidInputException {

    private final int line;
    private final int column;

    /** @param problem what was expected and what was found; the position is put in front of it */
    public RuleSyntaxException(int line, int column, String problem) {
        this("rule", line, column, problem);
    }

    /** @param field the part of the rule at fault, as the checker names it (rule.and[1].field) */
    public RuleSyntaxException(String field, int line, int column, String problem) {
        super("The segment rule is not valid: " + located(line, column, problem),
                List.of(new FieldError(field, located(line, column, problem))));
        this.line = line;
        this.column = column;
    }

    private static String located(int line, int column, String problem) {
        return "line " + line + ", column " + column + ": " + problem;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    @Override
    public Map<String, Object> problemProperties() {
        Map<String, Object> where = new LinkedHashMap<>(); // line before column in the JSON, as people read it
        where.put("line", line);
        where.put("column", column);
        return where;
    }
}

package io.keepwarm.segment;

import java.util.Arrays;
import java.util.Optional;

/** How a condition compares; the symbol is how both written forms spell it. */
public enum Operator {
    EQ("="),
    NE("!="),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">="),
    IN("in"),
    CONTAINS("contains"),
    STARTS_WITH("starts with"),
    BETWEEN("between"),
    IS_EMPTY("is empty"),
    IS_NOT_EMPTY("is not empty");

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    public static Optional<Operator> bySymbol(String symbol) {
        String s = switch (symbol) {
            case "≠", "<>" -> "!=";
            case "≤" -> "<=";
            case "≥" -> ">=";
            default -> symbol;
        };
        return Arrays.stream(values()).filter(o -> o.symbol.equals(s)).findFirst();
    }

    public static String symbols() {
        return String.join(", ", Arrays.stream(values()).map(Operator::symbol).toList());
    }

    /** Whether the operator compares a count: the operators a behaviour condition may use. */
    public boolean countsCompare() {
        return ordinal() <= GE.ordinal();
    }
}

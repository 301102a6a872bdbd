package io.keepwarm.segment.internal;

import io.keepwarm.segment.Operator;

/** How many values each operator takes, for both written forms. */
final class Arity {

    private Arity() {}

    /** Null when the count fits, else what is wrong. */
    static String check(Operator op, int values) {
        return switch (op) {
            case IS_EMPTY, IS_NOT_EMPTY -> values == 0 ? null : "'" + op.symbol() + "' takes no value";
            case BETWEEN -> values == 2 ? null : "'between' takes two values, the low and the high end";
            case IN -> values >= 1 && values <= 1000 ? null : "'in' takes from 1 to 1000 values";
            default -> values == 1 ? null : "'" + op.symbol() + "' takes exactly one value";
        };
    }
}

package io.keepwarm.platform;

import java.sql.SQLException;

/**
 * A failure as the log is to show it: every message at most {@link #MOST} characters, with the SQLSTATE of a
 * database's refusal, and the stack traces as they were. A failed batch statement's message holds the whole statement
 * with its values (a thousand rows of events are a line of 100 KB), which buries the log and says nothing the first
 * few hundred characters and the root cause do not.
 */
public final class LoggedFailures {

    /** The most characters of one message the log keeps. */
    public static final int MOST = 300;

    private LoggedFailures() {}

    /** The failure itself when every message in it is short; else a copy whose messages are cut, for the log only. */
    public static Throwable capped(Throwable failure) {
        return needsCapping(failure) ? copy(failure, 0) : failure;
    }

    /** One line: the root cause's kind, its message cut to {@link #MOST} characters and its SQLSTATE. */
    public static String summary(Throwable failure) {
        Throwable root = failure;
        String state = null;
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            root = cause;
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                state = sql.getSQLState();
            }
        }
        return root.getClass().getSimpleName() + ": " + cut(root.getMessage()) + (state == null ? "" : " [SQLState "
                + state + "]");
    }

    /** The text cut to {@link #MOST} characters, saying how many more there were. */
    public static String cut(String message) {
        if (message == null || message.length() <= MOST) {
            return message;
        }
        return message.substring(0, MOST) + "… (" + (message.length() - MOST) + " characters more left out)";
    }

    private static boolean needsCapping(Throwable failure) {
        int depth = 0;
        for (Throwable cause = failure; cause != null && depth++ < 20; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().length() > MOST) {
                return true;
            }
        }
        return false;
    }

    private static Throwable copy(Throwable failure, int depth) {
        Throwable cause = failure.getCause() == null || failure.getCause() == failure || depth >= 20 ? null
                : copy(failure.getCause(), depth + 1);
        String state = failure instanceof SQLException sql && sql.getSQLState() != null
                ? " [SQLState " + sql.getSQLState() + "]" : "";
        Cut copy = new Cut(failure.getClass().getName() + ": " + cut(failure.getMessage()) + state, cause);
        copy.setStackTrace(failure.getStackTrace());
        return copy;
    }

    /** A failure's copy for the log: its kind and cut message as the message, its stack trace as it was. */
    static final class Cut extends RuntimeException {
        Cut(String message, Throwable cause) {
            super(message, cause, false, true);
        }
    }
}

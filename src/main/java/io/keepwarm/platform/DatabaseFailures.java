package io.keepwarm.platform;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells the database's passing moments from failures of the work itself, for the jobs that must decide whether to try
 * the same work again (the engine, the activity feed, the tracking recorder). Spring files a lost or refused
 * connection ({@link org.springframework.jdbc.CannotGetJdbcConnectionException}) under "non-transient", yet the same
 * work succeeds once the database is back. A transaction that was marked rollback-only and so could not commit is the
 * work's own failure: it fails the same way every time.
 */
public final class DatabaseFailures {

    /** PostgreSQL's SQLSTATE class "program limit exceeded" (a row too large, a statement too complex). */
    private static final String PROGRAM_LIMIT = "54";
    /** The SQLSTATE class "connection exception", in every driver. */
    private static final String CONNECTION = "08";

    private DatabaseFailures() {}

    /**
     * No connection to the database could be had (the server is down or away, the pool waited in vain): an outage,
     * the same for every request until it ends, rather than a failure of the request's own work.
     */
    public static boolean unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CannotGetJdbcConnectionException || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLException sql && sql.getSQLState() != null
                            && sql.getSQLState().startsWith(CONNECTION)) {
                return true;
            }
        }
        return false;
    }

    /** A lock timeout, deadlock or serialization failure, a lost or refused connection, a transaction not begun. */
    public static boolean passing(Throwable failure) {
        if (failure instanceof DataAccessResourceFailureException) {
            return !(NestedExceptionUtils.getMostSpecificCause(failure) instanceof SQLException sql
                    && sql.getSQLState() != null && sql.getSQLState().startsWith(PROGRAM_LIMIT));
        }
        return failure instanceof TransientDataAccessException || failure instanceof RecoverableDataAccessException
                || failure instanceof CannotCreateTransactionException;
    }
}

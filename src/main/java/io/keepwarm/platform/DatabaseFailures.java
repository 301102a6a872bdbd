package io.keepwarm.platform;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.TransactionException;

/**
 * Tells the database's passing moments from failures of the work itself, for the jobs that must decide whether to try
 * the same work again (the engine, the activity feed, the tracking recorder). Spring files a lost or refused
 * connection ({@link org.springframework.jdbc.CannotGetJdbcConnectionException}) under "non-transient", yet the same
 * work succeeds once the database is back.
 */
public final class DatabaseFailures {

    private DatabaseFailures() {}

    /** A lock timeout, deadlock or serialization failure, a lost or refused connection, a transaction not begun. */
    public static boolean passing(Throwable failure) {
        return failure instanceof TransientDataAccessException || failure instanceof RecoverableDataAccessException
                || failure instanceof DataAccessResourceFailureException || failure instanceof TransactionException;
    }
}

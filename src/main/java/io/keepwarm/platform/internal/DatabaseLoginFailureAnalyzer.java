package io.keepwarm.platform.internal;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * A start the database would not let in says which setting to fix, as the "APPLICATION FAILED TO START" report,
 * instead of at the foot of some two hundred lines of the beans that could not be made without a connection. Told by
 * the SQL state every driver reports: class 28 is a refused login (a wrong user or password), 3D000 a database that
 * does not exist. A database server that cannot be reached (the connection refused, the host unknown, no answer in
 * time) is told by the network's failure under the driver's, or by SQL state class 08: the host or port in
 * KEEPWARM_DB_URL is wrong, or the server is not running.
 */
class DatabaseLoginFailureAnalyzer implements FailureAnalyzer {

    private static final String AGAIN = " Then start Keepwarm again; README.md, \"Running it for real\", lists the"
            + " settings.";

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException away && unreachable(away)) {
                return new FailureAnalysis("Keepwarm did not start: the database server named in KEEPWARM_DB_URL"
                        + " could not be reached (" + said(away) + ").", "Check the host and port in KEEPWARM_DB_URL"
                                + " (jdbc:postgresql://host:5432/keepwarm) and that the database server is running"
                                + " and lets this machine connect." + AGAIN,
                        away);
            }
            if (cause instanceof SQLException refused && refused.getSQLState() != null) {
                if (refused.getSQLState().startsWith("28")) {
                    return new FailureAnalysis("Keepwarm did not start: the database refused its login ("
                            + refused.getMessage() + ").", "Set KEEPWARM_DB_USER and KEEPWARM_DB_PASSWORD to a user of"
                                    + " the database named in KEEPWARM_DB_URL and that user's password." + AGAIN,
                            refused);
                }
                if (refused.getSQLState().equals("3D000")) {
                    return new FailureAnalysis("Keepwarm did not start: the database named in KEEPWARM_DB_URL does not"
                            + " exist (" + refused.getMessage() + ").", "Create that database (empty: Keepwarm makes"
                                    + " its tables on start), or correct its name at the end of KEEPWARM_DB_URL." + AGAIN,
                            refused);
                }
            }
        }
        return null;
    }

    /** No connection at all: the server refused it, its name is unknown, or nothing answered in time. */
    private static boolean unreachable(SQLException failure) {
        if (failure.getSQLState() != null && failure.getSQLState().startsWith("08")) {
            return true;
        }
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException || cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** The driver's words, with the network's where the driver's alone do not say what failed. */
    private static String said(SQLException failure) {
        Throwable network = failure;
        while (network.getCause() != null) {
            network = network.getCause();
        }
        return network == failure || failure.getMessage().contains(String.valueOf(network.getMessage()))
                ? failure.getMessage() : failure.getMessage() + ": " + network;
    }
}

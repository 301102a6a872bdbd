package io.keepwarm.platform.internal;

import java.sql.SQLException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * A start the database would not let in says which setting to fix, as the "APPLICATION FAILED TO START" report,
 * instead of at the foot of some two hundred lines of the beans that could not be made without a connection. Told by
 * the SQL state every driver reports: class 28 is a refused login (a wrong user or password), 3D000 a database that
 * does not exist. A database that cannot be reached at all keeps Spring Boot's own report: that is no setting's fault
 * for certain.
 */
class DatabaseLoginFailureAnalyzer implements FailureAnalyzer {

    private static final String AGAIN = " Then start Keepwarm again; README.md, \"Running it for real\", lists the"
            + " settings.";

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
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
}

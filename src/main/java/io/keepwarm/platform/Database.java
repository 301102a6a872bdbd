package io.keepwarm.contact.internal;

import java.sql.DatabaseMetaData;
import javax.sql.DataSource;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;

/**
 * Which database the write path runs on, for the few bulk statements only PostgreSQL can take:
 * {@code INSERT ... SELECT FROM unnest(...) ... RETURNING}, which H2 lacks.
 */
@Component
class Database {

    private final boolean postgres;

    Database(DataSource dataSource) throws MetaDataAccessException {
        this.postgres = "PostgreSQL".equals(JdbcUtils.extractDatabaseMetaData(dataSource,
                DatabaseMetaData::getDatabaseProductName));
    }

    /** Whether an insert can answer with the rows it created (PostgreSQL), or must be read back (H2). */
    boolean insertsReturning() {
        return postgres;
    }
}

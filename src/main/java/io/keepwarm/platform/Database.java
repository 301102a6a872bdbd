package io.keepwarm.platform;

import java.sql.DatabaseMetaData;
import javax.sql.DataSource;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;

/**
 * Which database Keepwarm runs on, for the few statements only PostgreSQL takes ({@code INSERT ... SELECT FROM
 * unnest(...) ... RETURNING}, {@code UPDATE ... FROM unnest(...)}, {@code ANALYZE}) and its plan cache.
 */
@Component
public class Database {

    private final boolean postgres;

    Database(DataSource dataSource) throws MetaDataAccessException {
        this.postgres = "PostgreSQL".equals(JdbcUtils.extractDatabaseMetaData(dataSource,
                DatabaseMetaData::getDatabaseProductName));
    }

    /** PostgreSQL, or else H2. */
    public boolean postgres() {
        return postgres;
    }
}

package io.keepwarm.platform;

import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * Spring Boot's JDBC transaction manager, telling {@link AfterTransaction} when a transaction has taken a connection
 * and when it has given it back.
 */
@Configuration(proxyBeanMethods = false)
class TransactionConfiguration {

    @Bean
    JdbcTransactionManager transactionManager(DataSource dataSource,
            ObjectProvider<TransactionManagerCustomizers> customizers) {
        JdbcTransactionManager manager = new JdbcTransactionManager(dataSource) {
            @Override
            protected void doBegin(Object transaction, TransactionDefinition definition) {
                super.doBegin(transaction, definition);
                AfterTransaction.began();
            }

            @Override
            protected void doCleanupAfterCompletion(Object transaction) {
                try {
                    super.doCleanupAfterCompletion(transaction);
                } finally {
                    AfterTransaction.ended();
                }
            }
        };
        customizers.ifAvailable(c -> c.customize(manager));
        return manager;
    }
}

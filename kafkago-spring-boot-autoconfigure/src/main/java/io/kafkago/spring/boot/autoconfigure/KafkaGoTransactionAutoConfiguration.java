package io.kafkago.spring.boot.autoconfigure;

import io.kafkago.Writer;
import io.kafkago.spring.transaction.KafkaGoTransactionManager;
import io.kafkago.spring.transaction.ThreadTransactions;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * With {@code kafkago.writer.transaction-id-prefix}, a {@link KafkaGoTransactionManager} for the Writer bean, so that
 * {@code @Transactional} methods write in Kafka transactions, on a pool of transactional producers with ids
 * {@code <prefix><instance-id>.tx-<n>}. Configured after the JDBC transaction manager, which
 * therefore does not back off: with both, name the one a method uses ({@code @Transactional("kafkaGoTransactionManager")}).
 */
@AutoConfiguration(after = KafkaGoAutoConfiguration.class,
        afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        beforeName = "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration")
@ConditionalOnClass({PlatformTransactionManager.class, Writer.class})
@ConditionalOnProperty(prefix = "kafkago.writer", name = "transaction-id-prefix")
public final class KafkaGoTransactionAutoConfiguration {

    @Bean
    @ConditionalOnBean(Writer.class)
    @ConditionalOnMissingBean(KafkaGoTransactionManager.class)
    KafkaGoTransactionManager kafkaGoTransactionManager(Writer writer, ThreadTransactions threadTransactions,
            KafkaGoConfigFactory configs) {
        // ".tx-<n>": a listener member's suffix starts with "-", so the two never share an id
        return new KafkaGoTransactionManager(writer, threadTransactions,
                n -> new Writer(configs.transactionProducerConfig(".tx-" + n)));
    }
}

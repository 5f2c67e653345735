package io.kafkago.spring.boot.autoconfigure;

import io.kafkago.Client;
import io.kafkago.ReaderConfig;
import io.kafkago.Writer;
import io.kafkago.WriterConfig;
import io.kafkago.spring.transaction.ThreadTransactions;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ImportRuntimeHints;

/**
 * Auto-configuration for kafkago: connection details, configs, the {@link Writer} and the admin
 * {@link Client} from the {@code kafkago.*} properties. Every bean backs off when the application defines its own.
 *
 * <p>The Writer is closed when the context is destroyed, after the beans that use it: pending messages
 * are flushed within {@code kafkago.writer.close-timeout}. Listener containers stop before that, in the
 * lifecycle phase, so nothing writes dead letters or replies into a closed writer.
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@ConditionalOnClass(Writer.class)
@EnableConfigurationProperties(KafkaGoProperties.class)
@ImportRuntimeHints(KafkaGoRuntimeHints.class)
public final class KafkaGoAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(KafkaGoConnectionDetails.class)
    PropertiesKafkaGoConnectionDetails kafkaGoConnectionDetails(KafkaGoProperties properties,
            ObjectProvider<SslBundles> sslBundles) {
        return new PropertiesKafkaGoConnectionDetails(properties, sslBundles.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean
    KafkaGoConfigFactory kafkaGoConfigFactory(KafkaGoProperties properties, KafkaGoConnectionDetails connectionDetails,
            ObjectProvider<WriterConfigCustomizer> writerCustomizers,
            ObjectProvider<ReaderConfigCustomizer> readerCustomizers) {
        return new KafkaGoConfigFactory(properties, connectionDetails, writerCustomizers.orderedStream().toList(),
                readerCustomizers.orderedStream().toList());
    }

    @Bean
    @ConditionalOnMissingBean
    ThreadTransactions kafkaGoThreadTransactions() {
        return new ThreadTransactions();
    }

    /** Bound to the listener transactions, so that in a transactional listener the Writer's writes join the member's. */
    @Bean
    @ConditionalOnMissingBean
    WriterConfig kafkaGoWriterConfig(KafkaGoConfigFactory configs, ThreadTransactions listenerTransactions) {
        return configs.writerConfigBuilder().transactionBinding(listenerTransactions).build();
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "kafkago.reader", name = "topic")
    ReaderConfig kafkaGoReaderConfig(KafkaGoConfigFactory configs) {
        return configs.readerConfigBuilder().build();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Writer kafkaGoWriter(WriterConfig config) {
        return new Writer(config);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Client kafkaGoClient(KafkaGoConfigFactory configs) {
        return new Client(configs.clientConfigBuilder().build());
    }
}

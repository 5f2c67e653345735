package io.kafkago.spring.boot.autoconfigure;

import io.kafkago.Client;
import io.kafkago.KafkaConfigException;
import io.kafkago.Writer;
import io.kafkago.spring.KafkaGoListener;
import io.kafkago.spring.PayloadConverter;
import io.kafkago.spring.listener.DeadLetterPublisher;
import io.kafkago.spring.listener.DeadLetterTopics;
import io.kafkago.spring.listener.DeadLetterWriter;
import io.kafkago.spring.listener.DefaultKafkaGoListenerRegistry;
import io.kafkago.spring.listener.KafkaGoListenerAnnotationBeanPostProcessor;
import io.kafkago.spring.listener.ListenerEndpointFactory;
import io.kafkago.spring.listener.ListenerObserver;
import io.kafkago.spring.listener.ListenerSettings;
import io.kafkago.spring.transaction.ThreadTransactions;
import io.kafkago.spring.listener.RetryBackOff;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.util.function.SingletonSupplier;

/**
 * Auto-configuration for {@link KafkaGoListener} methods: finds them, converts payloads with the
 * application's Jackson mapper, and runs them in containers registered with a
 * {@link io.kafkago.spring.KafkaGoListenerRegistry} that follows the context's lifecycle.
 *
 * <p>JSON payloads are read with, in this order of preference: a {@link PayloadConverter} bean, the
 * context's Jackson 3 {@code ObjectMapper}/{@code JsonMapper}, its Jackson 2 {@code ObjectMapper}, a plain
 * Jackson 3 mapper, a plain Jackson 2 mapper. The conditions exclude each other, so the choice does not
 * depend on the order configuration classes are read in.
 */
@AutoConfiguration(after = KafkaGoAutoConfiguration.class,
        afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(Writer.class)
@ConditionalOnBean(KafkaGoConfigFactory.class)
public final class KafkaGoListenerAutoConfiguration {

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    @ConditionalOnMissingBean
    static KafkaGoListenerAnnotationBeanPostProcessor kafkaGoListenerAnnotationBeanPostProcessor() {
        return new KafkaGoListenerAnnotationBeanPostProcessor();
    }

    @Bean
    @ConditionalOnMissingBean
    ListenerSettings kafkaGoListenerSettings(KafkaGoProperties properties) {
        KafkaGoListenerProperties listener = properties.getListener();
        KafkaGoListenerProperties.Retry retry = listener.getRetry();
        KafkaGoListenerProperties.DeadLetter deadLetter = listener.getDeadLetter();
        try {
            return new ListenerSettings(listener.getConcurrency(), listener.isAutoStartup(),
                    new RetryBackOff(retry.getMaxAttempts(), retry.getInitialInterval(), retry.getMultiplier(),
                            retry.getMaxInterval()),
                    deadLetter.isEnabled(), deadLetter.getTopicSuffix(), deadLetter.getFailurePolicy(),
                    listener.getShutdownTimeout(), listener.getMaxBatchSize(), listener.getSlowHandlerThreshold(),
                    listener.isTransactional());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new KafkaConfigException("kafkago.listener.*: " + e.getMessage());
        }
    }

    @Bean
    @ConditionalOnMissingBean
    ListenerEndpointFactory kafkaGoListenerEndpointFactory(ListenerSettings settings, KafkaGoProperties properties,
            ObjectProvider<PayloadConverter> converter) {
        return new ListenerEndpointFactory(settings, properties.getReader().getGroupId(),
                properties.getReader().getStartOffset(), converter.getIfAvailable());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(DeadLetterWriter.class)
    KafkaGoDeadLetterWriter kafkaGoDeadLetterWriter(KafkaGoConfigFactory configs) {
        // dead letters are written outside transactions, by a writer of their own
        return new KafkaGoDeadLetterWriter(() -> configs.writerConfigBuilder().topic(null).transactionalId(null)
                .async(false).completion(null).build());
    }

    @Bean
    @ConditionalOnMissingBean
    DeadLetterTopics kafkaGoDeadLetterTopics(ObjectProvider<Client> client, KafkaGoProperties properties) {
        KafkaGoListenerProperties.DeadLetter deadLetter = properties.getListener().getDeadLetter();
        return new AdminDeadLetterTopics(SingletonSupplier.of(client::getObject), deadLetter.isAutoCreate(),
                deadLetter.getReplicationFactor());
    }

    @Bean
    @ConditionalOnMissingBean
    DefaultKafkaGoListenerRegistry kafkaGoListenerRegistry(ListenerSettings settings, KafkaGoConfigFactory configs,
            DeadLetterWriter deadLetterWriter, DeadLetterTopics deadLetterTopics,
            ObjectProvider<ListenerObserver> observer,
            ObjectProvider<ReaderListenerSources.ReaderBinder> readerBinder,
            ThreadTransactions transactionBinding) {
        return new DefaultKafkaGoListenerRegistry(settings,
                new ReaderListenerSources(configs, readerBinder.getIfAvailable(() -> ReaderListenerSources.ReaderBinder.NONE),
                        transactionBinding),
                SingletonSupplier.of(() -> new DeadLetterPublisher(deadLetterWriter)), deadLetterTopics,
                observer.getIfAvailable(() -> ListenerObserver.NONE));
    }

    /** Uses the application's Jackson 3 mapper (Spring Boot 4's default). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "tools.jackson.databind.ObjectMapper")
    @ConditionalOnBean(type = "tools.jackson.databind.ObjectMapper")
    static class Jackson3FromContext {

        @Bean
        @ConditionalOnMissingBean
        PayloadConverter kafkaGoPayloadConverter(tools.jackson.databind.ObjectMapper mapper) {
            return new io.kafkago.spring.json.Jackson3PayloadConverter(mapper);
        }
    }

    /** Uses the application's Jackson 2 mapper when it has one and no Jackson 3 mapper. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "com.fasterxml.jackson.databind.ObjectMapper")
    @ConditionalOnBean(type = "com.fasterxml.jackson.databind.ObjectMapper")
    @ConditionalOnMissingBean(type = "tools.jackson.databind.ObjectMapper")
    static class Jackson2FromContext {

        @Bean
        @ConditionalOnMissingBean
        PayloadConverter kafkaGoPayloadConverter(com.fasterxml.jackson.databind.ObjectMapper mapper) {
            return new io.kafkago.spring.json.Jackson2PayloadConverter(mapper);
        }
    }

    /** A plain Jackson 3 mapper when Jackson 3 is present but the context defines no mapper. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "tools.jackson.databind.json.JsonMapper")
    @ConditionalOnMissingBean(type = {"tools.jackson.databind.ObjectMapper", "com.fasterxml.jackson.databind.ObjectMapper"})
    static class Jackson3Default {

        @Bean
        @ConditionalOnMissingBean
        PayloadConverter kafkaGoPayloadConverter() {
            return new io.kafkago.spring.json.Jackson3PayloadConverter(
                    tools.jackson.databind.json.JsonMapper.builder().build());
        }
    }

    /** A plain Jackson 2 mapper when only Jackson 2 is present and the context defines no mapper. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "com.fasterxml.jackson.databind.ObjectMapper")
    @ConditionalOnMissingClass("tools.jackson.databind.json.JsonMapper")
    @ConditionalOnMissingBean(type = "com.fasterxml.jackson.databind.ObjectMapper")
    static class Jackson2Default {

        @Bean
        @ConditionalOnMissingBean
        PayloadConverter kafkaGoPayloadConverter() {
            return new io.kafkago.spring.json.Jackson2PayloadConverter(
                    new com.fasterxml.jackson.databind.ObjectMapper());
        }
    }
}

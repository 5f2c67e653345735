package io.kafkago.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.Writer;
import io.kafkago.WriterConfig;
import io.kafkago.spring.transaction.KafkaGoTransactionManager;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class KafkaGoTransactionAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaGoAutoConfiguration.class,
                    KafkaGoTransactionAutoConfiguration.class))
            .withPropertyValues("kafkago.brokers=localhost:9092");

    @Test
    void aTransactionIdPrefixMakesTheWriterTransactionalAndAddsATransactionManager() {
        runner.withPropertyValues("kafkago.writer.transaction-id-prefix=orders-",
                "kafkago.writer.transaction-instance-id=pod-0", "kafkago.writer.transaction-timeout=20s")
                .run(context -> {
                    WriterConfig config = context.getBean(Writer.class).config();
                    assertThat(config.transactionalId()).isEqualTo("orders-pod-0");
                    assertThat(config.transactionTimeout()).isEqualTo(Duration.ofSeconds(20));
                    assertThat(context).getBean(KafkaGoTransactionManager.class)
                            .satisfies(manager -> assertThat(manager.getWriter()).isSameAs(context.getBean(Writer.class)));
                });
    }

    @Test
    void withoutAnInstanceIdTheHostAndProcessTellInstancesApart() {
        runner.withPropertyValues("kafkago.writer.transaction-id-prefix=orders-").run(context ->
                assertThat(context.getBean(Writer.class).config().transactionalId()).startsWith("orders-")
                        .endsWith("-" + ProcessHandle.current().pid()));
    }

    @Test
    void withoutAPrefixTheWriterIsNotTransactionalAndThereIsNoTransactionManager() {
        runner.run(context -> {
            assertThat(context.getBean(Writer.class).config().transactional()).isFalse();
            assertThat(context).doesNotHaveBean(KafkaGoTransactionManager.class);
        });
    }
}

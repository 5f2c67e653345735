package io.kafkago.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.spring.KafkaGoListener;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class KafkaGoListenersHealthAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaGoAutoConfiguration.class,
                    KafkaGoListenerAutoConfiguration.class, KafkaGoListenersHealthAutoConfiguration.class));

    static class Idle {
        @KafkaGoListener(id = "idle", topics = "t", groupId = "g", autoStartup = "false")
        void on(String value) {
        }
    }

    @Test
    void listenersThatAreNotStalledAreUpWithOneDetailPerListener() {
        runner.withBean(Idle.class).run(context -> {
            Health health = context.getBean("kafkagoListenersHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsExactly(Map.entry("idle", Map.of("running", false)));
        });
    }

    @Test
    void canBeTurnedOffAndIsAbsentWithoutHealthSupportOrListenerSupport() {
        runner.withPropertyValues("management.health.kafkagolisteners.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(KafkaGoListenersHealthIndicator.class));
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).doesNotHaveBean(KafkaGoListenersHealthIndicator.class));
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KafkaGoAutoConfiguration.class,
                        KafkaGoListenersHealthAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(KafkaGoListenersHealthIndicator.class));
    }
}

package io.kafkago.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.Client;
import io.kafkago.ClientConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class KafkaGoHealthAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaGoAutoConfiguration.class,
                    KafkaGoHealthAutoConfiguration.class));

    @Test
    void unreachableBrokersAreReportedDown() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        runner.withPropertyValues("kafkago.brokers=127.0.0.1:" + closedPort, "kafkago.admin.timeout=2s").run(context -> {
            Health health = context.getBean("kafkagoHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsKey("error");
        });
    }

    @Test
    void theCheckGoesThroughTheAdminClientBean() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (ServerSocket clientsBroker = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Client own = new Client(ClientConfig.builder().brokers("127.0.0.1:" + clientsBroker.getLocalPort())
                    .timeout(Duration.ofSeconds(1)).build());
            CompletableFuture<Boolean> dialled = CompletableFuture.supplyAsync(() -> {
                try (Socket accepted = clientsBroker.accept()) {
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
            runner.withBean(Client.class, () -> own).withPropertyValues("kafkago.brokers=127.0.0.1:" + closedPort)
                    .run(context -> {
                        Health health = context.getBean("kafkagoHealthIndicator", HealthIndicator.class).health();
                        assertThat(health.getStatus()).as("the stand-in broker never answers").isEqualTo(Status.DOWN);
                        assertThat(dialled.get(10, TimeUnit.SECONDS)).as("the check used the Client bean").isTrue();
                    });
            own.close();
        }
    }

    @Test
    void canBeTurnedOffOrIsAbsentWithoutHealthSupport() {
        runner.withPropertyValues("management.health.kafkago.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(KafkaGoHealthIndicator.class));
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).doesNotHaveBean(KafkaGoHealthIndicator.class));
    }
}

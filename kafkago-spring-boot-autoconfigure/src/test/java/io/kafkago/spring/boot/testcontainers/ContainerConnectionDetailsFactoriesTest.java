package io.kafkago.spring.boot.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsFactory;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * The factories are registered where Spring Boot's {@code @ServiceConnection} support looks for them. (Starting
 * a container needs Docker, which the build machine lacks; the factories themselves only read the container's
 * bootstrap address.)
 */
class ContainerConnectionDetailsFactoriesTest {

    @Test
    void factoriesAreRegisteredForServiceConnections() {
        // Other modules' factories may need classes this test classpath lacks (Docker Compose): skip those.
        List<ConnectionDetailsFactory> factories = SpringFactoriesLoader.forDefaultResourceLocation()
                .load(ConnectionDetailsFactory.class, SpringFactoriesLoader.FailureHandler.handleMessage((message, e) -> {
                }));
        assertThat(factories).hasAtLeastOneElementOfType(KafkaContainerConnectionDetailsFactory.class)
                .hasAtLeastOneElementOfType(ConfluentKafkaContainerConnectionDetailsFactory.class);
    }
}

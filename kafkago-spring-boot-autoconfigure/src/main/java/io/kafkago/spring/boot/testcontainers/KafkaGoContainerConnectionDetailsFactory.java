package io.kafkago.spring.boot.testcontainers;

import io.kafkago.spring.boot.autoconfigure.KafkaGoConnectionDetails;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;
import org.testcontainers.containers.Container;

/**
 * Gives {@link KafkaGoConnectionDetails} for a {@code @ServiceConnection} Kafka container: its bootstrap
 * address and the SSL bundle declared on it, if any. Subclasses name the container type.
 *
 * @param <C> the container type
 */
abstract class KafkaGoContainerConnectionDetailsFactory<C extends Container<?>>
        extends ContainerConnectionDetailsFactory<C, KafkaGoConnectionDetails> {

    private final Function<C, String> bootstrapServers;

    KafkaGoContainerConnectionDetailsFactory(Function<C, String> bootstrapServers) {
        super(ANY_CONNECTION_NAME, "io.kafkago.Writer");
        this.bootstrapServers = bootstrapServers;
    }

    @Override
    protected KafkaGoConnectionDetails getContainerConnectionDetails(ContainerConnectionSource<C> source) {
        return new Details<>(source, bootstrapServers);
    }

    /** The connection details of one running container. */
    private static final class Details<C extends Container<?>> extends ContainerConnectionDetails<C>
            implements KafkaGoConnectionDetails {

        private final Function<C, String> bootstrapServers;

        private Details(ContainerConnectionSource<C> source, Function<C, String> bootstrapServers) {
            super(source);
            this.bootstrapServers = bootstrapServers;
        }

        @Override
        public List<String> getBrokers() {
            return Arrays.stream(bootstrapServers.apply(getContainer()).split(","))
                    .map(String::trim)
                    .map(address -> address.contains("://") ? address.substring(address.indexOf("://") + 3) : address)
                    .toList();
        }

        @Override
        public SslBundle getSslBundle() {
            return super.getSslBundle();
        }
    }
}

package io.kafkago.test;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Which broker the test suite should use, read from system properties (first) or environment variables.
 *
 * @param mode where the broker comes from
 * @param externalAddress the external broker's {@code host:port} list, if one is given
 * @param image the Docker image for {@link BrokerMode#TESTCONTAINERS}
 */
public record BrokerSettings(BrokerMode mode, Optional<String> externalAddress, String image) {

    /** System property naming the broker mode: {@code embedded}, {@code testcontainers} or {@code external}. */
    public static final String MODE_PROPERTY = "kafkago.test.broker";
    /** Environment variable naming the broker mode, read when {@link #MODE_PROPERTY} is not set. */
    public static final String MODE_ENV = "KAFKAGO_TEST_BROKER";
    /** System property with an external broker's {@code host:port} list. */
    public static final String BROKERS_PROPERTY = "kafkago.test.brokers";
    /** Environment variable with an external broker's {@code host:port} list. */
    public static final String BROKERS_ENV = "KAFKAGO_TEST_BROKERS";
    /** System property overriding the Testcontainers image. */
    public static final String IMAGE_PROPERTY = "kafkago.test.image";
    /** Environment variable overriding the Testcontainers image. */
    public static final String IMAGE_ENV = "KAFKAGO_TEST_IMAGE";

    /** Validates that an external mode comes with an address. */
    public BrokerSettings {
        if (mode == BrokerMode.EXTERNAL && externalAddress.isEmpty()) {
            throw new KafkaTestSetupException("Broker mode external needs an address: set " + BROKERS_ENV + " or -D"
                    + BROKERS_PROPERTY + " to host:port");
        }
    }

    /** Reads the settings of this JVM. */
    public static BrokerSettings fromEnvironment() {
        return from(System::getProperty, System::getenv);
    }

    /**
     * Reads the settings from the given lookups. The mode defaults to {@link BrokerMode#EXTERNAL} when an address is
     * given and to {@link BrokerMode#EMBEDDED} otherwise.
     */
    static BrokerSettings from(UnaryOperator<String> systemProperties, UnaryOperator<String> environment) {
        Optional<String> address = lookup(systemProperties, environment, BROKERS_PROPERTY, BROKERS_ENV);
        BrokerMode mode = lookup(systemProperties, environment, MODE_PROPERTY, MODE_ENV).map(BrokerMode::parse)
                .orElse(address.isPresent() ? BrokerMode.EXTERNAL : BrokerMode.EMBEDDED);
        String image = lookup(systemProperties, environment, IMAGE_PROPERTY, IMAGE_ENV)
                .orElse(TestcontainersKafkaCluster.DEFAULT_IMAGE);
        return new BrokerSettings(mode, address, image);
    }

    private static Optional<String> lookup(UnaryOperator<String> systemProperties, UnaryOperator<String> environment,
            String property, String variable) {
        return Optional.ofNullable(systemProperties.apply(property))
                .or(() -> Optional.ofNullable(environment.apply(variable)))
                .map(String::trim)
                .filter(value -> !value.isEmpty());
    }
}

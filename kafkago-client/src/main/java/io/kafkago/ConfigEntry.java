package io.kafkago;

/**
 * One config value as {@link Client#describeConfigs} reports it.
 *
 * @param name config name, e.g. {@code retention.ms}
 * @param value current value; null when sensitive or unset
 * @param source where the value comes from
 * @param readOnly whether it cannot be altered at runtime
 * @param sensitive whether the broker hides the value (passwords, keys)
 */
public record ConfigEntry(String name, String value, Source source, boolean readOnly, boolean sensitive) {

    /** Where a config value comes from (DescribeConfigs {@code ConfigSource}). */
    public enum Source {
        /** A source this client does not know. */
        UNKNOWN,
        /** Set on the topic. */
        TOPIC,
        /** Set dynamically for this broker. */
        DYNAMIC_BROKER,
        /** Set dynamically as the default of every broker. */
        DYNAMIC_DEFAULT_BROKER,
        /** From the broker's properties file. */
        STATIC_BROKER,
        /** Kafka's built-in default. */
        DEFAULT,
        /** A dynamic broker logger level. */
        DYNAMIC_BROKER_LOGGER,
        /** A client metrics subscription. */
        CLIENT_METRICS,
        /** Set on a group. */
        GROUP
    }

    /** Whether the value is Kafka's built-in default. */
    public boolean isDefault() {
        return source == Source.DEFAULT;
    }
}

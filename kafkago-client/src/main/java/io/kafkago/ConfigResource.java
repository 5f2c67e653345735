package io.kafkago;

import java.util.Objects;

/**
 * What a config belongs to, for {@link Client#describeConfigs} and {@link Client#alterConfigs}.
 *
 * @param type topic, broker or broker logger
 * @param name topic name, or broker id as text ({@code ""} for the cluster-wide broker default)
 */
public record ConfigResource(Type type, String name) {

    /** Kinds of config resources, with their wire codes. */
    public enum Type {
        /** Topic configs such as {@code retention.ms}. */
        TOPIC((byte) 2),
        /** Broker configs (dynamic ones can be altered). */
        BROKER((byte) 4),
        /** A broker's log4j logger levels. */
        BROKER_LOGGER((byte) 8);

        private final byte code;

        Type(byte code) {
            this.code = code;
        }

        /** The {@code ResourceType} code on the wire. */
        public byte code() {
            return code;
        }
    }

    /** Validates that both parts are present. */
    public ConfigResource {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
    }

    /** A topic's configs. */
    public static ConfigResource topic(String name) {
        return new ConfigResource(Type.TOPIC, name);
    }

    /** A broker's configs. */
    public static ConfigResource broker(int brokerId) {
        return new ConfigResource(Type.BROKER, Integer.toString(brokerId));
    }
}

package io.kafkago;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Validation shared by the config records; every failure is a {@link KafkaConfigException} naming the setting. */
final class ConfigChecks {

    private ConfigChecks() {
    }

    static void check(boolean valid, String message) {
        if (!valid) {
            throw new KafkaConfigException(message);
        }
    }

    /** Trimmed {@code host:port} addresses; at least one, each with a port from 1 to 65535. */
    static List<String> brokers(String setting, List<String> brokers) {
        check(brokers != null && !brokers.isEmpty(), setting + ": at least one broker address (host:port) is required");
        List<String> checked = new ArrayList<>(brokers.size());
        for (String broker : brokers) {
            check(broker != null && !broker.isBlank(), setting + ": broker addresses must not be blank");
            String address = broker.trim();
            int colon = address.lastIndexOf(':');
            check(colon > 0 && colon < address.length() - 1 && isPort(address.substring(colon + 1)),
                    setting + ": '" + address + "' is not host:port (port 1 to 65535)");
            checked.add(address);
        }
        return List.copyOf(checked);
    }

    private static boolean isPort(String text) {
        if (text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int port = Integer.parseInt(text);
        return port >= 1 && port <= 65535;
    }

    static Duration positive(String setting, Duration value) {
        check(value != null, setting + ": must be set");
        check(value.compareTo(Duration.ZERO) > 0, setting + ": must be positive, got " + value);
        return value;
    }

    static Duration notNegative(String setting, Duration value) {
        check(value != null, setting + ": must be set");
        check(!value.isNegative(), setting + ": must not be negative, got " + value);
        return value;
    }

    static int atLeast(String setting, int value, int minimum) {
        check(value >= minimum, setting + ": must be at least " + minimum + ", got " + value);
        return value;
    }

    static long atLeast(String setting, long value, long minimum) {
        check(value >= minimum, setting + ": must be at least " + minimum + ", got " + value);
        return value;
    }

    /** An unmodifiable copy of {@code values}, null meaning empty; a null element is rejected by name. */
    static <T> List<T> listOf(String setting, List<T> values) {
        if (values == null) {
            return List.of();
        }
        for (T value : values) {
            check(value != null, setting + ": must not contain null");
        }
        return List.copyOf(values);
    }

    static <T> T required(String setting, T value) {
        check(value != null, setting + ": must be set");
        return value;
    }

    /** A non-blank text or null; blank text is rejected rather than silently meaning "unset". */
    static String optionalName(String setting, String value) {
        check(value == null || !value.isBlank(), setting + ": must not be blank (leave it unset instead)");
        return value;
    }
}

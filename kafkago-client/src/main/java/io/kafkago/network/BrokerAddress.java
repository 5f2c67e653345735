package io.kafkago.network;

import java.util.Objects;

/**
 * Where a broker listens: a host name or IP literal and a port. Parsed from {@code host:port}
 * or {@code [ipv6]:port}.
 *
 * @param host host name or IP literal (without brackets)
 * @param port TCP port, 1 to 65535
 */
public record BrokerAddress(String host, int port) {

    /** Validates host and port. */
    public BrokerAddress {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("broker host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("broker port must be in [1, 65535], got " + port);
        }
    }

    /**
     * Parses {@code host:port} or {@code [ipv6]:port}.
     *
     * @throws IllegalArgumentException when the text has no port or the port is not a number
     */
    public static BrokerAddress parse(String address) {
        Objects.requireNonNull(address, "address");
        String text = address.trim();
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("broker address must be host:port, got '" + address + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("IPv6 broker addresses need brackets, e.g. [::1]:9092, got '" + address + "'");
        }
        try {
            return new BrokerAddress(host, Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("broker port is not a number in '" + address + "'");
        }
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}

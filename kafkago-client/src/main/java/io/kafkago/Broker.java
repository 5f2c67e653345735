package io.kafkago;

import java.util.Objects;

/**
 * A broker of the cluster as metadata describes it.
 *
 * @param id   broker (node) id
 * @param host host name or address the broker advertises
 * @param port port the broker advertises
 * @param rack rack id, or null when the broker has none
 */
public record Broker(int id, String host, int port, String rack) {

    /** Checks the host is present. */
    public Broker {
        Objects.requireNonNull(host, "broker host must not be null");
    }

    /** {@code host:port}, ready for dialling. */
    public String address() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}

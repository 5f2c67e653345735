package io.kafkago.network;

import io.kafkago.KafkaConnectionException;
import io.kafkago.KafkaTimeoutException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Opens the byte stream to a broker: TCP connect, then the TLS handshake when configured, each
 * bounded by the time left before the dial deadline. Host names are checked against the broker's
 * certificate unless the TLS config turns it off.
 */
final class SocketOpener {

    private SocketOpener() {
    }

    /**
     * Connects and, for TLS, completes the handshake.
     *
     * @param deadlineNanos {@link System#nanoTime()} value by which the socket must be ready
     * @throws KafkaTimeoutException when the deadline passes first
     * @throws KafkaConnectionException when the broker cannot be reached or TLS fails
     */
    static Socket open(BrokerAddress address, ConnectionSettings settings, long deadlineNanos) {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(new InetSocketAddress(address.host(), address.port()), remainingMillis(deadlineNanos, address));
            if (!settings.usesTls()) {
                return socket;
            }
            SSLSocket tls = (SSLSocket) settings.tls().sslContext().getSocketFactory()
                    .createSocket(socket, address.host(), address.port(), true);
            SSLParameters parameters = tls.getSSLParameters();
            if (settings.tls().hostnameVerification()) {
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
            }
            if (!isIpLiteral(address.host())) {
                parameters.setServerNames(List.of(new SNIHostName(address.host())));
            }
            tls.setSSLParameters(parameters);
            tls.setSoTimeout(remainingMillis(deadlineNanos, address));
            tls.startHandshake();
            tls.setSoTimeout(0);
            return tls;
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new KafkaTimeoutException("dialing " + address + " timed out", e);
        } catch (SSLException e) {
            closeQuietly(socket);
            throw new KafkaConnectionException("TLS handshake with " + address + " failed: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            if (e instanceof KafkaTimeoutException timeout) {
                throw timeout;
            }
            throw new KafkaConnectionException("cannot connect to " + address + ": " + e.getMessage(), e);
        }
    }

    /** Milliseconds left before the deadline, at least 1; a passed deadline throws. */
    static int remainingMillis(long deadlineNanos, BrokerAddress address) {
        long remaining = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (remaining <= 0) {
            throw new KafkaTimeoutException("dialing " + address + " timed out");
        }
        return (int) Math.min(Integer.MAX_VALUE, remaining);
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort; the socket is abandoned either way
        }
    }
}

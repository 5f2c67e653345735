package io.kafkago;

import io.kafkago.sasl.SaslMechanism;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * What every config builder shares ({@link WriterConfig.Builder}, {@link ReaderConfig.Builder},
 * {@link ClientConfig.Builder}): where the cluster is (bootstrap {@code brokers}) and how to connect to it (a
 * {@link Dialer}). The connection shortcuts ({@link #clientId}, {@link #tls}, {@link #sasl}, ...) change one setting
 * of the dialer being built; {@link #dialer(Dialer)} replaces all of them, so give a shared dialer first and adjust
 * it after:
 *
 * <pre>{@code
 * Dialer shared = Dialer.builder().tls(tls).sasl(Scram.sha512("billing", password)).build();
 * WriterConfig writer = WriterConfig.builder().brokers("broker-1:9093").dialer(shared).build();
 * ReaderConfig reader = ReaderConfig.builder().brokers("broker-1:9093").dialer(shared).clientId("audit")
 *         .topic("orders").groupId("audit").build();
 * }</pre>
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class ClusterConnectionBuilder<B extends ClusterConnectionBuilder<B>> {

    private List<String> brokers;
    private Dialer.Builder dialer = Dialer.builder();

    /** Only kafkago's own configs extend this. */
    ClusterConnectionBuilder(List<String> defaultBrokers) {
        this.brokers = defaultBrokers;
    }

    /** Bootstrap brokers, {@code host:port} each. */
    public B brokers(String... brokers) {
        return brokers(brokers == null ? null : Arrays.asList(brokers));
    }

    /** Bootstrap brokers, {@code host:port} each. */
    public B brokers(List<String> brokers) {
        this.brokers = brokers;
        return self();
    }

    /**
     * Every connection setting at once: client id, time limits, TLS, SASL, response limit; default
     * {@link Dialer#defaultDialer()}. Replaces what the shortcuts set before.
     *
     * @throws KafkaConfigException when {@code dialer} is null
     */
    public B dialer(Dialer dialer) {
        ConfigChecks.required("dialer", dialer);
        this.dialer = dialer.toBuilder();
        return self();
    }

    /** Client id sent with every request (broker logs, quotas); default {@link Dialer#DEFAULT_CLIENT_ID}. */
    public B clientId(String clientId) {
        dialer.clientId(clientId);
        return self();
    }

    /** Limit for connecting, TLS, ApiVersions and SASL; default {@link Dialer#DEFAULT_DIAL_TIMEOUT}. */
    public B dialTimeout(Duration dialTimeout) {
        dialer.dialTimeout(dialTimeout);
        return self();
    }

    /**
     * How long to wait for a broker's answer; default {@link Dialer#DEFAULT_REQUEST_TIMEOUT}. A Reader waits this long
     * beyond a fetch's {@code maxWait}; a Writer's requests wait its {@code writeTimeout} plus {@code readTimeout}.
     */
    public B requestTimeout(Duration requestTimeout) {
        dialer.requestTimeout(requestTimeout);
        return self();
    }

    /** TLS for broker connections; default none (plaintext). */
    public B tls(TlsConfig tls) {
        dialer.tls(tls);
        return self();
    }

    /** SASL authentication; default none. Its {@code toString()} never shows secrets. */
    public B sasl(SaslMechanism sasl) {
        dialer.sasl(sasl);
        return self();
    }

    /** Largest response accepted, in bytes; default {@link Dialer#DEFAULT_MAX_RESPONSE_SIZE}. */
    public B maxResponseSize(int maxResponseSize) {
        dialer.maxResponseSize(maxResponseSize);
        return self();
    }

    /** The bootstrap brokers as set, unchecked (the config validates them). */
    List<String> bootstrapBrokers() {
        return brokers;
    }

    /**
     * The dialer these settings describe.
     *
     * @throws KafkaConfigException naming the connection setting that is out of range
     */
    Dialer buildDialer() {
        return dialer.build();
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }
}

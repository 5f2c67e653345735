package io.kafkago.spring.boot.autoconfigure;

import io.kafkago.ClientConfig;
import io.kafkago.Dialer;
import io.kafkago.KafkaConfigException;
import io.kafkago.ReaderConfig;
import io.kafkago.TlsConfig;
import io.kafkago.WriterConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.util.unit.DataSize;

/**
 * Builds writer and reader configs from the {@code kafkago.*} properties, the
 * {@link KafkaGoConnectionDetails} and the customizers, in that order. The auto-configured beans and
 * the listener readers come from here; applications can use it for extra readers and writers that
 * share the same connection settings.
 */
public final class KafkaGoConfigFactory {

    private final KafkaGoProperties properties;
    private final KafkaGoConnectionDetails connection;
    private final List<WriterConfigCustomizer> writerCustomizers;
    private final List<ReaderConfigCustomizer> readerCustomizers;
    private volatile TlsConfig tls;

    /** Applies {@code properties}, then {@code connection}, then the customizers in list order. */
    public KafkaGoConfigFactory(KafkaGoProperties properties, KafkaGoConnectionDetails connection,
            List<WriterConfigCustomizer> writerCustomizers, List<ReaderConfigCustomizer> readerCustomizers) {
        this.properties = Objects.requireNonNull(properties, "properties");
        this.connection = Objects.requireNonNull(connection, "connection");
        this.writerCustomizers = List.copyOf(writerCustomizers);
        this.readerCustomizers = List.copyOf(readerCustomizers);
    }

    /** A writer config builder with the properties, connection details and customizers applied. */
    public WriterConfig.Builder writerConfigBuilder() {
        KafkaGoWriterProperties writer = properties.getWriter();
        WriterConfig.Builder builder = WriterConfig.builder()
                .brokers(connection.getBrokers())
                .clientId(properties.getClientId())
                .dialTimeout(properties.getDialTimeout())
                .tls(tls())
                .sasl(connection.getSaslMechanism())
                .topic(writer.getTopic())
                .balancer(writer.getBalancer().create())
                .batchSize(writer.getBatchSize())
                .batchBytes(intBytes(writer.getBatchBytes(), "kafkago.writer.batch-bytes"))
                .batchTimeout(writer.getBatchTimeout())
                .requiredAcks(writer.getRequiredAcks())
                .async(writer.isAsync())
                .compression(writer.getCompression())
                .maxAttempts(writer.getMaxAttempts())
                .deliveryTimeout(writer.getDeliveryTimeout())
                .writeBackoffMin(writer.getWriteBackoffMin())
                .writeBackoffMax(writer.getWriteBackoffMax())
                .closeTimeout(writer.getCloseTimeout())
                .readTimeout(writer.getReadTimeout())
                .writeTimeout(writer.getWriteTimeout())
                .allowAutoTopicCreation(writer.isAllowAutoTopicCreation())
                .maxInFlightRequestsPerBroker(writer.getMaxInFlightRequestsPerBroker())
                .bufferedBytesLimit(writer.getBufferedBytesLimit().toBytes())
                .metadataMaxAge(writer.getMetadataMaxAge());
        if (writer.getIdempotent() != null) {
            builder.idempotent(writer.getIdempotent());
        }
        if (writer.getTransactionIdPrefix() != null) {
            builder.transactionalId(writer.getTransactionIdPrefix() + transactionInstanceId(writer))
                    .transactionTimeout(writer.getTransactionTimeout());
        }
        writerCustomizers.forEach(customizer -> customizer.customize(builder));
        return builder;
    }

    /**
     * The config of a transactional producer that takes the Writer bean's writes inside transactions (a listener
     * member's, or one of the transaction manager's pool): like {@link #writerConfigBuilder()}, with transactional id
     * {@code <transaction-id-prefix><transaction-instance-id><suffix>}, no topic (the Writer bean fills in its own), and
     * writes that return once accepted: the commit waits for all of them, and one that failed aborts the transaction,
     * whose commit reports it, so nothing is logged per write.
     *
     * @throws KafkaConfigException when kafkago.writer.transaction-id-prefix is not set
     */
    public WriterConfig transactionProducerConfig(String suffix) {
        KafkaGoWriterProperties writer = properties.getWriter();
        if (writer.getTransactionIdPrefix() == null) {
            throw new KafkaConfigException("kafkago.writer.transaction-id-prefix: must be set for transactions "
                    + "(transactional id <prefix><instance-id>" + suffix + ")");
        }
        return writerConfigBuilder().transactionalId(writer.getTransactionIdPrefix() + transactionInstanceId(writer)
                + suffix).topic(null).async(true).completion((messages, error) -> { }).build();
    }

    /** kafkago.writer.transaction-instance-id, else host name and process id: unique per running instance. */
    private static String transactionInstanceId(KafkaGoWriterProperties writer) {
        if (writer.getTransactionInstanceId() != null) {
            return writer.getTransactionInstanceId();
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    /**
     * A reader config builder with the properties, connection details and customizers applied. The
     * topic is {@code kafkago.reader.topic} (possibly unset: set one before building).
     */
    public ReaderConfig.Builder readerConfigBuilder() {
        KafkaGoReaderProperties reader = properties.getReader();
        ReaderConfig.Builder builder = ReaderConfig.builder()
                .brokers(connection.getBrokers())
                .clientId(properties.getClientId())
                .dialTimeout(properties.getDialTimeout())
                .tls(tls())
                .sasl(connection.getSaslMechanism())
                .topic(reader.getTopic())
                .groupId(blankToNull(reader.getGroupId()))
                .groupInstanceId(blankToNull(reader.getGroupInstanceId()))
                .startOffset(reader.getStartOffset().readerOffset())
                .minBytes(intBytes(reader.getMinBytes(), "kafkago.reader.min-bytes"))
                .maxBytes(intBytes(reader.getMaxBytes(), "kafkago.reader.max-bytes"))
                .maxWait(reader.getMaxWait())
                .queueCapacity(reader.getQueueCapacity())
                .queueCapacityBytes(longBytes(reader.getQueueCapacityBytes(), "kafkago.reader.queue-capacity-bytes"))
                .maxDecompressedBatchBytes(intBytes(reader.getMaxDecompressedBatchBytes(),
                        "kafkago.reader.max-decompressed-batch-bytes"))
                .commitInterval(reader.getCommitInterval())
                .sessionTimeout(reader.getSessionTimeout())
                .heartbeatInterval(reader.getHeartbeatInterval())
                .rebalanceTimeout(reader.getRebalanceTimeout())
                .isolationLevel(reader.getIsolationLevel())
                .operationTimeout(reader.getOperationTimeout())
                .requestTimeout(reader.getRequestTimeout())
                .rackId(blankToNull(reader.getRackId()))
                .groupProtocol(reader.getGroupProtocol())
                .groupRemoteAssignor(blankToNull(reader.getGroupRemoteAssignor()));
        readerCustomizers.forEach(customizer -> customizer.customize(builder));
        return builder;
    }

    /** An admin client config with the brokers, the {@link #dialer()} and {@code kafkago.admin.timeout}. */
    public ClientConfig.Builder clientConfigBuilder() {
        return ClientConfig.builder()
                .brokers(connection.getBrokers())
                .dialer(dialer())
                .timeout(properties.getAdmin().getTimeout());
    }

    /** A dialer (for {@code Conn} and {@code Client}) with the client id, dial timeout, TLS and SASL settings. */
    public Dialer dialer() {
        return Dialer.builder()
                .clientId(properties.getClientId())
                .dialTimeout(properties.getDialTimeout())
                .tls(tls())
                .sasl(connection.getSaslMechanism())
                .build();
    }

    /** TLS settings from the connection details' SSL bundle, or {@code null} for plaintext. */
    public TlsConfig tls() {
        TlsConfig current = tls;
        if (current == null) {
            SslBundle bundle = connection.getSslBundle();
            if (bundle == null) {
                return null;
            }
            current = TlsConfig.builder()
                    .sslContext(bundle.createSslContext())
                    .hostnameVerification(properties.getTls().isVerifyHostname())
                    .build();
            tls = current;
        }
        return current;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static int intBytes(DataSize size, String property) {
        long bytes = longBytes(size, property);
        if (bytes > Integer.MAX_VALUE) {
            throw new KafkaConfigException(property + ": must be at most " + Integer.MAX_VALUE + " bytes, was " + size);
        }
        return (int) bytes;
    }

    private static long longBytes(DataSize size, String property) {
        if (size == null) {
            throw new KafkaConfigException(property + ": must be set");
        }
        return size.toBytes();
    }
}

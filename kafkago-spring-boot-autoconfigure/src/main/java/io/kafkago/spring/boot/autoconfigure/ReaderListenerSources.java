package io.kafkago.spring.boot.autoconfigure;

import io.kafkago.Reader;
import io.kafkago.ReaderConfig;
import io.kafkago.Writer;
import io.kafkago.spring.listener.ListenerEndpoint;
import io.kafkago.spring.transaction.ThreadTransactions;
import io.kafkago.spring.listener.MessageSource;
import io.kafkago.spring.listener.MessageSourceFactory;
import io.kafkago.spring.listener.ReaderMessageSource;
import io.kafkago.spring.listener.TransactionalReaderMessageSource;
import java.util.List;

/**
 * Opens one group-mode {@link Reader} per listener member, configured like every other reader
 * ({@link KafkaGoConfigFactory}) with the listener's topics, group and start offset on top.
 */
final class ReaderListenerSources implements MessageSourceFactory {

    /** Told about each listener reader, for meters; returns what to do once the reader is closed. */
    @FunctionalInterface
    interface ReaderBinder {

        ReaderBinder NONE = (endpoint, member, reader) -> () -> { };

        Runnable bind(ListenerEndpoint endpoint, int member, Reader reader);
    }

    private final KafkaGoConfigFactory configs;
    private final ReaderBinder binder;
    private final ThreadTransactions transactionBinding;

    ReaderListenerSources(KafkaGoConfigFactory configs, ReaderBinder binder,
            ThreadTransactions transactionBinding) {
        this.configs = configs;
        this.binder = binder;
        this.transactionBinding = transactionBinding;
    }

    /**
     * {@inheritDoc} A transactional endpoint's member also gets a transactional Writer of its own, with transactional
     * id {@code <prefix><instance-id>-<listener id>-<member>}. With a {@code transaction-instance-id} that survives
     * restarts, the restarted member fences its predecessor and aborts what that left open; with the default (host
     * name and process id) what a crashed instance left open waits for the transaction timeout.
     */
    @Override
    public MessageSource open(ListenerEndpoint endpoint, int member) {
        Writer producer = endpoint.transactional()
                ? new Writer(configs.transactionProducerConfig("-" + endpoint.id() + "-" + member)) : null;
        Reader reader = null;
        try {
            reader = new Reader(readerConfig(endpoint, member));
            ReaderMessageSource source = new ReaderMessageSource(reader, binder.bind(endpoint, member, reader));
            return producer == null ? source : new TransactionalReaderMessageSource(source, producer, transactionBinding);
        } catch (RuntimeException e) {
            if (reader != null) {
                reader.close();
            }
            if (producer != null) {
                producer.close();
            }
            throw e;
        }
    }

    ReaderConfig readerConfig(ListenerEndpoint endpoint, int member) {
        ReaderConfig.Builder builder = configs.readerConfigBuilder().groupId(endpoint.groupId());
        List<String> topics = endpoint.topics();
        if (topics.size() == 1) {
            builder.topic(topics.get(0)).groupTopics(List.of());
        } else {
            builder.topic(null).groupTopics(topics);
        }
        if (endpoint.groupProtocol() != null) {
            builder.groupProtocol(endpoint.groupProtocol());
        }
        if (endpoint.startOffset() != null) {
            builder.startOffset(endpoint.startOffset().readerOffset());
        }
        ReaderConfig template = builder.build();
        if (template.groupInstanceId() != null) {
            // Static membership needs one id per member: derive it from the configured one.
            builder.groupInstanceId(template.groupInstanceId() + "-" + endpoint.id() + "-" + member);
            return builder.build();
        }
        return template;
    }
}

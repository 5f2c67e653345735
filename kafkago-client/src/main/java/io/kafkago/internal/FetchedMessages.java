package io.kafkago.internal;

import io.kafkago.Header;
import io.kafkago.Message;
import io.kafkago.protocol.record.RecordView;
import java.util.List;

/**
 * Makes fetched messages with the record timestamp as it comes off the wire, through {@link Message}'s constructor
 * for decoders, which is not public: an application has no use for a message whose time is given in raw milliseconds.
 * {@code Message} hands that constructor over once, when it is initialised.
 */
public final class FetchedMessages {

    /** {@code Message}'s decoder constructor. */
    @FunctionalInterface
    public interface Factory {
        Message create(String topic, int partition, long offset, long highWaterMark, byte[] key, byte[] value,
                       List<Header> headers, long timestampMillis);
    }

    private static volatile Factory factory;

    static {
        try {
            Class.forName(Message.class.getName(), true, Message.class.getClassLoader()); // installs the factory
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private FetchedMessages() {
    }

    /** Called by {@code Message} alone; later calls change nothing. */
    public static synchronized void install(Factory messageFactory) {
        if (factory == null) {
            factory = messageFactory;
        }
    }

    /** The message of a decoded record: its key, value and headers copied out of the fetched bytes. */
    public static Message of(String topic, int partition, long highWaterMark, RecordView record) {
        return factory.create(topic, partition, record.offset(), highWaterMark, record.key(), record.value(),
                headers(record), record.timestamp());
    }

    private static List<Header> headers(RecordView record) {
        int count = record.headerCount();
        if (count == 0) {
            return List.of();
        }
        Header[] headers = new Header[count];
        for (int i = 0; i < count; i++) {
            headers[i] = new Header(record.headerKey(i), record.headerValue(i));
        }
        return List.of(headers);
    }
}

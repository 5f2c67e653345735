package io.kafkago.internal.reader;

import io.kafkago.Header;
import io.kafkago.Message;
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

    /** A fetched message; {@code headers} is taken as given when it is an unmodifiable list. */
    public static Message create(String topic, int partition, long offset, long highWaterMark, byte[] key,
                                 byte[] value, List<Header> headers, long timestampMillis) {
        return factory.create(topic, partition, offset, highWaterMark, key, value, headers, timestampMillis);
    }
}

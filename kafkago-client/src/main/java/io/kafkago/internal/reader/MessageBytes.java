package io.kafkago.internal.reader;

import io.kafkago.Header;
import io.kafkago.Message;

/**
 * How many bytes of data a fetched message holds, as the reader's memory bounds count them: its key, value, header
 * keys and header values. Object overhead is left out; {@code queueCapacity} bounds the number of messages.
 */
public final class MessageBytes {

    private MessageBytes() {
    }

    /** The message's data bytes. */
    public static long of(Message message) {
        long bytes = length(message.key()) + length(message.value());
        for (Header header : message.headers()) {
            bytes += header.key().length() + length(header.value());
        }
        return bytes;
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }
}

package io.kafkago.protocol.record;

import io.kafkago.KafkaProtocolException;

/**
 * A fetched batch uses a record format other than v2 (magic 2). Brokers from Kafka 2.1 on convert
 * old-format data for clients that ask with a modern Fetch version, so this means the broker or the
 * bytes are not what they claim to be.
 */
public class UnsupportedRecordFormatException extends KafkaProtocolException {

    private static final long serialVersionUID = 1L;

    private final int magic;

    /** For a batch at {@code offset} whose magic byte is {@code magic}. */
    public UnsupportedRecordFormatException(int magic, long offset) {
        super("record batch at offset " + offset + " has magic " + magic + "; only magic " + RecordBatches.MAGIC
            + " (record batch v2) is supported");
        this.magic = magic;
    }

    /** The magic byte found. */
    public int magic() {
        return magic;
    }
}

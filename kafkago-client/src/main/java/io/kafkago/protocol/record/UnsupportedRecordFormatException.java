package io.kafkago.protocol.record;

import io.kafkago.KafkaProtocolException;

/**
 * A fetched batch uses a record format other than v2 (magic 2). Brokers hand modern fetchers the
 * batches as stored, so a topic still holding data written in the pre-0.11 message formats (v0/v1,
 * readable on brokers before 4.0) yields this; so do bytes that are not a record batch at all.
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

package io.kafkago;

/**
 * A fetched record batch cannot be decoded: its checksum does not match, its compressed data or its records are
 * malformed, it decompresses to more than {@link ReaderConfig#maxDecompressedBatchBytes()}, or it is in a record
 * format this client does not read (the {@linkplain #getCause() cause} says which).
 *
 * <p>A {@link Reader} hands the messages before the batch out first, then throws this from the next read, once. It
 * does not fetch that partition again by itself (refetching returns the same bytes); other partitions go on. To go on
 * past the batch, dropping its records, move the partition to {@link #nextOffset()}:
 * {@code reader.seek(e.topicPartition(), e.nextOffset())} (or {@link Reader#setOffset(long)} in partition mode);
 * seeking to {@link #offset()} tries the batch again.
 */
public class KafkaCorruptRecordException extends KafkaProtocolException {

    private static final long serialVersionUID = 1L;

    private final TopicPartition topicPartition;
    private final long offset;
    private final long nextOffset;

    /**
     * @param topicPartition the partition the batch was fetched from
     * @param offset         the first offset that could not be read
     * @param nextOffset     the offset after the batch
     * @param cause          the decoding error
     */
    public KafkaCorruptRecordException(TopicPartition topicPartition, long offset, long nextOffset, Throwable cause) {
        super("cannot decode the record batch of " + topicPartition + " at offset " + offset + ": "
                + cause.getMessage() + "; skip to offset " + nextOffset + " to go on without it", cause);
        this.topicPartition = topicPartition;
        this.offset = offset;
        this.nextOffset = nextOffset;
    }

    /** The partition the batch was fetched from. */
    public TopicPartition topicPartition() {
        return topicPartition;
    }

    /** The topic the batch was fetched from. */
    public String topic() {
        return topicPartition.topic();
    }

    /** The partition id the batch was fetched from. */
    public int partition() {
        return topicPartition.partition();
    }

    /** The first offset that could not be read: every message of the partition before it was handed out. */
    public long offset() {
        return offset;
    }

    /**
     * Where reading goes on without the batch. When the batch's checksum matched, its header is trustworthy and this
     * is the offset after its last record. When the checksum did not match, the header may be damaged too (its last
     * offset could be anything), so this is only {@code offset() + 1}: skipping there may meet the same batch again,
     * one offset further on, but a skip never passes records after the damaged batch.
     */
    public long nextOffset() {
        return nextOffset;
    }
}

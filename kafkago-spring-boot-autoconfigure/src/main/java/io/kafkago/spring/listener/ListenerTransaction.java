package io.kafkago.spring.listener;

import io.kafkago.Message;
import java.util.List;

/**
 * One transaction of a container member's producer ({@link TransactionalMessageSource#beginTransaction()}): the
 * handler's writes, dead letters and the consumed offsets, visible to read_committed readers together or never.
 * Used by the member's thread only.
 */
public interface ListenerTransaction extends AutoCloseable {

    /** Writes a dead letter (its topic is set) in the transaction; a failed write makes {@link #commit()} abort. */
    void writeDeadLetter(Message deadLetter);

    /**
     * Commits the offsets after {@code consumed} for the member's group inside the transaction, fenced by the group
     * generation they were fetched in.
     *
     * @throws io.kafkago.KafkaBrokerException when the group moved on (the partitions may belong to another member)
     */
    void commitOffsets(List<Message> consumed);

    /**
     * Commits the transaction.
     *
     * @throws io.kafkago.KafkaTransactionAbortedException when a write in it failed or the coordinator refused: it was
     *     aborted
     * @throws io.kafkago.KafkaFencedException when another producer took the member's transactional id
     * @throws io.kafkago.KafkaTimeoutException when the outcome is unknown: the transaction is still open, commit again
     */
    void commit();

    /** Aborts the transaction unless it was committed, and ends the handler's writes joining it. */
    @Override
    void close();
}

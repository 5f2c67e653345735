package io.kafkago;

import io.kafkago.internal.group.PendingCommit;
import io.kafkago.internal.writer.ProducerTransactions;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One transaction of a transactional {@link Writer}, from {@link Writer#beginTransaction()}: messages written and
 * consumer offsets committed through it become visible to READ_COMMITTED readers together when {@link #commit()}
 * succeeds, and never if it is aborted. {@link #close()} aborts a transaction that was neither committed nor aborted,
 * so try-with-resources never leaves one open. Used by one thread at a time.
 *
 * <p>Failures: a write that fails makes the transaction abort-only ({@link #commit()} aborts it and throws
 * {@link KafkaTransactionAbortedException}); {@link KafkaFencedException} means another producer took the
 * transactional id and the Writer is finished; a {@link KafkaTimeoutException} from {@code commit} leaves the outcome
 * unknown and the transaction open, to commit again or abort.
 */
public final class Transaction implements AutoCloseable {

    private final Writer writer;
    private final ProducerTransactions transactions;
    private boolean ended;

    Transaction(Writer writer, ProducerTransactions transactions) {
        this.writer = writer;
        this.transactions = transactions;
    }

    /** The Writer this transaction belongs to. */
    Writer writer() {
        return writer;
    }

    /** Writes messages in the transaction, as {@link Writer#writeMessages(Message...)} does. */
    public void writeMessages(Message... messages) {
        writeMessages(Arrays.asList(messages));
    }

    /** Writes messages in the transaction, as {@link Writer#writeMessages(List)} does. */
    public void writeMessages(List<Message> messages) {
        requireOpen();
        writer.writeHere(messages.toArray(new Message[0])); // into this transaction, even on a thread bound to another
    }

    /** Commits, inside the transaction, the offsets after {@code messages} for the group of {@code reader}. */
    public void commitMessages(Reader reader, Message... messages) {
        commitMessages(reader, Arrays.asList(messages));
    }

    /**
     * Commits, inside the transaction, the offsets after {@code messages} (per partition, after the highest given)
     * for the consumer group of {@code reader}, with the reader's group generation and member id: if a rebalance gave
     * the partitions to another member since, the coordinator refuses them and the transaction must abort (KIP-447).
     * The reader must not commit the same messages itself: read them with {@link Reader#fetchMessage()}.
     *
     * @throws IllegalStateException when the reader is not in group mode (the transaction is then abort-only), or the
     *                               transaction ended
     * @throws KafkaBrokerException  when the coordinator refused the offsets (e.g. ILLEGAL_GENERATION, a rebalance);
     *                               the transaction is then abort-only
     */
    public void commitMessages(Reader reader, List<Message> messages) {
        Objects.requireNonNull(reader, "reader");
        requireOpen();
        PendingCommit commit;
        try {
            commit = reader.transactionalCommit(messages);
        } catch (RuntimeException e) {
            // committing the output without the input's offsets would process the input twice: abort instead
            transactions.failTransaction(e instanceof KafkaException kafka ? kafka
                    : new KafkaException("offsets not committed in the transaction: " + e.getMessage(), e));
            throw e;
        }
        if (!commit.isEmpty()) {
            transactions.commitOffsets(reader.config().groupId(), commit);
        }
    }

    /**
     * Waits for the transaction's writes and commits it.
     *
     * @throws KafkaTransactionAbortedException when a write failed or the coordinator refused: it was aborted
     * @throws KafkaFencedException            when another producer took the transactional id
     * @throws KafkaTimeoutException           when the outcome is unknown (the transaction stays open)
     */
    public void commit() {
        requireOpen();
        try {
            transactions.commitTransaction();
            ended = true;
        } catch (KafkaTransactionAbortedException | KafkaFencedException e) {
            ended = true;
            throw e;
        }
    }

    /** Aborts the transaction: nothing written or committed in it becomes visible. */
    public void abort() {
        requireOpen();
        ended = true;
        transactions.abortTransaction();
    }

    /** Aborts the transaction unless it was committed or aborted. */
    @Override
    public void close() {
        if (!ended && transactions.inTransaction()) {
            abort();
        }
        ended = true;
    }

    private void requireOpen() {
        if (ended) {
            throw new IllegalStateException("this transaction has ended: begin a new one");
        }
    }
}

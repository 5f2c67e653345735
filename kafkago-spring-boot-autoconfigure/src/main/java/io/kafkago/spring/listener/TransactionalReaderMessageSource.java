package io.kafkago.spring.listener;

import io.kafkago.KafkaTimeoutException;
import io.kafkago.KafkaTransactionAbortedException;
import io.kafkago.Message;
import io.kafkago.Reader;
import io.kafkago.Transaction;
import io.kafkago.Writer;
import io.kafkago.spring.transaction.ThreadTransactions;
import java.util.List;
import java.util.Objects;

/**
 * A {@link TransactionalMessageSource} backed by a consumer-group {@link Reader} and the member's own transactional
 * {@link Writer}; closing it aborts an open transaction and closes both.
 */
public final class TransactionalReaderMessageSource implements TransactionalMessageSource {

    private final ReaderMessageSource source;
    private final Writer producer;
    private final ThreadTransactions binding;

    /**
     * @param source the member's reader, owned (closed) by this source from now on
     * @param producer a transactional Writer for this member alone, owned (closed) by this source from now on
     * @param binding where the open transaction is bound for the application's Writer to find
     */
    public TransactionalReaderMessageSource(ReaderMessageSource source, Writer producer,
            ThreadTransactions binding) {
        this.source = Objects.requireNonNull(source, "source");
        this.producer = Objects.requireNonNull(producer, "producer");
        this.binding = Objects.requireNonNull(binding, "binding");
        if (!producer.config().transactional()) {
            throw new IllegalArgumentException("a transactional listener member needs a transactional Writer");
        }
    }

    @Override
    public ListenerTransaction beginTransaction() {
        Transaction transaction = producer.beginTransaction();
        try {
            binding.bind(transaction);
        } catch (RuntimeException e) {
            transaction.close();
            throw e;
        }
        SpringTransactionSynchronization synchronization;
        try {
            synchronization = SpringTransactionSynchronization.AVAILABLE ? new SpringTransactionSynchronization() : null;
        } catch (RuntimeException e) {
            binding.unbind();
            transaction.close();
            throw e;
        }
        return new ListenerTransaction() {
            @Override
            public void writeDeadLetter(Message deadLetter) {
                transaction.writeMessages(deadLetter);
            }

            @Override
            public void commitOffsets(List<Message> consumed) {
                transaction.commitMessages(source.reader(), consumed);
            }

            @Override
            public void commit() {
                if (binding.isRollbackOnly()) {
                    transaction.abort();
                    throw new KafkaTransactionAbortedException("a @Transactional method that joined the listener's "
                            + "transaction rolled back: the transaction was aborted", null);
                }
                if (synchronization != null) {
                    synchronization.beforeCommit();
                }
                try {
                    transaction.commit();
                } catch (KafkaTimeoutException e) {
                    if (synchronization != null) {
                        synchronization.outcomeUnknown(); // committed again, or aborted at close
                    }
                    throw e;
                }
                if (synchronization != null) {
                    synchronization.committed();
                }
            }

            @Override
            public void close() {
                try {
                    transaction.close();
                } finally {
                    binding.unbind();
                    if (synchronization != null) {
                        synchronization.completed();
                    }
                }
            }
        };
    }

    @Override
    public Message fetch() {
        return source.fetch();
    }

    @Override
    public void fetchAvailable(List<Message> batch, int max) {
        source.fetchAvailable(batch, max);
    }

    /** Not used: a transactional member commits offsets inside its transactions. */
    @Override
    public void commit(List<Message> messages) {
        throw new UnsupportedOperationException("a transactional listener commits offsets inside its transactions");
    }

    @Override
    public void pause() {
        source.pause();
    }

    @Override
    public void resume() {
        source.resume();
    }

    @Override
    public void wakeUp(Thread fetcher) {
        source.wakeUp(fetcher);
    }

    @Override
    public void close() {
        try {
            producer.close();
        } finally {
            source.close();
        }
    }
}

package io.kafkago;

/**
 * Tells a {@link Writer} which transaction the calling thread is working in, when that transaction belongs to another
 * Writer: the Writer then hands its writes to that transaction instead of writing them itself. This is how a
 * framework that gives each consumer thread a transactional producer of its own (Spring's exactly-once listeners)
 * lets application code keep writing through one shared Writer: the writes join the transaction of the thread's
 * producer. A write handed over is made as the transaction's Writer makes writes (its {@code async} setting, its
 * interceptor), with the handing Writer's topic filled in. Set with
 * {@link WriterConfig.Builder#transactionBinding(TransactionBinding)}.
 */
@FunctionalInterface
public interface TransactionBinding {

    /**
     * The open transaction writes made on the calling thread belong to, or null to let the Writer write them itself.
     * Called on every write, so it must be quick (a thread-local lookup).
     */
    Transaction current();
}

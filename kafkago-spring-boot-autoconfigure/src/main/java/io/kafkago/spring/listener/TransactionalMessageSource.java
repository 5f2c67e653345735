package io.kafkago.spring.listener;

/**
 * The {@link MessageSource} of a member of a transactional (exactly-once) listener container: it has a transactional
 * producer of its own, and the offsets of what the member consumed are committed inside that producer's transactions
 * instead of by {@link #commit}.
 */
public interface TransactionalMessageSource extends MessageSource {

    /**
     * Begins a transaction of this member's producer. Until it ends, writes the handler makes on the calling thread
     * through the application's Writer join it.
     *
     * @throws io.kafkago.KafkaFencedException when another producer took this member's transactional id
     * @throws RuntimeException when the transaction coordinator cannot be reached; trying again later may work
     */
    ListenerTransaction beginTransaction();
}

package io.kafkago.spring.listener;

import io.kafkago.KafkaBrokerException;
import io.kafkago.KafkaFencedException;
import io.kafkago.KafkaTimeoutException;
import io.kafkago.KafkaTransactionAbortedException;
import io.kafkago.Message;
import io.kafkago.spring.PayloadConversionException;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a member of a transactional listener container handles what it fetched, exactly once: the handler's writes
 * (through the application's Writer), the dead letters and the consumed offsets commit in one transaction of the
 * member's own producer, or not at all.
 *
 * <p>A single-message handler runs the messages fetched together in one transaction, one call each. When a call
 * throws, the transaction aborts, so the output of the calls before it is gone too: those messages run again in a new
 * transaction, then the failing one is retried alone, one transaction per attempt, and after the last attempt
 * dead-lettered in a transaction that also commits its offset. A batch handler's batch is one transaction per attempt;
 * after the last, its messages go one by one, in order, each as a batch of one with the same rules, so that only a
 * message that fails alone is dead-lettered. A commit that aborts (a write in the
 * transaction failed) counts as a failed attempt of the message or batch it carried; for several single messages,
 * whose write failed is not known, so the rest of them then go one transaction each. Stopping lets the call in hand
 * finish and commits the messages handled so far.
 *
 * <p>Transactions that fail for reasons of their own (the coordinator unreachable, a commit whose outcome is unknown,
 * which is committed again until it is known) are tried again after the retry back-off, without counting. When the
 * group moved on (the offsets were refused: another member may own the partitions now) the messages are left to the
 * partitions' next owner, which reads from the last committed offset; when the member's producer was fenced (another
 * producer took its transactional id) the member stops.
 */
final class TransactionalHandling {

    private static final Logger log = LoggerFactory.getLogger(TransactionalHandling.class);

    private final ListenerConsumer consumer;
    private final ListenerEndpoint endpoint;
    private final ListenerSettings settings;
    private final TransactionalMessageSource source;
    private final ListenerObserver observer;

    TransactionalHandling(ListenerConsumer consumer, ListenerEndpoint endpoint, ListenerSettings settings,
            TransactionalMessageSource source, ListenerObserver observer) {
        this.consumer = consumer;
        this.endpoint = endpoint;
        this.settings = settings;
        this.source = source;
        this.observer = observer;
    }

    /**
     * Why a transaction's work did not all commit: a handler call threw (at {@code index}), the commit aborted (a write
     * in it failed: which message's is not known), or the member is stopping (before {@code index}; no error).
     */
    private record Failure(Cause cause, int index, Throwable error) {

        enum Cause { HANDLER, COMMIT, STOPPING }
    }

    /** What became of one transaction. */
    private record Outcome(Kind kind, Failure failure) {

        enum Kind { COMMITTED, FAILED, ABANDONED }

        static final Outcome COMMITTED = new Outcome(Kind.COMMITTED, null);
        static final Outcome ABANDONED = new Outcome(Kind.ABANDONED, null);
    }

    /** Handles the messages fetched together, in order. */
    void handle(List<Message> messages) {
        if (endpoint.method().isBatch()) {
            handleBatch(messages); // what it could not commit stays for the partitions' next owner
        } else {
            handleEach(messages);
        }
    }

    private void handleEach(List<Message> messages) {
        int from = 0;
        int failing = -1; // the message that failed its first attempt (with carried), to retry alone once reached
        Throwable carried = null;
        boolean oneByOne = false; // a commit aborted for a write of an unknown message: find it one message at a time
        while (from < messages.size()) {
            if (from > 0 && !consumer.isRunning()) {
                return; // stopping: the messages not yet handled stay uncommitted for the next owner
            }
            if (from == failing) {
                if (!retryAlone(messages.get(from), carried)) {
                    return;
                }
                from++;
                failing = -1;
                carried = null;
                continue;
            }
            int end = oneByOne ? from + 1 : failing >= 0 ? failing : messages.size();
            List<Message> run = messages.subList(from, end);
            Outcome outcome = transact(run, transaction -> callEach(run));
            switch (outcome.kind()) {
                case ABANDONED -> {
                    return;
                }
                case COMMITTED -> from = end;
                case FAILED -> {
                    Failure failure = outcome.failure();
                    if (failure.cause() == Failure.Cause.COMMIT && run.size() > 1) {
                        oneByOne = true;
                    } else {
                        // the messages before it were aborted with it: they run again first, then it alone
                        failing = from + failure.index();
                        carried = failure.error();
                    }
                }
            }
        }
    }

    /** Calls the handler once per message; stops at the first that fails. */
    private Failure callEach(List<Message> run) {
        for (int i = 0; i < run.size(); i++) {
            if (i > 0 && !consumer.isRunning()) {
                return new Failure(Failure.Cause.STOPPING, i, null); // the message in hand finished: commit up to it
            }
            Message message = run.get(i);
            Object[] arguments;
            try {
                arguments = endpoint.method().argumentsFor(message);
            } catch (PayloadConversionException e) {
                return new Failure(Failure.Cause.HANDLER, i, e);
            }
            Failure failure = call(i, List.of(message), arguments);
            if (failure != null) {
                return failure;
            }
        }
        return null;
    }

    private Failure call(int index, List<Message> messages, Object[] arguments) {
        try {
            consumer.handle(messages, () -> endpoint.method().invoke(arguments));
            return null;
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable e) {
            log.debug("Listener '{}' failed at {}", endpoint.id(), messages.get(0), e);
            return new Failure(Failure.Cause.HANDLER, index, e);
        }
    }

    /**
     * Retries a message that failed once, alone, then gives up on it.
     *
     * @return whether it was committed (handled, dead-lettered or skipped)
     */
    private boolean retryAlone(Message message, Throwable failure) {
        if (failure instanceof PayloadConversionException) {
            return giveUp(message, failure, 0);
        }
        int maxAttempts = endpoint.retry().maxAttempts();
        for (int attempt = 2; attempt <= maxAttempts; attempt++) {
            if (!consumer.pause(endpoint.retry().delayBeforeRetry(attempt - 1))) {
                log.info("Listener '{}' stopped while retrying {}; it stays uncommitted", endpoint.id(), message);
                return false;
            }
            Outcome outcome = transact(List.of(message), transaction -> callEach(List.of(message)));
            if (outcome.kind() != Outcome.Kind.FAILED) {
                return outcome.kind() == Outcome.Kind.COMMITTED;
            }
            failure = outcome.failure().error();
        }
        return giveUp(message, failure, maxAttempts);
    }

    /** @return whether every message of the batch was committed (handled, dead-lettered or skipped) */
    private boolean handleBatch(List<Message> messages) {
        Map<Message, PayloadConversionException> unconvertible = new IdentityHashMap<>(0);
        List<Object> elements = endpoint.method().batchElements(messages, unconvertible::put);
        List<Message> converted = unconvertible.isEmpty() ? messages
                : messages.stream().filter(message -> !unconvertible.containsKey(message)).toList();
        Object[] arguments = {elements};
        int maxAttempts = endpoint.retry().maxAttempts();
        Throwable failure = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1 && !consumer.pause(endpoint.retry().delayBeforeRetry(attempt - 1))) {
                log.info("Listener '{}' stopped while retrying a batch from {}; it stays uncommitted", endpoint.id(),
                        messages.get(0));
                return false;
            }
            Outcome outcome = transact(messages, transaction -> {
                if (settings.deadLetterEnabled()) {
                    unconvertible.forEach((message, reason) -> transaction.writeDeadLetter(deadLetterOf(message, reason, 0)));
                }
                return elements.isEmpty() ? null : call(0, converted, arguments);
            });
            if (outcome.kind() == Outcome.Kind.COMMITTED) {
                unconvertible.forEach(this::reportGivenUpUnconvertible);
                return true;
            }
            if (outcome.kind() == Outcome.Kind.ABANDONED) {
                return false;
            }
            failure = outcome.failure().error();
        }
        if (messages.size() == 1) {
            Message message = messages.get(0);
            PayloadConversionException reason = unconvertible.get(message);
            return giveUp(message, reason != null ? reason : failure, reason != null ? 0 : maxAttempts);
        }
        // Every attempt failed, for a reason that may be one message's (the handler's, or a dead letter that cannot be
        // written): each message on its own, in order, as a batch of one, so that only what fails alone is given up
        // and no offset commits past a message not done with.
        for (Message message : messages) {
            if (!handleBatch(List.of(message))) {
                return false;
            }
        }
        return true;
    }

    private void reportGivenUpUnconvertible(Message message, PayloadConversionException reason) {
        if (settings.deadLetterEnabled()) {
            consumer.deadLettered(message, consumer.deadLetterTopicOf(message), 0, reason);
        } else {
            consumer.skipped(message, 0, reason);
        }
    }

    /**
     * Dead-letters a message and commits its offset in one transaction; a dead letter that cannot be written is dealt
     * with as the endpoint's failure policy says (skip commits the offset alone).
     *
     * @return whether the offset was committed
     */
    private boolean giveUp(Message message, Throwable failure, int attempts) {
        if (!settings.deadLetterEnabled()) {
            consumer.skipped(message, attempts, failure);
            return commitAlone(message);
        }
        String topic = consumer.deadLetterTopicOf(message);
        Message deadLetter = deadLetterOf(message, failure, attempts);
        Instant firstFailure = null;
        try {
            for (int tries = 1; ; tries++) {
                Outcome outcome = transact(List.of(message), transaction -> {
                    transaction.writeDeadLetter(deadLetter);
                    return null;
                });
                if (outcome.kind() == Outcome.Kind.COMMITTED) {
                    consumer.deadLettered(message, topic, attempts, failure);
                    return true;
                }
                if (outcome.kind() == Outcome.Kind.ABANDONED) {
                    return false;
                }
                firstFailure = firstFailure == null ? Instant.now() : firstFailure;
                switch (consumer.deadLetterFailed(message, topic, tries, outcome.failure().error(), firstFailure)) {
                    case STOP -> {
                        return false;
                    }
                    case SKIP -> {
                        return commitAlone(message);
                    }
                    case RETRY -> {
                        if (!consumer.pause(consumer.retryDelay(tries))) {
                            return false;
                        }
                    }
                }
            }
        } finally {
            consumer.clearDeadLetterRetrying();
        }
    }

    private Message deadLetterOf(Message message, Throwable failure, int attempts) {
        return DeadLetterPublisher.deadLetter(message, consumer.deadLetterTopicOf(message), endpoint.id(), attempts,
                failure);
    }

    /** Commits the offset after {@code message} in a transaction of its own. */
    private boolean commitAlone(Message message) {
        for (int tries = 1; ; tries++) {
            Outcome outcome = transact(List.of(message), transaction -> null);
            if (outcome.kind() != Outcome.Kind.FAILED) {
                return outcome.kind() == Outcome.Kind.COMMITTED;
            }
            if (!retryLater("commit the offset of " + message, tries, outcome.failure().error())) {
                return false;
            }
        }
    }

    /**
     * Runs {@code work} in a transaction and commits it with the offsets after {@code consumed}, trying again after
     * the retry back-off when the transaction itself failed.
     *
     * @param work what goes into the transaction; returns the handler call that failed, or null
     */
    private Outcome transact(List<Message> consumed, Function<ListenerTransaction, Failure> work) {
        for (int tries = 1; ; tries++) {
            int committed = 0;
            ListenerTransaction transaction;
            try {
                transaction = source.beginTransaction();
            } catch (KafkaFencedException e) {
                return fenced(e);
            } catch (RuntimeException e) {
                if (!retryLater("begin a transaction", tries, e)) {
                    return Outcome.ABANDONED;
                }
                continue;
            }
            try {
                Failure failure = work.apply(transaction);
                List<Message> handled = consumed;
                if (failure != null) {
                    if (failure.cause() != Failure.Cause.STOPPING) {
                        return new Outcome(Outcome.Kind.FAILED, failure); // closing aborts the transaction
                    }
                    handled = consumed.subList(0, failure.index());
                }
                transaction.commitOffsets(handled);
                commit(transaction);
                committed = handled.size();
                // stopping: the handled messages committed, the member is done with the rest
                return failure == null ? Outcome.COMMITTED : Outcome.ABANDONED;
            } catch (KafkaFencedException e) {
                return fenced(e);
            } catch (KafkaTransactionAbortedException e) {
                return new Outcome(Outcome.Kind.FAILED, new Failure(Failure.Cause.COMMIT, 0, e));
            } catch (KafkaBrokerException e) {
                if (e.endsGroupGeneration()) {
                    log.info("Listener '{}': the group moved on before {} message(s) from {} committed ({}); the "
                            + "transaction is aborted and the partitions' owner reads them again", endpoint.id(),
                            consumed.size(), consumed.get(0), e.getMessage());
                    return Outcome.ABANDONED;
                }
                if (!retryLater("commit a transaction", tries, e)) {
                    return Outcome.ABANDONED;
                }
            } catch (RuntimeException e) {
                if (!retryLater("commit a transaction", tries, e)) {
                    return Outcome.ABANDONED;
                }
            } finally {
                closeQuietly(transaction);
                if (committed > 0) {
                    observer.committed(endpoint, committed); // after the try: a failing observer cannot redo the work
                }
            }
        }
    }

    /** Commits; when the outcome is unknown, commits again until it is known (aborting could hide a commit). */
    private void commit(ListenerTransaction transaction) {
        for (int tries = 1; ; tries++) {
            try {
                transaction.commit();
                return;
            } catch (KafkaTimeoutException e) {
                log.warn("Listener '{}': the outcome of a commit is unknown ({}); committing again", endpoint.id(),
                        e.getMessage());
                if (!consumer.pause(consumer.retryDelay(tries))) {
                    throw e;
                }
            }
        }
    }

    private Outcome fenced(KafkaFencedException e) {
        log.error("Listener '{}': this member's producer was fenced: another producer took its transactional id (a "
                + "newer instance with the same kafkago.writer.transaction-instance-id). This member stops; what it "
                + "had not committed is left to the group", endpoint.id(), e);
        consumer.requestStop();
        return Outcome.ABANDONED;
    }

    private boolean retryLater(String what, int tries, Throwable e) {
        // The stack trace once; then a line per attempt, which the back-off keeps rare.
        log.warn("Listener '{}' could not {} (attempt {}): {}; trying again in {}", endpoint.id(), what, tries, e,
                consumer.retryDelay(tries), tries == 1 ? e : null);
        return consumer.pause(consumer.retryDelay(tries));
    }

    private void closeQuietly(ListenerTransaction transaction) {
        try {
            transaction.close();
        } catch (RuntimeException e) {
            // The coordinator aborts it at the latest after the transaction timeout; the next begin recovers.
            log.warn("Listener '{}' could not abort a transaction cleanly", endpoint.id(), e);
        }
    }
}

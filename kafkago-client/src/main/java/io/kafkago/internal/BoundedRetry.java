package io.kafkago.internal;

import io.kafkago.KafkaInterruptedException;
import io.kafkago.KafkaTimeoutException;
import io.kafkago.network.BrokerConnection;
import io.kafkago.network.Failures;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Sends a request again after failures a retry may fix, with a {@link Backoff} between attempts, until it succeeds,
 * fails for good, or a time bound runs out, as kafka-clients bounds its blocking consumer calls by
 * {@code default.api.timeout.ms}. The caller sees one outcome: the result, the failure that no retry fixes, or a
 * {@link KafkaTimeoutException} that names the last error (and has it as its cause). No thread waits between
 * attempts; cancelling the returned future stops further attempts.
 */
public final class BoundedRetry {

    private final Duration bound;
    private final Backoff backoff;

    /**
     * @param bound   time from the first attempt after which no further attempt starts
     * @param backoff pauses between attempts
     */
    public BoundedRetry(Duration bound, Backoff backoff) {
        this.bound = Objects.requireNonNull(bound, "bound");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    /**
     * Runs {@code attempt} until it succeeds, fails with an error {@code retriable} rejects, or the bound runs out.
     *
     * @param what      what is attempted, for the timeout message ("committing offsets of group g")
     * @param attempt   sends the request once; it is given the time left, which its own timeout should not exceed
     * @param retriable whether a failure (unwrapped from completion wrappers) is worth another attempt
     */
    public <T> CompletableFuture<T> run(String what, Function<Duration, CompletableFuture<T>> attempt,
                                        Predicate<Throwable> retriable) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(result, what, attempt, retriable, System.nanoTime() + bound.toNanos(), 1);
        return result;
    }

    /**
     * Waits for a future {@link #run} returned, cancelling it (and so its retries) when the thread is interrupted.
     *
     * @throws io.kafkago.KafkaException the future's failure, unwrapped
     */
    public static <T> T await(CompletableFuture<T> future, String what) {
        try {
            return BrokerConnection.await(future, Long.MAX_VALUE, what);
        } catch (KafkaInterruptedException e) {
            future.cancel(false);
            throw e;
        }
    }

    private <T> void attempt(CompletableFuture<T> result, String what, Function<Duration, CompletableFuture<T>> attempt,
                             Predicate<Throwable> retriable, long deadline, int number) {
        if (result.isDone()) {
            return; // cancelled
        }
        CompletableFuture<T> sent;
        try {
            sent = attempt.apply(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
                return;
            }
            Throwable failure = Failures.unwrap(error);
            if (!retriable.test(failure)) {
                result.completeExceptionally(failure);
                return;
            }
            long delay = backoff.delayNanos(number);
            if (System.nanoTime() + delay - deadline >= 0) {
                result.completeExceptionally(new KafkaTimeoutException(what + " did not succeed within " + bound
                        + " (" + number + " attempts); last error: " + failure.getMessage(), failure));
                return;
            }
            CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS)
                    .execute(() -> attempt(result, what, attempt, retriable, deadline, number + 1));
        });
    }
}

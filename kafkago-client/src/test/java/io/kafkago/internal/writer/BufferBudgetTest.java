package io.kafkago.internal.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BufferBudgetTest {

    @Test
    void admitsUpToTheLimitThenRefuses() {
        BufferBudget budget = new BufferBudget(100);
        assertThat(budget.tryAcquire(60)).isTrue();
        assertThat(budget.tryAcquire(40)).isTrue();
        assertThat(budget.tryAcquire(1)).isFalse();
        assertThat(budget.usedBytes()).isEqualTo(100);
        budget.release(100);
        assertThat(budget.usedBytes()).isZero();
    }

    @Test
    void admitsAnOversizedReservationOnlyWhenEmpty() {
        BufferBudget budget = new BufferBudget(100);
        assertThat(budget.tryAcquire(1)).isTrue();
        assertThat(budget.tryAcquire(500)).isFalse();
        budget.release(1);
        assertThat(budget.tryAcquire(500)).isTrue();
        assertThat(budget.usedBytes()).isEqualTo(500);
    }

    @Test
    void blockedAcquireProceedsWhenBytesAreReleased() throws Exception {
        BufferBudget budget = new BufferBudget(100);
        budget.tryAcquire(100);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            started.countDown();
            try {
                return budget.acquire(50, Long.MAX_VALUE);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        started.await();
        assertThat(waiting).isNotDone();
        budget.release(50);
        assertThat(waiting.get(1, TimeUnit.MINUTES)).isTrue();
        assertThat(budget.usedBytes()).isEqualTo(100);
    }

    @Test
    void acquireGivesUpAtTheDeadline() throws Exception {
        BufferBudget budget = new BufferBudget(10);
        budget.tryAcquire(10);
        assertThat(budget.acquire(5, System.nanoTime())).isFalse();
        assertThat(budget.usedBytes()).isEqualTo(10);
    }

    @Test
    void acquireHonoursInterruption() throws Exception {
        BufferBudget budget = new BufferBudget(10);
        budget.tryAcquire(10);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                budget.acquire(5, Long.MAX_VALUE);
            } catch (InterruptedException e) {
                failure.set(e);
            }
        });
        waiter.start();
        waiter.interrupt();
        waiter.join();
        assertThat(failure.get()).isInstanceOf(InterruptedException.class);
        assertThat(budget.usedBytes()).isEqualTo(10);
    }

    @Test
    void rejectsNegativeAmountsAndOverRelease() {
        BufferBudget budget = new BufferBudget(10);
        assertThatThrownBy(() -> budget.tryAcquire(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> budget.release(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new BufferBudget(0)).isInstanceOf(IllegalArgumentException.class);
    }
}

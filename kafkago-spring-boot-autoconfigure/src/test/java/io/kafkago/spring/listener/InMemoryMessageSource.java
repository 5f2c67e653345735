package io.kafkago.spring.listener;

import io.kafkago.Message;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

/** A {@link MessageSource} over an in-memory queue that records commits, for testing the container loop. */
class InMemoryMessageSource implements MessageSource {

    final BlockingQueue<Message> pending = new LinkedBlockingQueue<>();
    final List<Message> committed = new CopyOnWriteArrayList<>();
    /** The number of messages in each commit call. */
    final List<Integer> commitCalls = new CopyOnWriteArrayList<>();
    final CountDownLatch closed = new CountDownLatch(1);
    /** What {@link #defersCommits()} answers. */
    volatile boolean defersCommits;
    /** Calls of {@link #pause()} and {@link #resume()}, in order. */
    final List<String> pauses = new CopyOnWriteArrayList<>();

    void add(Message... messages) {
        pending.addAll(List.of(messages));
    }

    @Override
    public Message fetch() {
        try {
            return pending.take();
        } catch (InterruptedException e) {
            return null;
        }
    }

    @Override
    public void fetchAvailable(List<Message> batch, int max) {
        pending.drainTo(batch, max);
    }

    @Override
    public void commit(List<Message> messages) {
        committed.addAll(messages);
        commitCalls.add(messages.size());
    }

    @Override
    public boolean defersCommits() {
        return defersCommits;
    }

    @Override
    public void pause() {
        pauses.add("pause");
    }

    @Override
    public void resume() {
        pauses.add("resume");
    }

    @Override
    public void wakeUp(Thread fetcher) {
        fetcher.interrupt();
    }

    @Override
    public void close() {
        closed.countDown();
    }
}

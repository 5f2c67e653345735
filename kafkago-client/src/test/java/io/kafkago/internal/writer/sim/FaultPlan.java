package io.kafkago.internal.writer.sim;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Decides which {@link Fault} hits each Produce request a simulated broker receives: scripted faults first,
 * in the order given (for the next request anywhere, or on one broker), then, when switched on, seeded random
 * ones. Thread-safe: brokers ask from their connection threads while the test scripts.
 */
final class FaultPlan {

    private static final int ANY_BROKER = -1;

    private record Scripted(int brokerId, Fault fault) {
    }

    private final Deque<Scripted> scripted = new ArrayDeque<>();
    private final Map<Fault, Integer> injected = new EnumMap<>(Fault.class);
    private Random random;
    private double probability;
    private List<Fault> randomFaults = List.of();

    /** The next Produce requests, at whichever broker they arrive, get these faults, one each, in order. */
    synchronized FaultPlan next(Fault... faults) {
        for (Fault fault : faults) {
            scripted.addLast(new Scripted(ANY_BROKER, fault));
        }
        return this;
    }

    /** The next Produce requests arriving at broker {@code brokerId} get these faults, one each, in order. */
    synchronized FaultPlan nextOn(int brokerId, Fault... faults) {
        for (Fault fault : faults) {
            scripted.addLast(new Scripted(brokerId, fault));
        }
        return this;
    }

    /**
     * From now on, a request with no scripted fault gets one of {@code faults}, picked uniformly, with
     * {@code probability}; the choices come from a generator seeded with {@code seed}.
     */
    synchronized FaultPlan random(long seed, double probability, Collection<Fault> faults) {
        this.random = new Random(seed);
        this.probability = probability;
        this.randomFaults = List.copyOf(faults);
        return this;
    }

    /** Ends random faults and drops scripted ones not used yet: the cluster is healthy from now on. */
    synchronized void heal() {
        random = null;
        scripted.clear();
    }

    /** How many requests got {@code fault} so far. */
    synchronized int injected(Fault fault) {
        return injected.getOrDefault(fault, 0);
    }

    /** How many requests got each fault other than {@link Fault#NONE} so far. */
    synchronized Map<Fault, Integer> injected() {
        Map<Fault, Integer> copy = new EnumMap<>(injected);
        copy.remove(Fault.NONE);
        return copy;
    }

    /** The fault for a Produce request that just arrived at broker {@code brokerId}. */
    synchronized Fault take(int brokerId) {
        Fault fault = takeScripted(brokerId);
        if (fault == null) {
            fault = random != null && random.nextDouble() < probability
                    ? randomFaults.get(random.nextInt(randomFaults.size())) : Fault.NONE;
        }
        injected.merge(fault, 1, Integer::sum);
        return fault;
    }

    private Fault takeScripted(int brokerId) {
        for (Iterator<Scripted> it = scripted.iterator(); it.hasNext(); ) {
            Scripted next = it.next();
            if (next.brokerId == ANY_BROKER || next.brokerId == brokerId) {
                it.remove();
                return next.fault;
            }
        }
        return null;
    }
}

/**
 * A simulated Kafka cluster for fast, deterministic (or seeded random) tests of the Writer's sequencing under
 * faults: {@link io.kafkago.internal.writer.sim.SimulatedCluster} and its {@link io.kafkago.internal.writer.sim.FaultPlan}.
 */
package io.kafkago.internal.writer.sim;

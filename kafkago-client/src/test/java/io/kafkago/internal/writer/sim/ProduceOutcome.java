package io.kafkago.internal.writer.sim;

import io.kafkago.protocol.message.ProduceResponse;
import java.util.List;

/**
 * What the cluster did with one Produce request: the response to send, and the batches it reports as
 * written, which become known to the client only once that response has actually been delivered.
 *
 * @param response   the answer for every partition of the request
 * @param successes  the partitions answered NONE, with the base offset reported for each
 */
record ProduceOutcome(ProduceResponse response, List<Success> successes) {

    /** A partition answered NONE: the batch at {@code baseOffset} (new or a duplicate's original) is written. */
    record Success(SimulatedPartition partition, long baseOffset) {
    }

    ProduceOutcome {
        successes = List.copyOf(successes);
    }
}

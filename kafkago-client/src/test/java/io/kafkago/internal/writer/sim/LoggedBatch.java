package io.kafkago.internal.writer.sim;

import java.util.List;

/**
 * A batch as a simulated partition's log holds it: where it starts and who wrote it.
 *
 * @param baseOffset    offset of the first record
 * @param producerId    the producer id it was written with, or -1
 * @param producerEpoch the producer epoch, or -1
 * @param baseSequence  the sequence of the first record, or -1
 * @param values        the record values, one offset each from {@code baseOffset}
 */
record LoggedBatch(long baseOffset, long producerId, short producerEpoch, int baseSequence, List<String> values) {

    LoggedBatch {
        values = List.copyOf(values);
    }
}

package io.kafkago.test.fault;

/**
 * A record read back from the topic by a {@link DeliveryChecker}: the delivery id it carries and where it is.
 *
 * @param id the id from the record's value or header, or null if the record carries none
 * @param partition the partition it was read from
 * @param offset its offset in that partition
 */
public record DeliveredRecord(String id, int partition, long offset) {

    @Override
    public String toString() {
        return id + " at partition " + partition + " offset " + offset;
    }
}

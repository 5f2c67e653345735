package io.kafkago;

/**
 * Another producer took over this Writer's transactional id (PRODUCER_FENCED, or an InitProducerId refused with
 * INVALID_PRODUCER_EPOCH by an older broker): a Writer with the same id started since, so this one is a zombie and must
 * not write any more. Fatal for the
 * Writer: every later transactional call fails with it; close the Writer. Its open transaction is aborted by the
 * coordinator, so nothing it wrote in it becomes visible to READ_COMMITTED readers.
 */
public final class KafkaFencedException extends KafkaBrokerException {

    private static final long serialVersionUID = 1L;

    /**
     * @param errorCode PRODUCER_FENCED, or INVALID_PRODUCER_EPOCH for an InitProducerId
     * @param context   what was refused
     */
    public KafkaFencedException(ErrorCode errorCode, String context) {
        super(errorCode, context);
    }
}

package io.kafkago;

import io.kafkago.internal.group.GroupErrors;
import java.util.Objects;

/**
 * A broker answered with an error code. {@link #errorCode()} says which (and whether a retry may
 * succeed); {@link #rawCode()} keeps the number from the wire even when this Kafka version does not know it.
 */
public class KafkaBrokerException extends KafkaException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode errorCode;
    private final short rawCode;

    /**
     * @param errorCode the error (UNKNOWN_SERVER_ERROR for codes this version does not know)
     * @param rawCode   the code as received
     * @param context   what failed, e.g. "produce to orders-3"; may be null
     */
    public KafkaBrokerException(ErrorCode errorCode, short rawCode, String context) {
        super(message(Objects.requireNonNull(errorCode, "errorCode"), rawCode, context));
        this.errorCode = errorCode;
        this.rawCode = rawCode;
    }

    /** An exception for a known error code. */
    public KafkaBrokerException(ErrorCode errorCode, String context) {
        this(errorCode, errorCode.code(), context);
    }

    private static String message(ErrorCode errorCode, short rawCode, String context) {
        StringBuilder text = new StringBuilder(128);
        if (context != null && !context.isEmpty()) {
            text.append(context).append(": ");
        }
        text.append(errorCode.name());
        if (rawCode != errorCode.code()) {
            text.append(" (unknown code ").append(rawCode).append(')');
        } else {
            text.append(" (").append(rawCode).append(')');
        }
        return text.append(": ").append(errorCode.description()).toString();
    }

    /** The broker's error. */
    public ErrorCode errorCode() {
        return errorCode;
    }

    /** The error code exactly as received. */
    public short rawCode() {
        return rawCode;
    }

    /**
     * True if the error means a consumer-group member's generation ended (a rebalance, or the member was removed or
     * fenced): offsets committed for it are refused, and its partitions may belong to another member now.
     */
    public boolean endsGroupGeneration() {
        return GroupErrors.generationEnded(errorCode);
    }

    /** True if sending the same request again (maybe to another broker, after a metadata refresh) may succeed. */
    public boolean retriable() {
        return errorCode.retriable();
    }
}

package io.kafkago.protocol.record;

/** What a control record (the single record of a control batch) marks. */
public enum ControlRecordType {
    /** A transaction was aborted: its records must not be delivered to read-committed readers. */
    ABORT,
    /** A transaction was committed. */
    COMMIT,
    /** A control type this client does not act on (KRaft metadata markers, newer types). */
    UNKNOWN;

    /** The type for the wire value in a control record's key. */
    public static ControlRecordType forCode(short code) {
        return switch (code) {
            case 0 -> ABORT;
            case 1 -> COMMIT;
            default -> UNKNOWN;
        };
    }
}

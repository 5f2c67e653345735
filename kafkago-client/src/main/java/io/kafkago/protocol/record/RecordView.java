package io.kafkago.protocol.record;

import io.kafkago.KafkaProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The current record of a {@link RecordBatchView}, decoded in place: lengths are checked when the
 * record is reached, but nothing is copied until a key, value or header is asked for, so records
 * below a wanted offset cost no allocation. The view is reused for the next record and is valid only
 * until then (and only while the fetched buffer is unchanged).
 */
public final class RecordView {

    private byte[] array;
    private long offset;
    private long timestamp;
    private int keyPosition;
    private int keyLength;
    private int valuePosition;
    private int valueLength;
    private int headerCount;
    /** Per header: key position, key length, value position, value length (-1 = null). */
    private int[] headerFields = new int[16];

    RecordView() {
    }

    /** Sets the array the batch's records are in; positions of later records index into it. */
    void setArray(byte[] records) {
        this.array = records;
    }

    /**
     * Decodes the record at the cursor's position and moves the cursor past it. With log-append
     * time every record takes the batch's max timestamp. Failure paths are kept out of line so this
     * stays small enough to inline into the caller's loop.
     */
    void readFrom(ByteArrayCursor cursor, long baseOffset, long baseTimestamp, boolean logAppendTime,
                  long maxTimestamp) {
        int length = cursor.readVarint();
        int sectionEnd = cursor.limit;
        int start = cursor.position;
        if (length < 0 || length > sectionEnd - start) {
            throw lengthMismatch("record", length, sectionEnd - start);
        }
        int end = start + length;
        cursor.limit = end;
        cursor.readByte(); // record attributes: unused
        long timestampDelta = cursor.readVarlong();
        int offsetDelta = cursor.readVarint();
        keyLength = readLength(cursor, "key");
        keyPosition = skip(cursor, keyLength);
        valueLength = readLength(cursor, "value");
        valuePosition = skip(cursor, valueLength);
        int count = cursor.readVarint();
        if (count != 0) {
            readHeaders(cursor, count);
        }
        headerCount = count;
        if (cursor.position != end) {
            throw lengthMismatch("record", length, cursor.position - start);
        }
        cursor.limit = sectionEnd;
        offset = baseOffset + offsetDelta;
        timestamp = logAppendTime ? maxTimestamp : baseTimestamp + timestampDelta;
    }

    private void readHeaders(ByteArrayCursor cursor, int count) {
        if (count < 0 || count > cursor.remaining() / 2) {
            throw lengthMismatch("header count", count, cursor.remaining());
        }
        if (headerFields.length < count * 4) {
            headerFields = Arrays.copyOf(headerFields, Math.max(count * 4, headerFields.length * 2));
        }
        for (int i = 0; i < count; i++) {
            int headerKeyLength = readLength(cursor, "header key");
            if (headerKeyLength < 0) {
                throw new KafkaProtocolException("record header key is null");
            }
            headerFields[4 * i] = skip(cursor, headerKeyLength);
            headerFields[4 * i + 1] = headerKeyLength;
            int headerValueLength = readLength(cursor, "header value");
            headerFields[4 * i + 2] = skip(cursor, headerValueLength);
            headerFields[4 * i + 3] = headerValueLength;
        }
    }

    private static int readLength(ByteArrayCursor cursor, String field) {
        int length = cursor.readVarint();
        if (length < -1 || length > cursor.remaining()) {
            throw lengthMismatch(field, length, cursor.remaining());
        }
        return length;
    }

    private static KafkaProtocolException lengthMismatch(String field, int declared, int available) {
        return new KafkaProtocolException(field + " length " + declared + " does not match the " + available
            + " bytes available for it");
    }

    private static int skip(ByteArrayCursor cursor, int length) {
        int position = cursor.position;
        if (length > 0) {
            cursor.position = position + length;
        }
        return position;
    }

    /** Absolute offset of the record in its partition. */
    public long offset() {
        return offset;
    }

    /** Timestamp in milliseconds since the epoch: create time, or the batch's log-append time. */
    public long timestamp() {
        return timestamp;
    }

    /** Key length in bytes, or -1 when the key is null. */
    public int keyLength() {
        return keyLength;
    }

    /** Value length in bytes, or -1 when the value is null. */
    public int valueLength() {
        return valueLength;
    }

    /** A copy of the key, or null. */
    public byte[] key() {
        return copy(keyPosition, keyLength);
    }

    /** A copy of the value, or null. */
    public byte[] value() {
        return copy(valuePosition, valueLength);
    }

    /**
     * Copies value bytes from {@code valueOffset} into {@code target}, as many as fit: lets a reader
     * stream a large value into a caller's buffer without an intermediate array.
     *
     * @return bytes copied; 0 when the value is null or exhausted
     */
    public int readValue(int valueOffset, byte[] target, int targetOffset, int length) {
        if (valueOffset < 0 || targetOffset < 0 || length < 0 || targetOffset + length > target.length) {
            throw new IndexOutOfBoundsException("bad range for a value read");
        }
        int n = Math.min(length, Math.max(0, valueLength - valueOffset));
        if (n > 0) {
            System.arraycopy(array, valuePosition + valueOffset, target, targetOffset, n);
        }
        return n;
    }

    /** Number of headers. */
    public int headerCount() {
        return headerCount;
    }

    /** Key of header {@code index}, decoded as UTF-8. */
    public String headerKey(int index) {
        checkHeader(index);
        return new String(array, headerFields[4 * index], headerFields[4 * index + 1], StandardCharsets.UTF_8);
    }

    /** A copy of the value of header {@code index}, or null. */
    public byte[] headerValue(int index) {
        checkHeader(index);
        return copy(headerFields[4 * index + 2], headerFields[4 * index + 3]);
    }

    /**
     * The type of a control record (call only on records of a control batch): its key is a version
     * int16 followed by a type int16.
     */
    public ControlRecordType controlType() {
        if (keyLength < 4) {
            throw new KafkaProtocolException("control record key has " + keyLength + " bytes, needs 4");
        }
        return ControlRecordType.forCode((short) ((array[keyPosition + 2] & 0xff) << 8 | array[keyPosition + 3] & 0xff));
    }

    private void checkHeader(int index) {
        if (index < 0 || index >= headerCount) {
            throw new IndexOutOfBoundsException("header " + index + " of " + headerCount);
        }
    }

    private byte[] copy(int position, int length) {
        return length < 0 ? null : Arrays.copyOfRange(array, position, position + length);
    }

    @Override
    public String toString() {
        return "RecordView[offset=" + offset + ", timestamp=" + timestamp + ", key=" + keyLength
            + " bytes, value=" + valueLength + " bytes, headers=" + headerCount + "]";
    }
}

package io.kafkago.protocol.record;

import io.kafkago.KafkaProtocolException;
import io.kafkago.protocol.Varints;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The current record of a {@link RecordBatchView}, decoded in place: lengths are checked when the
 * record is reached, but nothing is copied until a key, value or header is asked for, so records
 * below a wanted offset cost no allocation. The view is reused for the next record and is valid only
 * until then (and only while the fetched buffer is unchanged).
 */
public final class RecordView {

    private ByteBuffer buffer;
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

    /**
     * Decodes the record at {@code source}'s position (which must not pass its limit) and moves the
     * position past it. With log-append time every record takes the batch's max timestamp.
     */
    void readFrom(ByteBuffer source, long baseOffset, long baseTimestamp, boolean logAppendTime, long maxTimestamp) {
        int length = Varints.readVarint(source);
        int start = source.position();
        int sectionEnd = source.limit();
        if (length < 0 || length > sectionEnd - start) {
            throw new KafkaProtocolException("record length " + length + " does not fit the "
                + (sectionEnd - start) + " bytes left in its batch");
        }
        int end = start + length;
        source.limit(end);
        try {
            if (!source.hasRemaining()) {
                throw new KafkaProtocolException("record of length 0 has no attributes");
            }
            source.get(); // record attributes: unused
            long timestampDelta = Varints.readVarlong(source);
            int offsetDelta = Varints.readVarint(source);
            keyLength = readLength(source, "key");
            keyPosition = skip(source, keyLength);
            valueLength = readLength(source, "value");
            valuePosition = skip(source, valueLength);
            int count = Varints.readVarint(source);
            if (count < 0 || count > source.remaining() / 2) {
                throw new KafkaProtocolException("record header count " + count + " does not fit the "
                    + source.remaining() + " bytes left in the record");
            }
            if (headerFields.length < count * 4) {
                headerFields = Arrays.copyOf(headerFields, Math.max(count * 4, headerFields.length * 2));
            }
            for (int i = 0; i < count; i++) {
                int headerKeyLength = readLength(source, "header key");
                if (headerKeyLength < 0) {
                    throw new KafkaProtocolException("record header key is null");
                }
                headerFields[4 * i] = skip(source, headerKeyLength);
                headerFields[4 * i + 1] = headerKeyLength;
                int headerValueLength = readLength(source, "header value");
                headerFields[4 * i + 2] = skip(source, headerValueLength);
                headerFields[4 * i + 3] = headerValueLength;
            }
            headerCount = count;
            if (source.hasRemaining()) {
                throw new KafkaProtocolException("record declares " + length + " bytes but its fields end "
                    + source.remaining() + " bytes earlier");
            }
            this.buffer = source;
            this.offset = baseOffset + offsetDelta;
            this.timestamp = logAppendTime ? maxTimestamp : baseTimestamp + timestampDelta;
        } finally {
            source.limit(sectionEnd);
        }
    }

    private static int readLength(ByteBuffer source, String field) {
        int length = Varints.readVarint(source);
        if (length < -1 || length > source.remaining()) {
            throw new KafkaProtocolException("record " + field + " length " + length + " does not fit the "
                + source.remaining() + " bytes left in the record");
        }
        return length;
    }

    private static int skip(ByteBuffer source, int length) {
        int position = source.position();
        if (length > 0) {
            source.position(position + length);
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
            buffer.get(valuePosition + valueOffset, target, targetOffset, n);
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
        int position = headerFields[4 * index];
        int length = headerFields[4 * index + 1];
        if (buffer.hasArray()) {
            return new String(buffer.array(), buffer.arrayOffset() + position, length, StandardCharsets.UTF_8);
        }
        return new String(copy(position, length), StandardCharsets.UTF_8);
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
        return ControlRecordType.forCode(buffer.getShort(keyPosition + 2));
    }

    private void checkHeader(int index) {
        if (index < 0 || index >= headerCount) {
            throw new IndexOutOfBoundsException("header " + index + " of " + headerCount);
        }
    }

    private byte[] copy(int position, int length) {
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        buffer.get(position, bytes);
        return bytes;
    }

    @Override
    public String toString() {
        return "RecordView[offset=" + offset + ", timestamp=" + timestamp + ", key=" + keyLength
            + " bytes, value=" + valueLength + " bytes, headers=" + headerCount + "]";
    }
}

package io.kafkago.protocol.record;

import io.kafkago.Header;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** What a test expects to read back for one record: compared by content, arrays included. */
record TestRecord(long offset, long timestamp, byte[] key, byte[] value, List<Header> headers) {

    /** Everything {@code record} holds, copied out of the view. */
    static TestRecord of(RecordView record) {
        List<Header> headers = new ArrayList<>();
        for (int i = 0; i < record.headerCount(); i++) {
            headers.add(new Header(record.headerKey(i), record.headerValue(i)));
        }
        return new TestRecord(record.offset(), record.timestamp(), record.key(), record.value(), headers);
    }

    /** Reads every record of every batch in {@code reader}. */
    static List<TestRecord> readAll(RecordBatchReader reader) {
        List<TestRecord> records = new ArrayList<>();
        for (RecordBatchView batch; (batch = reader.nextBatch()) != null; ) {
            for (RecordView record; (record = batch.nextRecord()) != null; ) {
                records.add(of(record));
            }
        }
        return records;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TestRecord that && offset == that.offset && timestamp == that.timestamp
            && Arrays.equals(key, that.key) && Arrays.equals(value, that.value) && headers.equals(that.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(offset, timestamp, Arrays.hashCode(key), Arrays.hashCode(value), headers);
    }

    @Override
    public String toString() {
        return "TestRecord[offset=" + offset + ", timestamp=" + timestamp + ", key=" + Arrays.toString(key)
            + ", value=" + (value == null ? "null" : value.length + " bytes") + ", headers=" + headers + "]";
    }
}

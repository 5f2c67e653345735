package io.kafkago;

import io.kafkago.internal.FetchedMessages;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One Kafka record: what a {@code Writer} sends and what a {@code Reader} or {@code Batch} returns.
 *
 * <p>Messages are immutable values; the withers return changed copies. Unset fields have fixed
 * values: partition and offset {@code -1}, high watermark {@code -1}, topic {@code null} (the
 * writer's topic applies), time {@code null} (the writer stamps the current time).
 *
 * <p><b>Byte arrays are not copied.</b> Copying every key and value would cost an allocation
 * and a memory copy per message on the hottest path of both reading and writing. Instead a
 * message takes ownership: whoever passes an array to a factory, wither or the constructor
 * must not change it afterwards, and {@link #key()} / {@link #value()} return the stored
 * array, which callers must treat as read-only. The String factories encode to fresh arrays,
 * so they are safe by construction.
 */
public final class Message {

    /** Partition, offset or high watermark that has not been set. */
    public static final int UNSET = -1;
    /** {@link #timestampMillis} when the time is not held as milliseconds. */
    private static final long NO_TIMESTAMP = Long.MIN_VALUE;

    private final String topic;
    private final int partition;
    private final long offset;
    private final long highWaterMark;
    private final byte[] key;
    private final byte[] value;
    private final List<Header> headers;
    /** The time as given, or null when it is held in {@link #timestampMillis} or unset. */
    private final Instant time;
    /**
     * The record timestamp as decoded, or {@link #NO_TIMESTAMP}. Fetched messages keep the wire's
     * milliseconds and make the {@code Instant} only when {@link #time()} is asked, which saves an
     * object per message for the many readers that never look at the time.
     */
    private final long timestampMillis;

    /**
     * A message with every field given; readers use it for fetched records, most other code
     * uses {@link #of(String)} and the withers. Arrays are taken over, not copied (see the class
     * documentation); {@code headers} is copied unless it is already an unmodifiable
     * {@code List.of}/{@code List.copyOf} list, in which case it is shared.
     *
     * @param topic         topic, or null when not (yet) known
     * @param partition     partition id, or {@link #UNSET}
     * @param offset        offset, or {@link #UNSET}
     * @param highWaterMark the partition's high watermark when the message was fetched, or {@link #UNSET}
     * @param key           key, or null
     * @param value         value, or null (a tombstone on compacted topics)
     * @param headers       headers; null means none
     * @param time          record timestamp, or null for "stamp when written"
     */
    public Message(String topic, int partition, long offset, long highWaterMark, byte[] key, byte[] value,
                   List<Header> headers, Instant time) {
        this(topic, partition, offset, highWaterMark, key, value, headers, time, NO_TIMESTAMP);
    }

    static {
        FetchedMessages.install(Message::new);
    }

    /**
     * A fetched record: like the full constructor, with the record timestamp in epoch milliseconds
     * as it comes off the wire; {@link #time()} returns it as an {@code Instant}. For decoders only
     * (the Reader and {@link Batch}, through {@link FetchedMessages}).
     *
     * @param timestampMillis record timestamp in milliseconds since the epoch
     */
    Message(String topic, int partition, long offset, long highWaterMark, byte[] key, byte[] value,
                   List<Header> headers, long timestampMillis) {
        this(topic, partition, offset, highWaterMark, key, value, headers, null, timestampMillis);
    }

    private Message(String topic, int partition, long offset, long highWaterMark, byte[] key, byte[] value,
                    List<Header> headers, Instant time, long timestampMillis) {
        if (partition < UNSET) {
            throw new IllegalArgumentException("partition must be -1 (unset) or a partition id, got " + partition);
        }
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.highWaterMark = highWaterMark;
        this.key = key;
        this.value = value;
        this.headers = headers == null || headers.isEmpty() ? List.of() : List.copyOf(headers);
        this.time = time;
        this.timestampMillis = timestampMillis;
    }

    /** A message with a UTF-8 value and no key. */
    public static Message of(String value) {
        return of(null, value);
    }

    /** A message with a UTF-8 key and value (either may be null). */
    public static Message of(String key, String value) {
        return new Message(null, UNSET, UNSET, UNSET, utf8(key), utf8(value), List.of(), null);
    }

    /** A message with this value and no key; the array is taken over, not copied. */
    public static Message of(byte[] value) {
        return of(null, value);
    }

    /** A message with this key and value (either may be null); the arrays are taken over, not copied. */
    public static Message of(byte[] key, byte[] value) {
        return new Message(null, UNSET, UNSET, UNSET, key, value, List.of(), null);
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** Topic, or null when the writer's topic applies. */
    public String topic() {
        return topic;
    }

    /** Partition id, or {@link #UNSET}. */
    public int partition() {
        return partition;
    }

    /** Offset in the partition, or {@link #UNSET}. */
    public long offset() {
        return offset;
    }

    /** High watermark of the partition when this message was fetched, or {@link #UNSET}. */
    public long highWaterMark() {
        return highWaterMark;
    }

    /** Key, or null. The array is shared: do not modify it. */
    public byte[] key() {
        return key;
    }

    /** Value, or null. The array is shared: do not modify it. */
    public byte[] value() {
        return value;
    }

    /** Headers in record order; unmodifiable, empty when there are none. */
    public List<Header> headers() {
        return headers;
    }

    /** Record timestamp, or null when the writer (or broker) should stamp it. */
    public Instant time() {
        if (time != null || timestampMillis == NO_TIMESTAMP) {
            return time;
        }
        return Instant.ofEpochMilli(timestampMillis);
    }

    /** Key decoded as UTF-8, or null. */
    public String keyAsString() {
        return string(key);
    }

    /** Value decoded as UTF-8, or null. */
    public String valueAsString() {
        return string(value);
    }

    /** A copy with this topic. */
    public Message withTopic(String newTopic) {
        return new Message(newTopic, partition, offset, highWaterMark, key, value, headers, time, timestampMillis);
    }

    /** A copy with this partition id ({@link #UNSET} lets the writer's balancer choose). */
    public Message withPartition(int newPartition) {
        return new Message(topic, newPartition, offset, highWaterMark, key, value, headers, time, timestampMillis);
    }

    /** A copy with this offset; writers use it to report where a message was written. */
    public Message withOffset(long newOffset) {
        return new Message(topic, partition, newOffset, highWaterMark, key, value, headers, time, timestampMillis);
    }

    /** A copy with this UTF-8 key (null removes it). */
    public Message withKey(String newKey) {
        return withKey(utf8(newKey));
    }

    /** A copy with this key (null removes it); the array is taken over, not copied. */
    public Message withKey(byte[] newKey) {
        return new Message(topic, partition, offset, highWaterMark, newKey, value, headers, time, timestampMillis);
    }

    /** A copy with this UTF-8 value (null makes a tombstone). */
    public Message withValue(String newValue) {
        return withValue(utf8(newValue));
    }

    /** A copy with this value (null makes a tombstone); the array is taken over, not copied. */
    public Message withValue(byte[] newValue) {
        return new Message(topic, partition, offset, highWaterMark, key, newValue, headers, time, timestampMillis);
    }

    /** A copy whose headers are exactly these (replacing any present). */
    public Message withHeaders(Header... newHeaders) {
        return withHeaders(List.of(newHeaders));
    }

    /** A copy whose headers are exactly these (replacing any present). */
    public Message withHeaders(List<Header> newHeaders) {
        return new Message(topic, partition, offset, highWaterMark, key, value, newHeaders, time, timestampMillis);
    }

    /** A copy with this timestamp (null lets the writer stamp it). */
    public Message withTime(Instant newTime) {
        return new Message(topic, partition, offset, highWaterMark, key, value, headers, newTime, NO_TIMESTAMP);
    }

    /** Equal when every field is equal, comparing key and value by content. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Message that
                && partition == that.partition
                && offset == that.offset
                && highWaterMark == that.highWaterMark
                && Objects.equals(topic, that.topic)
                && Arrays.equals(key, that.key)
                && Arrays.equals(value, that.value)
                && headers.equals(that.headers)
                && Objects.equals(time(), that.time());
    }

    @Override
    public int hashCode() {
        int hash = Objects.hash(topic, partition, offset, highWaterMark, headers, time());
        hash = 31 * hash + Arrays.hashCode(key);
        return 31 * hash + Arrays.hashCode(value);
    }

    /** Shows coordinates and sizes, never key or value content (they may be sensitive). */
    @Override
    public String toString() {
        return "Message[topic=" + topic + ", partition=" + partition + ", offset=" + offset
                + ", key=" + size(key) + ", value=" + size(value) + ", headers=" + headers.size()
                + ", time=" + time() + "]";
    }

    private static String size(byte[] bytes) {
        return bytes == null ? "null" : bytes.length + " bytes";
    }
}

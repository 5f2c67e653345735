package io.kafkago.test.fault;

import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.KafkaTestSetupException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Checks that what producers were told was written is in the topic exactly once, in each producer's order.
 *
 * <pre>{@code
 * DeliveryChecker checker = DeliveryChecker.readingValues();
 * String id = checker.nextId("writer-1");                   // "writer-1:0", then "writer-1:1", ...
 * send(topic, id).whenComplete((ok, error) -> {            // the id is the message value
 *     if (error == null) checker.acknowledged(id); else checker.failed(id);
 * });
 * ...
 * checker.check(cluster, topic).assertNoLossNoDuplicates();
 * }</pre>
 *
 * <p>Ids have the form {@code <producer>:<sequence>}, the sequence counting up from 0 per producer name; ids of other
 * forms work for loss and duplicate checks but not for order. With {@link #readingValues()} the id is the whole value
 * (UTF-8); {@link #readingHeader(String)} reads it from a header instead, leaving the value to the application.
 * Recording is thread-safe, so producer callbacks may call {@link #acknowledged} and {@link #failed} directly.
 *
 * <p>{@link #check(Map, String, Duration)} reads the whole topic with kafka-clients ({@code read_committed}, from the
 * beginning of every partition to its end offset as of the start of the check); it does not depend on the client under
 * test.
 */
public final class DeliveryChecker {

    /** How long {@link #check(KafkaTestCluster, String)} may take to read the topic. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

    private static final char SEQUENCE_SEPARATOR = ':';
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    /** By producer, then by sequence number (numerically), then as text for ids of other forms. */
    private static final Comparator<String> ID_ORDER = Comparator.comparing(DeliveryChecker::producerOf)
            .thenComparingLong(DeliveryChecker::sequenceOf)
            .thenComparing(Comparator.naturalOrder());

    private final String idHeader;
    private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Set<String> failed = ConcurrentHashMap.newKeySet();

    private DeliveryChecker(String idHeader) {
        this.idHeader = idHeader;
    }

    /** A checker for topics whose record values are the ids. */
    public static DeliveryChecker readingValues() {
        return new DeliveryChecker(null);
    }

    /** A checker for topics whose records carry their id in the header {@code key} (UTF-8; the last one counts). */
    public static DeliveryChecker readingHeader(String key) {
        return new DeliveryChecker(Objects.requireNonNull(key, "key"));
    }

    /** The header the ids are read from, or null if they are the values. */
    public String idHeader() {
        return idHeader;
    }

    /** The next id for {@code producer}: {@code producer:0}, {@code producer:1}, ... */
    public String nextId(String producer) {
        long sequence = sequences.computeIfAbsent(producer, p -> new AtomicLong()).getAndIncrement();
        return producer + SEQUENCE_SEPARATOR + sequence;
    }

    /** Records that the write of {@code id} was acknowledged: it must be in the topic. */
    public void acknowledged(String id) {
        acknowledged.add(Objects.requireNonNull(id, "id"));
    }

    /** Records that the write of {@code id} was reported failed: it may or may not be in the topic. */
    public void failed(String id) {
        failed.add(Objects.requireNonNull(id, "id"));
    }

    /** How many ids were recorded as acknowledged so far. */
    public int acknowledgedCount() {
        return acknowledged.size();
    }

    /** How many ids were recorded as failed so far. */
    public int failedCount() {
        return failed.size();
    }

    /**
     * The ids recorded as acknowledged so far (a copy): what a consumer under test must have handled at least once,
     * e.g. a listener that records the ids it saw.
     */
    public Set<String> acknowledgedIds() {
        return Set.copyOf(acknowledged);
    }

    /**
     * Reads the topic from {@code cluster} within {@link #DEFAULT_READ_TIMEOUT} and checks it. A
     * {@link KafkaProcessCluster} is read through its direct listeners, so proxy faults still in place do not disturb
     * the check.
     */
    public DeliveryReport check(KafkaTestCluster cluster, String topic) {
        Map<String, Object> properties = cluster.clientProperties();
        if (cluster instanceof KafkaProcessCluster processCluster) {
            properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, processCluster.directBootstrapServers());
        }
        return check(properties, topic, DEFAULT_READ_TIMEOUT);
    }

    /**
     * Reads every partition of {@code topic} from its beginning to its end offset with a kafka-clients consumer built
     * from {@code clientProperties} ({@code bootstrap.servers} and any security settings; group, offset and
     * isolation settings are the checker's), and checks what it found.
     *
     * @throws KafkaTestSetupException if the topic cannot be read to its end within {@code timeout}
     */
    public DeliveryReport check(Map<String, Object> clientProperties, String topic, Duration timeout) {
        List<DeliveredRecord> records = read(clientProperties, topic, timeout);
        return report(topic, records);
    }

    /** Checks records read by other means (for example by the client under test), in any order. */
    public DeliveryReport check(Collection<DeliveredRecord> records) {
        return report(null, records);
    }

    private List<DeliveredRecord> read(Map<String, Object> clientProperties, String topic, Duration timeout) {
        Map<String, Object> properties = new HashMap<>(clientProperties);
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "kafkago-test-delivery-checker");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        long deadline = System.nanoTime() + timeout.toNanos();
        List<DeliveredRecord> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new KafkaTestSetupException("Topic " + topic + " does not exist");
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition()))
                    .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions, timeout);
            Set<TopicPartition> unfinished = new HashSet<>(partitions);
            while (true) {
                unfinished.removeIf(p -> consumer.position(p, remaining(deadline)) >= endOffsets.get(p));
                if (unfinished.isEmpty()) {
                    return records;
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new KafkaTestSetupException("Could not read " + topic + " to its end offsets " + endOffsets
                            + " within " + timeout + "; still unfinished: " + unfinished);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                    records.add(new DeliveredRecord(idOf(record), record.partition(), record.offset()));
                }
            }
        } catch (KafkaException e) {
            throw new KafkaTestSetupException("Cannot read topic " + topic + ": " + e.getMessage(), e);
        }
    }

    private static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(POLL_TIMEOUT.toNanos(), deadlineNanos - System.nanoTime()));
    }

    private String idOf(ConsumerRecord<byte[], byte[]> record) {
        byte[] id;
        if (idHeader == null) {
            id = record.value();
        } else {
            Header header = record.headers().lastHeader(idHeader);
            id = header == null ? null : header.value();
        }
        return id == null ? null : new String(id, StandardCharsets.UTF_8);
    }

    private DeliveryReport report(String topic, Collection<DeliveredRecord> read) {
        Set<String> acknowledgedIds = Set.copyOf(acknowledged);
        Set<String> failedIds = Set.copyOf(failed);
        List<DeliveredRecord> records = read.stream()
                .sorted(Comparator.comparingInt(DeliveredRecord::partition).thenComparingLong(DeliveredRecord::offset))
                .collect(Collectors.toList());
        Map<String, List<DeliveredRecord>> byId = new LinkedHashMap<>();
        int unidentified = 0;
        for (DeliveredRecord record : records) {
            if (record.id() == null) {
                unidentified++;
            } else {
                byId.computeIfAbsent(record.id(), id -> new ArrayList<>(1)).add(record);
            }
        }
        List<String> lost = acknowledgedIds.stream().filter(id -> !byId.containsKey(id)).sorted(ID_ORDER)
                .collect(Collectors.toList());
        Map<String, List<DeliveredRecord>> duplicated = new LinkedHashMap<>();
        byId.forEach((id, found) -> {
            if (found.size() > 1) {
                duplicated.put(id, List.copyOf(found));
            }
        });
        List<String> failedButPresent = failedIds.stream().filter(byId::containsKey).sorted(ID_ORDER)
                .collect(Collectors.toList());
        int unconfirmed = (int) byId.keySet().stream()
                .filter(id -> !acknowledgedIds.contains(id) && !failedIds.contains(id)).count();
        return new DeliveryReport(topic, acknowledgedIds.size(), failedIds.size(), records.size(), lost, duplicated,
                reorderings(records), failedButPresent, unconfirmed, unidentified);
    }

    /** Within each partition, first occurrences whose sequence is below their producer's previous one there. */
    private static List<DeliveryReport.Reordering> reorderings(List<DeliveredRecord> sortedRecords) {
        List<DeliveryReport.Reordering> reorderings = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Map<Integer, Map<String, DeliveredRecord>> previousByPartition = new HashMap<>();
        for (DeliveredRecord record : sortedRecords) {
            if (record.id() == null || !seen.add(record.id())) {
                continue;
            }
            long sequence = sequenceOf(record.id());
            if (sequence < 0) {
                continue;
            }
            Map<String, DeliveredRecord> previous = previousByPartition.computeIfAbsent(record.partition(),
                    p -> new HashMap<>());
            DeliveredRecord before = previous.put(producerOf(record.id()), record);
            if (before != null && sequenceOf(before.id()) > sequence) {
                reorderings.add(new DeliveryReport.Reordering(record, before));
            }
        }
        return reorderings;
    }

    /** The producer of a {@code producer:sequence} id, or the whole id for an id of another form. */
    private static String producerOf(String id) {
        int separator = id.lastIndexOf(SEQUENCE_SEPARATOR);
        return separator < 0 ? id : id.substring(0, separator);
    }

    /** The sequence number of a {@code producer:sequence} id, or -1 for an id of another form. */
    private static long sequenceOf(String id) {
        int separator = id.lastIndexOf(SEQUENCE_SEPARATOR);
        if (separator < 0) {
            return -1;
        }
        try {
            long sequence = Long.parseLong(id.substring(separator + 1));
            return sequence < 0 ? -1 : sequence;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public String toString() {
        return "DeliveryChecker[" + (idHeader == null ? "ids in values" : "ids in header " + idHeader)
                + ", acknowledged=" + acknowledged.size() + ", failed=" + failed.size() + "]";
    }
}

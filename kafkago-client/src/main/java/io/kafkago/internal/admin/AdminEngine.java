package io.kafkago.internal.admin;

import io.kafkago.ClientConfig;
import io.kafkago.ConfigChange;
import io.kafkago.ConfigEntry;
import io.kafkago.ConfigResource;
import io.kafkago.GroupDescription;
import io.kafkago.GroupListing;
import io.kafkago.IsolationLevel;
import io.kafkago.KafkaBrokerException;
import io.kafkago.KafkaConnectionException;
import io.kafkago.OffsetSpec;
import io.kafkago.Partition;
import io.kafkago.TopicConfig;
import io.kafkago.TopicListing;
import io.kafkago.TopicPartition;
import io.kafkago.internal.Backoff;
import io.kafkago.network.BrokerAddress;
import io.kafkago.network.BrokerConnection;
import io.kafkago.network.ClusterMetadata;
import io.kafkago.network.ConnectionPool;
import io.kafkago.network.ConnectionSettings;
import io.kafkago.network.MetadataCache;
import io.kafkago.network.TopicMetadata;
import io.kafkago.protocol.ApiKey;
import io.kafkago.protocol.ApiMessage;
import io.kafkago.ErrorCode;
import io.kafkago.protocol.message.CreatePartitionsRequest;
import io.kafkago.protocol.message.CreatePartitionsResponse;
import io.kafkago.protocol.message.CreateTopicsResponse;
import io.kafkago.protocol.message.DeleteGroupsRequest;
import io.kafkago.protocol.message.DeleteGroupsResponse;
import io.kafkago.protocol.message.DeleteRecordsRequest;
import io.kafkago.protocol.message.DeleteRecordsResponse;
import io.kafkago.protocol.message.DeleteTopicsResponse;
import io.kafkago.protocol.message.DescribeConfigsRequest;
import io.kafkago.protocol.message.DescribeConfigsResponse;
import io.kafkago.protocol.message.DescribeGroupsRequest;
import io.kafkago.protocol.message.DescribeGroupsResponse;
import io.kafkago.protocol.message.IncrementalAlterConfigsRequest;
import io.kafkago.protocol.message.IncrementalAlterConfigsResponse;
import io.kafkago.protocol.message.ListGroupsRequest;
import io.kafkago.protocol.message.ListGroupsResponse;
import io.kafkago.protocol.message.ListOffsetsResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What a {@code io.kafkago.Client} does: each admin operation as requests to the controller, the leaders or a group's
 * coordinator over one connection pool, retrying retriable errors until the operation's timeout.
 */
public final class AdminEngine implements AutoCloseable {

    private static final long INITIAL_BACKOFF_NANOS = 50_000_000L;
    private static final long MAX_BACKOFF_NANOS = 1_000_000_000L;
    /** For operations naming an existing topic, a missing topic is an answer, not a lagging cache. */
    private static final Set<ErrorCode> UNKNOWN_TOPIC = EnumSet.of(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);

    private final ClientConfig config;
    private final ConnectionPool pool;

    /** An engine for the cluster and connection settings in {@code config}; connects lazily. */
    public AdminEngine(ClientConfig config) {
        this.config = config;
        List<BrokerAddress> bootstrap = new ArrayList<>();
        for (String broker : config.brokers()) {
            bootstrap.add(BrokerAddress.parse(broker));
        }
        this.pool = new ConnectionPool(ConnectionSettings.of(config.dialer()), bootstrap);
    }

    // ------------------------------------------------------------------------------------ topics

    public void createTopics(TopicConfig... topics) {
        List<TopicConfig> list = List.of(topics);
        List<String> names = list.stream().map(TopicConfig::topic).toList();
        run("creating topics " + names, names, null, () -> controller().thenCompose(connection ->
                connection.<CreateTopicsResponse>send(AdminRequests.createTopics(list, timeoutMillis()), (short) -1,
                        config.timeout())).thenApply(response -> {
                            AdminRequests.checkCreateTopics(response);
                            return null;
                        }));
        awaitMetadata("waiting for the leaders of " + names, names, cluster -> names.stream().allMatch(name -> {
            TopicMetadata topic = cluster.topics().get(name);
            return topic != null && hasLeaders(topic, 0);
        }));
    }

    public void deleteTopics(String... names) {
        List<String> list = List.of(names);
        run("deleting topics " + list, list, null, UNKNOWN_TOPIC, () -> controller().thenCompose(connection -> {
            short version = connection.negotiatedVersion(ApiKey.DELETE_TOPICS);
            return connection.<DeleteTopicsResponse>send(AdminRequests.deleteTopics(list, timeoutMillis(), version),
                    version, config.timeout());
        }).thenApply(response -> {
            AdminRequests.checkDeleteTopics(response);
            return null;
        }));
        awaitMetadata("waiting for the deletion of " + list, list, cluster -> list.stream().allMatch(name -> {
            TopicMetadata topic = cluster.topics().get(name);
            return topic == null || topic.error() == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        }));
        list.forEach(pool.metadata()::invalidate);
    }

    public void createPartitions(String topic, int totalCount) {
        CreatePartitionsRequest request = new CreatePartitionsRequest().setTimeoutMs(timeoutMillis()).setTopics(List.of(
                new CreatePartitionsRequest.CreatePartitionsTopic().setName(topic).setCount(totalCount).setAssignments(null)));
        run("adding partitions to " + topic, List.of(topic), null, UNKNOWN_TOPIC, () -> controller().thenCompose(connection ->
                connection.<CreatePartitionsResponse>send(request, (short) -1, config.timeout())).thenApply(response -> {
                    for (var result : response.results()) {
                        AdminRequests.throwIfError(result.errorCode(), result.errorMessage(), "adding partitions to "
                                + result.name());
                    }
                    return null;
                }));
        awaitMetadata("waiting for the new partitions of " + topic, List.of(topic), cluster -> {
            TopicMetadata described = cluster.topics().get(topic);
            return described != null && hasLeaders(described, totalCount);
        });
    }

    private static boolean hasLeaders(TopicMetadata topic, int minPartitions) {
        return topic.error() == ErrorCode.NONE && !topic.partitions().isEmpty()
                && topic.partitions().size() >= minPartitions
                && topic.partitions().stream().allMatch(partition -> partition.leaderId() >= 0);
    }

    /**
     * Asks for metadata until {@code done} holds: brokers learn of topic changes shortly after the
     * controller made them, and callers expect to use a topic as soon as it was created.
     */
    private void awaitMetadata(String what, List<String> topics, Predicate<ClusterMetadata> done) {
        run(what, topics, null, () -> pool.metadata().refresh(topics).thenApply(cluster -> {
            if (!done.test(cluster)) {
                throw new KafkaBrokerException(ErrorCode.LEADER_NOT_AVAILABLE, what);
            }
            return cluster;
        }));
    }

    public List<TopicListing> listTopics() {
        ClusterMetadata cluster = run("listing topics", List.of(), null, () -> pool.metadata().refresh(null));
        List<TopicListing> topics = new ArrayList<>();
        for (TopicMetadata topic : cluster.topics().values()) {
            topics.add(new TopicListing(topic.name(), topic.topicId(), topic.internal(), topic.partitions().size()));
        }
        topics.sort(Comparator.comparing(TopicListing::name));
        return topics;
    }

    public List<Partition> listPartitions(String... topics) {
        List<String> names = List.of(topics);
        ClusterMetadata cluster = run("listing partitions of " + names, names, null, () -> pool.metadata().refresh(names)
                .thenApply(fresh -> {
                    for (String name : names) {
                        TopicMetadata topic = fresh.topics().get(name);
                        if (topic == null || topic.error() != ErrorCode.NONE) {
                            throw new KafkaBrokerException(topic == null ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION
                                    : topic.error(), "listing partitions of " + name);
                        }
                    }
                    return fresh;
                }));
        List<Partition> partitions = new ArrayList<>();
        names.stream().sorted().forEach(name -> partitions.addAll(cluster.toPartitions(cluster.topics().get(name))));
        return partitions;
    }

    // ------------------------------------------------------------------------------------ configs

    public List<ConfigEntry> describeConfigs(ConfigResource resource) {
        DescribeConfigsRequest request = new DescribeConfigsRequest().setResources(List.of(
                new DescribeConfigsRequest.DescribeConfigsResource().setResourceType(resource.type().code())
                        .setResourceName(resource.name()).setConfigurationKeys(null)));
        return run("describing configs of " + resource, List.of(), null, UNKNOWN_TOPIC, () -> connectionFor(resource).thenCompose(
                connection -> connection.<DescribeConfigsResponse>send(request, (short) -1, config.timeout()))
                .thenApply(response -> {
                    List<ConfigEntry> entries = new ArrayList<>();
                    for (var result : response.results()) {
                        AdminRequests.throwIfError(result.errorCode(), result.errorMessage(), "describing " + resource);
                        for (var entry : result.configs()) {
                            entries.add(new ConfigEntry(entry.name(), entry.value(),
                                    configSource(entry.configSource()), entry.readOnly(), entry.isSensitive()));
                        }
                    }
                    entries.sort(Comparator.comparing(ConfigEntry::name));
                    return entries;
                }));
    }

    public void alterConfigs(ConfigResource resource, ConfigChange... changes) {
        List<IncrementalAlterConfigsRequest.AlterableConfig> configs = new ArrayList<>();
        for (ConfigChange change : changes) {
            configs.add(new IncrementalAlterConfigsRequest.AlterableConfig().setName(change.name())
                    .setConfigOperation((byte) change.operation().ordinal()).setValue(change.value()));
        }
        IncrementalAlterConfigsRequest request = new IncrementalAlterConfigsRequest().setResources(List.of(
                new IncrementalAlterConfigsRequest.AlterConfigsResource().setResourceType(resource.type().code())
                        .setResourceName(resource.name()).setConfigs(configs)));
        run("altering configs of " + resource, List.of(), null, UNKNOWN_TOPIC, () -> connectionFor(resource).thenCompose(connection ->
                connection.<IncrementalAlterConfigsResponse>send(request, (short) -1, config.timeout()))
                .thenApply(response -> {
                    for (var result : response.responses()) {
                        AdminRequests.throwIfError(result.errorCode(), result.errorMessage(), "altering " + resource);
                    }
                    return null;
                }));
    }

    private CompletableFuture<BrokerConnection> connectionFor(ConfigResource resource) {
        if (resource.type() != ConfigResource.Type.TOPIC && !resource.name().isEmpty()) {
            return pool.connection(Integer.parseInt(resource.name()));
        }
        return pool.anyConnection();
    }

    // ------------------------------------------------------------------------------------ groups

    public List<GroupListing> listGroups() {
        ClusterMetadata cluster = run("listing brokers", List.of(), null, () -> pool.metadata().refresh(List.of()));
        Map<String, GroupListing> groups = new TreeMap<>();
        for (int brokerId : cluster.brokers().keySet()) {
            ListGroupsResponse response = run("listing groups on broker " + brokerId, List.of(), null, () ->
                    pool.connection(brokerId).thenCompose(connection ->
                            connection.<ListGroupsResponse>send(new ListGroupsRequest(), (short) -1, config.timeout())));
            AdminRequests.throwIfError(response.errorCode(), null, "listing groups on broker " + brokerId);
            for (var group : response.groups()) {
                groups.put(group.groupId(), new GroupListing(group.groupId(), group.protocolType(), group.groupState(),
                        group.groupType()));
            }
        }
        return new ArrayList<>(groups.values());
    }

    public List<GroupDescription> describeGroups(String... groupIds) {
        List<GroupDescription> descriptions = new ArrayList<>();
        for (String groupId : groupIds) {
            DescribeGroupsResponse response = run("describing group " + groupId, List.of(), groupId, () ->
                    coordinator(groupId).thenCompose(connection -> connection.<DescribeGroupsResponse>send(
                            new DescribeGroupsRequest().setGroups(List.of(groupId)), (short) -1, config.timeout()))
                            .thenApply(answer -> {
                                for (var group : answer.groups()) {
                                    AdminRequests.throwIfError(group.errorCode(), group.errorMessage(),
                                            "describing group " + groupId);
                                }
                                return answer;
                            }));
            for (var group : response.groups()) {
                descriptions.add(GroupDescriptions.describe(group));
            }
        }
        return descriptions;
    }

    public void deleteGroups(String... groupIds) {
        for (String groupId : groupIds) {
            run("deleting group " + groupId, List.of(), groupId, () -> coordinator(groupId).thenCompose(connection ->
                    connection.<DeleteGroupsResponse>send(new DeleteGroupsRequest().setGroupsNames(List.of(groupId)),
                            (short) -1, config.timeout())).thenApply(response -> {
                                for (var result : response.results()) {
                                    AdminRequests.throwIfError(result.errorCode(), null, "deleting group " + groupId);
                                }
                                return null;
                            }));
        }
    }

    public Map<TopicPartition, Long> fetchOffsets(String groupId) {
        return run("fetching offsets of group " + groupId, List.of(), groupId, () -> coordinator(groupId)
                .thenCompose(connection -> {
                    short version = connection.negotiatedVersion(ApiKey.OFFSET_FETCH);
                    return connection.<ApiMessage>send(GroupOffsets.fetchRequest(groupId, version), version,
                            config.timeout()).thenApply(response -> GroupOffsets.fetched(response, groupId));
                }));
    }

    public void commitOffsets(String groupId, Map<TopicPartition, Long> offsets) {
        run("committing offsets of group " + groupId, List.of(), groupId, () -> coordinator(groupId)
                .thenCompose(connection -> {
                    short version = connection.negotiatedVersion(ApiKey.OFFSET_COMMIT);
                    return connection.<ApiMessage>send(GroupOffsets.commitRequest(groupId, offsets), version,
                            config.timeout()).thenApply(response -> {
                                GroupOffsets.checkCommitted(response, groupId);
                                return null;
                            });
                }));
    }

    // ------------------------------------------------------------------------------------ offsets and records

    public Map<TopicPartition, Long> listOffsets(Map<TopicPartition, OffsetSpec> specs) {
        Map<TopicPartition, Long> timestamps = new HashMap<>();
        specs.forEach((partition, spec) -> timestamps.put(partition, spec.timestamp()));
        return run("listing offsets", topicsOf(specs.keySet()), null, () -> byLeader(timestamps, (connection, part) ->
                connection.<ListOffsetsResponse>send(AdminRequests.listOffsets(part, IsolationLevel.READ_UNCOMMITTED),
                        (short) -1, config.timeout()).thenApply(AdminRequests::offsetsOf)));
    }

    public Map<TopicPartition, Long> deleteRecords(Map<TopicPartition, Long> beforeOffsets) {
        return run("deleting records", topicsOf(beforeOffsets.keySet()), null, () -> byLeader(beforeOffsets,
                (connection, part) -> connection.<DeleteRecordsResponse>send(deleteRecordsRequest(part), (short) -1,
                        config.timeout()).thenApply(AdminEngine::lowWatermarks)));
    }

    private DeleteRecordsRequest deleteRecordsRequest(Map<TopicPartition, Long> offsets) {
        Map<String, DeleteRecordsRequest.DeleteRecordsTopic> topics = new TreeMap<>();
        offsets.forEach((partition, offset) -> topics.computeIfAbsent(partition.topic(), name ->
                new DeleteRecordsRequest.DeleteRecordsTopic().setName(name).setPartitions(new ArrayList<>()))
                .partitions().add(new DeleteRecordsRequest.DeleteRecordsPartition()
                        .setPartitionIndex(partition.partition()).setOffset(offset)));
        return new DeleteRecordsRequest().setTopics(new ArrayList<>(topics.values())).setTimeoutMs(timeoutMillis());
    }

    /** The source for a DescribeConfigs code: the enum follows the wire order from 1; -1 or unknown codes give UNKNOWN. */
    private static ConfigEntry.Source configSource(byte code) {
        ConfigEntry.Source[] all = ConfigEntry.Source.values();
        return code > 0 && code < all.length ? all[code] : ConfigEntry.Source.UNKNOWN;
    }

    private static Map<TopicPartition, Long> lowWatermarks(DeleteRecordsResponse response) {
        Map<TopicPartition, Long> result = new TreeMap<>();
        for (var topic : response.topics()) {
            for (var partition : topic.partitions()) {
                TopicPartition key = new TopicPartition(topic.name(), partition.partitionIndex());
                AdminRequests.throwIfError(partition.errorCode(), null, "deleting records of " + key);
                result.put(key, partition.lowWatermark());
            }
        }
        return result;
    }

    // ------------------------------------------------------------------------------------ plumbing

    @Override
    public void close() {
        pool.close();
    }

    private CompletableFuture<BrokerConnection> controller() {
        return pool.metadata().refresh(List.of()).thenCompose(cluster ->
                cluster.controllerId() >= 0 ? pool.connection(cluster.controllerId()) : pool.anyConnection());
    }

    private CompletableFuture<BrokerConnection> coordinator(String groupId) {
        return pool.metadata().coordinator(MetadataCache.CoordinatorType.GROUP, groupId)
                .thenCompose(broker -> pool.connection(new BrokerAddress(broker.host(), broker.port())));
    }

    /** Sends one request per partition leader and merges the answers. */
    private <V> CompletableFuture<Map<TopicPartition, Long>> byLeader(Map<TopicPartition, V> input,
            BiFunction<BrokerConnection, Map<TopicPartition, V>, CompletableFuture<Map<TopicPartition, Long>>> perLeader) {
        Map<TopicPartition, CompletableFuture<Integer>> leaders = new HashMap<>();
        input.keySet().forEach(partition -> leaders.put(partition,
                pool.metadata().leader(partition.topic(), partition.partition()).thenApply(p -> p.leaderId())));
        return CompletableFuture.allOf(leaders.values().toArray(CompletableFuture[]::new)).thenCompose(ignored -> {
            Map<Integer, Map<TopicPartition, V>> byBroker = new HashMap<>();
            leaders.forEach((partition, leader) -> byBroker.computeIfAbsent(leader.join(), id -> new HashMap<>())
                    .put(partition, input.get(partition)));
            List<CompletableFuture<Map<TopicPartition, Long>>> answers = new ArrayList<>();
            byBroker.forEach((brokerId, part) -> answers.add(
                    pool.connection(brokerId).thenCompose(connection -> perLeader.apply(connection, part))));
            return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(done -> {
                Map<TopicPartition, Long> merged = new TreeMap<>();
                answers.forEach(answer -> merged.putAll(answer.join()));
                return merged;
            });
        });
    }

    private static List<String> topicsOf(Set<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::topic).distinct().toList();
    }

    /**
     * Runs an attempt until it succeeds, a non-retriable error occurs or the timeout passes; stale
     * metadata and coordinators are forgotten before the next attempt.
     */
    private <T> T run(String what, Collection<String> topics, String groupId, Supplier<CompletableFuture<T>> attempt) {
        return run(what, topics, groupId, Set.of(), attempt);
    }

    /** Like the other {@code run}, but {@code definitive} errors are thrown at once even when retriable. */
    private <T> T run(String what, Collection<String> topics, String groupId, Set<ErrorCode> definitive,
                      Supplier<CompletableFuture<T>> attempt) {
        long deadline = System.nanoTime() + config.timeout().toNanos();
        long backoff = INITIAL_BACKOFF_NANOS;
        while (true) {
            try {
                return BrokerConnection.await(attempt.get(), deadline - System.nanoTime(), what);
            } catch (KafkaBrokerException e) {
                if (!e.retriable() || definitive.contains(e.errorCode()) || deadline - System.nanoTime() < backoff) {
                    throw e;
                }
                if (MetadataCache.isStaleMetadataError(e.errorCode())) {
                    topics.forEach(pool.metadata()::invalidate);
                }
                if (groupId != null && MetadataCache.isStaleCoordinatorError(e.errorCode())) {
                    pool.metadata().invalidateCoordinator(MetadataCache.CoordinatorType.GROUP, groupId);
                }
            } catch (KafkaConnectionException e) {
                if (deadline - System.nanoTime() < backoff) {
                    throw e;
                }
            }
            Backoff.sleep(backoff, what);
            backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
        }
    }

    private int timeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, config.timeout().toMillis());
    }

    @Override
    public String toString() {
        return "AdminEngine[brokers=" + config.brokers() + ", timeout=" + config.timeout() + "]";
    }
}

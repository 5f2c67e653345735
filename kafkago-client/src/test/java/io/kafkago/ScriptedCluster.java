package io.kafkago;

import io.kafkago.protocol.ApiKey;
import io.kafkago.protocol.ApiMessage;
import io.kafkago.protocol.ProtocolReader;
import io.kafkago.protocol.ProtocolWriter;
import io.kafkago.protocol.message.ApiVersionsResponse;
import io.kafkago.protocol.message.FetchRequest;
import io.kafkago.protocol.message.FetchResponse;
import io.kafkago.protocol.message.FindCoordinatorRequest;
import io.kafkago.protocol.message.FindCoordinatorResponse;
import io.kafkago.protocol.message.HeartbeatRequest;
import io.kafkago.protocol.message.HeartbeatResponse;
import io.kafkago.protocol.message.JoinGroupRequest;
import io.kafkago.protocol.message.JoinGroupResponse;
import io.kafkago.protocol.message.LeaveGroupRequest;
import io.kafkago.protocol.message.LeaveGroupResponse;
import io.kafkago.protocol.message.ListOffsetsRequest;
import io.kafkago.protocol.message.ListOffsetsResponse;
import io.kafkago.protocol.message.MetadataRequest;
import io.kafkago.protocol.message.MetadataResponse;
import io.kafkago.protocol.message.OffsetCommitRequest;
import io.kafkago.protocol.message.OffsetCommitResponse;
import io.kafkago.protocol.message.OffsetFetchRequest;
import io.kafkago.protocol.message.OffsetFetchResponse;
import io.kafkago.protocol.message.SyncGroupRequest;
import io.kafkago.protocol.message.SyncGroupResponse;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Kafka cluster on loopback for unit tests of the Reader: {@code n} brokers speaking the real wire protocol (with
 * kafkago's generated messages) over one shared state: topics whose partitions all live on broker 0 and hold the
 * record batches a test appends, and a consumer group in which the reader is the only member. Every API the Reader
 * uses has the answer a healthy cluster would give; a test replaces one with {@link #script} to inject broker errors,
 * hang-ups or a coordinator that moved. Group requests sent to a broker that is not the coordinator get
 * NOT_COORDINATOR, as from a real broker.
 */
final class ScriptedCluster implements AutoCloseable {

    /** The member id the group hands out. */
    static final String MEMBER_ID = "member-1";

    /** What a broker answers to one request. */
    @FunctionalInterface
    interface Handler {
        /**
         * @param node    id of the broker the request reached
         * @param version the request's API version
         * @return the response, or null to hang up the connection without answering
         */
        ApiMessage answer(int node, ApiMessage request, short version);
    }

    private final List<Node> nodes = new ArrayList<>();
    private final Map<ApiKey, Handler> scripts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final List<OffsetCommitRequest> commits = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> topics = new HashMap<>();
    /** Per partition, its record batches by base offset. */
    private final Map<TopicPartition, TreeMap<Long, ByteBuffer>> logs = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new ConcurrentHashMap<>();
    private volatile int coordinator;
    private int generation;

    /** Starts {@code brokers} brokers (ids 0 to brokers - 1); broker 0 coordinates the group. */
    ScriptedCluster(int brokers) throws IOException {
        for (int id = 0; id < brokers; id++) {
            nodes.add(new Node(id));
        }
    }

    /** Bootstrap address of broker 0. */
    String bootstrap() {
        return "127.0.0.1:" + nodes.get(0).server.getLocalPort();
    }

    /** Creates a topic with empty partitions. */
    synchronized void addTopic(String topic, int partitions) {
        topics.put(topic, partitions);
        for (int p = 0; p < partitions; p++) {
            logs.put(new TopicPartition(topic, p), new TreeMap<>());
        }
    }

    /** Appends record batches (as a Produce request would carry them, base offsets already set) to a partition. */
    synchronized void append(TopicPartition partition, ByteBuffer batches) {
        ByteBuffer all = batches.duplicate();
        while (all.remaining() > 0) {
            int start = all.position();
            int size = 12 + all.getInt(start + 8);
            ByteBuffer batch = ByteBuffer.allocate(size).put(all.duplicate().limit(start + size)).flip();
            logs.get(partition).put(batch.getLong(0), batch);
            all.position(start + size);
        }
        notifyAll();
    }

    /** Answers requests of {@code key} with {@code handler} instead of the default; null restores the default. */
    void script(ApiKey key, Handler handler) {
        if (handler == null) {
            scripts.remove(key);
        } else {
            scripts.put(key, handler);
        }
    }

    /** What a healthy cluster answers; scripts delegate to it for the requests they let through. */
    ApiMessage defaultAnswer(int node, ApiMessage request, short version) {
        return switch (request.apiKey()) {
            case API_VERSIONS -> apiVersions();
            case METADATA -> metadata((MetadataRequest) request);
            case FIND_COORDINATOR -> findCoordinator((FindCoordinatorRequest) request, version);
            case JOIN_GROUP -> node != coordinator ? notCoordinator(request, version) : join((JoinGroupRequest) request, version);
            case SYNC_GROUP -> node != coordinator ? notCoordinator(request, version) : sync((SyncGroupRequest) request, version);
            case HEARTBEAT -> node != coordinator ? notCoordinator(request, version) : heartbeat((HeartbeatRequest) request);
            case OFFSET_FETCH -> node != coordinator ? notCoordinator(request, version) : offsetFetch((OffsetFetchRequest) request);
            case OFFSET_COMMIT -> node != coordinator ? notCoordinator(request, version) : offsetCommit((OffsetCommitRequest) request);
            case LEAVE_GROUP -> new LeaveGroupResponse().setMembers(((LeaveGroupRequest) request).members().stream()
                    .map(m -> new LeaveGroupResponse.MemberResponse().setMemberId(m.memberId())).toList());
            case LIST_OFFSETS -> listOffsets((ListOffsetsRequest) request);
            case FETCH -> fetch((FetchRequest) request);
            default -> throw new IllegalStateException("ScriptedCluster does not answer " + request.apiKey());
        };
    }

    /** The group's answer from a broker that is not its coordinator. */
    static ApiMessage notCoordinator(ApiMessage request, short version) {
        short code = ErrorCode.NOT_COORDINATOR.code();
        return switch (request.apiKey()) {
            case JOIN_GROUP -> new JoinGroupResponse().setErrorCode(code).setMemberId(((JoinGroupRequest) request).memberId());
            case SYNC_GROUP -> new SyncGroupResponse().setErrorCode(code);
            case HEARTBEAT -> new HeartbeatResponse().setErrorCode(code);
            case OFFSET_FETCH -> new OffsetFetchResponse().setErrorCode(code);
            case OFFSET_COMMIT -> commitError((OffsetCommitRequest) request, ErrorCode.NOT_COORDINATOR);
            default -> throw new IllegalArgumentException("not a group request: " + request.apiKey());
        };
    }

    /** An OffsetCommit answer with {@code error} for every partition of the request. */
    static OffsetCommitResponse commitError(OffsetCommitRequest request, ErrorCode error) {
        return new OffsetCommitResponse().setTopics(request.topics().stream()
                .map(topic -> new OffsetCommitResponse.OffsetCommitResponseTopic().setName(topic.name())
                        .setPartitions(topic.partitions().stream()
                                .map(p -> new OffsetCommitResponse.OffsetCommitResponsePartition()
                                        .setPartitionIndex(p.partitionIndex()).setErrorCode(error.code()))
                                .toList()))
                .toList());
    }

    /** Makes broker {@code node} the group coordinator: FindCoordinator names it, the others refuse group requests. */
    void moveCoordinator(int node) {
        coordinator = node;
    }

    /** Number of requests of {@code key} any broker received. */
    int requests(ApiKey key) {
        return counts.getOrDefault(key.name(), new AtomicInteger()).get();
    }

    /** Number of requests of {@code key} broker {@code node} received. */
    int requests(ApiKey key, int node) {
        return counts.getOrDefault(key.name() + "@" + node, new AtomicInteger()).get();
    }

    /** Every OffsetCommit request received, in arrival order. */
    List<OffsetCommitRequest> commitRequests() {
        return List.copyOf(commits);
    }

    /** The group's committed offsets. */
    Map<TopicPartition, Long> committed() {
        return Map.copyOf(committed);
    }

    /** Sets a committed offset, as an earlier member would have. */
    void commit(TopicPartition partition, long offset) {
        committed.put(partition, offset);
    }

    /** The generation the group is in: how many joins completed. */
    synchronized int generation() {
        return generation;
    }

    @Override
    public void close() throws IOException {
        for (Node node : nodes) {
            node.server.close();
        }
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private ApiMessage answer(int node, ApiMessage request, short version) {
        counts.computeIfAbsent(request.apiKey().name(), k -> new AtomicInteger()).incrementAndGet();
        counts.computeIfAbsent(request.apiKey().name() + "@" + node, k -> new AtomicInteger()).incrementAndGet();
        if (request instanceof OffsetCommitRequest commit) {
            commits.add(commit);
        }
        Handler script = request.apiKey() == ApiKey.API_VERSIONS ? null : scripts.get(request.apiKey());
        return script != null ? script.answer(node, request, version) : defaultAnswer(node, request, version);
    }

    private static ApiVersionsResponse apiVersions() {
        List<ApiVersionsResponse.ApiVersion> versions = new ArrayList<>();
        for (ApiKey key : ApiKey.values()) {
            if (key.latestVersion() >= key.oldestVersion()) {
                versions.add(new ApiVersionsResponse.ApiVersion().setApiKey(key.id())
                        .setMinVersion(key.oldestVersion()).setMaxVersion(key.latestVersion()));
            }
        }
        return new ApiVersionsResponse().setApiKeys(versions);
    }

    private synchronized MetadataResponse metadata(MetadataRequest request) {
        List<MetadataResponse.MetadataResponseBroker> brokers = nodes.stream()
                .map(node -> new MetadataResponse.MetadataResponseBroker().setNodeId(node.id).setHost("127.0.0.1")
                        .setPort(node.server.getLocalPort()))
                .toList();
        List<String> names = request.topics() == null ? List.copyOf(topics.keySet())
                : request.topics().stream().map(MetadataRequest.MetadataRequestTopic::name).toList();
        List<MetadataResponse.MetadataResponseTopic> described = new ArrayList<>();
        for (String name : names) {
            Integer partitions = topics.get(name);
            MetadataResponse.MetadataResponseTopic topic = new MetadataResponse.MetadataResponseTopic().setName(name)
                    .setTopicId(UUID.nameUUIDFromBytes(name.getBytes()));
            if (partitions == null) {
                topic.setErrorCode(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code());
            } else {
                List<MetadataResponse.MetadataResponsePartition> list = new ArrayList<>();
                for (int p = 0; p < partitions; p++) {
                    list.add(new MetadataResponse.MetadataResponsePartition().setPartitionIndex(p).setLeaderId(0)
                            .setLeaderEpoch(0).setReplicaNodes(List.of(0)).setIsrNodes(List.of(0)));
                }
                topic.setPartitions(list);
            }
            described.add(topic);
        }
        return new MetadataResponse().setBrokers(brokers).setClusterId("scripted").setControllerId(0)
                .setTopics(described);
    }

    private FindCoordinatorResponse findCoordinator(FindCoordinatorRequest request, short version) {
        Node node = nodes.get(coordinator);
        if (version < 4) {
            return new FindCoordinatorResponse().setNodeId(node.id).setHost("127.0.0.1")
                    .setPort(node.server.getLocalPort());
        }
        return new FindCoordinatorResponse().setCoordinators(request.coordinatorKeys().stream()
                .map(key -> new FindCoordinatorResponse.Coordinator().setKey(key).setNodeId(node.id)
                        .setHost("127.0.0.1").setPort(node.server.getLocalPort()))
                .toList());
    }

    private synchronized JoinGroupResponse join(JoinGroupRequest request, short version) {
        if (request.memberId().isEmpty() && version >= 4) {
            return new JoinGroupResponse().setErrorCode(ErrorCode.MEMBER_ID_REQUIRED.code()).setMemberId(MEMBER_ID)
                    .setGenerationId(-1);
        }
        generation++;
        JoinGroupRequest.JoinGroupRequestProtocol protocol = request.protocols().get(0);
        return new JoinGroupResponse().setGenerationId(generation).setProtocolType(request.protocolType())
                .setProtocolName(protocol.name()).setLeader(MEMBER_ID).setMemberId(MEMBER_ID)
                .setMembers(List.of(new JoinGroupResponse.JoinGroupResponseMember().setMemberId(MEMBER_ID)
                        .setMetadata(protocol.metadata())));
    }

    private synchronized SyncGroupResponse sync(SyncGroupRequest request, short version) {
        if (request.generationId() != generation) {
            return new SyncGroupResponse().setErrorCode(ErrorCode.ILLEGAL_GENERATION.code());
        }
        byte[] assignment = request.assignments().stream().filter(a -> a.memberId().equals(request.memberId()))
                .findFirst().map(SyncGroupRequest.SyncGroupRequestAssignment::assignment).orElse(new byte[0]);
        SyncGroupResponse response = new SyncGroupResponse().setAssignment(assignment);
        if (version >= 5) {
            response.setProtocolType(request.protocolType()).setProtocolName(request.protocolName());
        }
        return response;
    }

    private synchronized HeartbeatResponse heartbeat(HeartbeatRequest request) {
        ErrorCode error = request.generationId() == generation ? ErrorCode.NONE : ErrorCode.ILLEGAL_GENERATION;
        return new HeartbeatResponse().setErrorCode(error.code());
    }

    private OffsetFetchResponse offsetFetch(OffsetFetchRequest request) {
        return new OffsetFetchResponse().setTopics(request.topics().stream()
                .map(topic -> new OffsetFetchResponse.OffsetFetchResponseTopic().setName(topic.name())
                        .setPartitions(topic.partitionIndexes().stream()
                                .map(p -> new OffsetFetchResponse.OffsetFetchResponsePartition().setPartitionIndex(p)
                                        .setCommittedOffset(committed.getOrDefault(new TopicPartition(topic.name(), p), -1L)))
                                .toList()))
                .toList());
    }

    private synchronized OffsetCommitResponse offsetCommit(OffsetCommitRequest request) {
        if (request.generationIdOrMemberEpoch() != generation) {
            return commitError(request, ErrorCode.ILLEGAL_GENERATION);
        }
        request.topics().forEach(topic -> topic.partitions().forEach(p ->
                committed.put(new TopicPartition(topic.name(), p.partitionIndex()), p.committedOffset())));
        return commitError(request, ErrorCode.NONE);
    }

    private synchronized ListOffsetsResponse listOffsets(ListOffsetsRequest request) {
        return new ListOffsetsResponse().setTopics(request.topics().stream()
                .map(topic -> new ListOffsetsResponse.ListOffsetsTopicResponse().setName(topic.name())
                        .setPartitions(topic.partitions().stream().map(p -> {
                            TreeMap<Long, ByteBuffer> log = logs.get(new TopicPartition(topic.name(), p.partitionIndex()));
                            long offset = p.timestamp() == ReaderConfig.FIRST_OFFSET ? startOf(log) : endOf(log);
                            return new ListOffsetsResponse.ListOffsetsPartitionResponse()
                                    .setPartitionIndex(p.partitionIndex()).setTimestamp(-1).setOffset(offset);
                        }).toList()))
                .toList());
    }

    /** Batches from the fetch offset on, at least one and then up to the partition's byte limit; waits maxWait when nothing is there. */
    private synchronized FetchResponse fetch(FetchRequest request) {
        long deadline = System.nanoTime() + request.maxWaitMs() * 1_000_000L;
        while (true) {
            List<FetchResponse.FetchableTopicResponse> responses = new ArrayList<>();
            boolean any = false;
            for (FetchRequest.FetchTopic topic : request.topics()) {
                List<FetchResponse.PartitionData> partitions = new ArrayList<>();
                for (FetchRequest.FetchPartition p : topic.partitions()) {
                    TreeMap<Long, ByteBuffer> log = logs.get(new TopicPartition(topic.topic(), p.partition()));
                    ByteBuffer records = recordsFrom(log, p.fetchOffset(), p.partitionMaxBytes());
                    any |= records.hasRemaining();
                    partitions.add(new FetchResponse.PartitionData().setPartitionIndex(p.partition())
                            .setHighWatermark(endOf(log)).setLastStableOffset(endOf(log)).setLogStartOffset(startOf(log))
                            .setRecords(records));
                }
                responses.add(new FetchResponse.FetchableTopicResponse().setTopic(topic.topic()).setPartitions(partitions));
            }
            long wait = (deadline - System.nanoTime()) / 1_000_000L;
            if (any || wait <= 0) {
                return new FetchResponse().setResponses(responses);
            }
            try {
                wait(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new FetchResponse().setResponses(responses);
            }
        }
    }

    private static ByteBuffer recordsFrom(TreeMap<Long, ByteBuffer> log, long offset, int maxBytes) {
        List<ByteBuffer> selected = new ArrayList<>();
        int size = 0;
        for (ByteBuffer batch : log.values()) {
            if (lastOffsetOf(batch) < offset) {
                continue;
            }
            if (!selected.isEmpty() && size + batch.remaining() > maxBytes) {
                break;
            }
            selected.add(batch);
            size += batch.remaining();
        }
        ByteBuffer records = ByteBuffer.allocate(size);
        selected.forEach(batch -> records.put(batch.duplicate()));
        return records.flip();
    }

    private static long lastOffsetOf(ByteBuffer batch) {
        return batch.getLong(0) + batch.getInt(23);
    }

    private static long startOf(TreeMap<Long, ByteBuffer> log) {
        return log.isEmpty() ? 0 : log.firstKey();
    }

    private static long endOf(TreeMap<Long, ByteBuffer> log) {
        return log.isEmpty() ? 0 : lastOffsetOf(log.lastEntry().getValue()) + 1;
    }

    /** One broker: accepts connections and answers each one's requests in order on a thread of its own. */
    private final class Node {
        final int id;
        final ServerSocket server;

        Node(int id) throws IOException {
            this.id = id;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::accept, "scripted-broker-" + id);
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    sockets.add(socket);
                    Thread connection = new Thread(() -> serve(socket), "scripted-broker-" + id + "-connection");
                    connection.setDaemon(true);
                    connection.start();
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private void serve(Socket socket) {
            try (socket) {
                DataInputStream in = new DataInputStream(socket.getInputStream());
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                while (true) {
                    byte[] frame = new byte[in.readInt()];
                    in.readFully(frame);
                    ProtocolReader reader = new ProtocolReader(ByteBuffer.wrap(frame));
                    ApiKey key = ApiKey.forId(reader.readInt16());
                    short version = reader.readInt16();
                    int correlationId = reader.readInt32();
                    reader.readString("client id", false, true);
                    if (key.requestHeaderVersion(version) >= 2) {
                        int tags = reader.readTaggedFieldCount();
                        for (int i = 0; i < tags; i++) {
                            reader.readUnsignedVarint();
                            reader.skip(reader.readTaggedFieldSize(), "request header tagged field");
                        }
                    }
                    ApiMessage response = answer(id, key.parseRequest(reader, version), version);
                    if (response == null) {
                        return; // hang up without answering
                    }
                    ProtocolWriter body = new ProtocolWriter();
                    response.write(body, version);
                    boolean taggedHeader = key.responseHeaderVersion(version) >= 1;
                    out.writeInt(4 + (taggedHeader ? 1 : 0) + body.size());
                    out.writeInt(correlationId);
                    if (taggedHeader) {
                        out.writeByte(0);
                    }
                    out.write(body.toByteArray());
                    out.flush();
                }
            } catch (IOException e) {
                // the client hung up, or the cluster closed
            }
        }
    }
}

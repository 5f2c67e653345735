package io.kafkago.internal.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kafkago.KafkaProtocolException;
import io.kafkago.Reader;
import io.kafkago.ReaderConfig;
import io.kafkago.network.BrokerAddress;
import io.kafkago.network.FakeBroker;
import io.kafkago.protocol.ApiKey;
import io.kafkago.protocol.message.MetadataResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A broker whose Fetch or Metadata answers cannot be read (garbage, as from a broken broker or something on the way
 * rewriting bytes; fault scenario 13) must reach the application as a typed error, not look like a partition without
 * new messages while the reader retries in silence.
 */
class FetcherUnreadableAnswerTest {

    private static final String TOPIC = "garbled";
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void aFetchAnswerThatCannotBeReadIsThrownByTheNextRead() throws Exception {
        assertThat(firstReadFrom(broker -> garbleAnswers(broker, ApiKey.FETCH)))
                .isInstanceOf(KafkaProtocolException.class)
                .hasMessageContaining("fetch of " + TOPIC + "-0 at offset 0");
    }

    @Test
    void aMetadataAnswerThatCannotBeReadIsThrownByANextRead() throws Exception {
        assertThat(firstReadFrom(broker -> garbleAnswers(broker, ApiKey.METADATA)))
                .isInstanceOf(KafkaProtocolException.class).hasMessageContaining("metadata of " + TOPIC);
    }

    /** What the first read of partition 0 from offset 0 throws within a few seconds (null if it returned). */
    private static Throwable firstReadFrom(FakeBroker.Script script) throws IOException {
        try (FakeBroker broker = new FakeBroker(script);
             Reader reader = new Reader(ReaderConfig.builder().brokers(broker.address().toString()).topic(TOPIC)
                     .partition(0).build())) {
            reader.setOffset(0); // an absolute offset: the reader fetches without looking offsets up first
            return catchThrowable(() -> reader.readMessage(WAIT));
        }
    }

    /**
     * Answers like a broker leading the topic's one partition, except that every answer to {@code garbled} is
     * garbage; Fetch requests are otherwise left unanswered.
     */
    private static void garbleAnswers(FakeBroker broker, ApiKey garbled) throws IOException {
        broker.answerApiVersions();
        while (true) {
            FakeBroker.Request request = broker.readRequest();
            if (request.apiKey() == garbled.id()) {
                broker.writeFrame(request.correlationId(), new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
            } else if (request.apiKey() == ApiKey.METADATA.id()) {
                broker.answer(request, metadata(broker.address()));
            }
        }
    }
    private static MetadataResponse metadata(BrokerAddress self) {
        return new MetadataResponse()
                .setBrokers(List.of(new MetadataResponse.MetadataResponseBroker().setNodeId(0).setHost(self.host())
                        .setPort(self.port())))
                .setClusterId("fake").setControllerId(0)
                .setTopics(List.of(new MetadataResponse.MetadataResponseTopic().setName(TOPIC)
                        .setTopicId(UUID.randomUUID())
                        .setPartitions(List.of(new MetadataResponse.MetadataResponsePartition().setPartitionIndex(0)
                                .setLeaderId(0).setLeaderEpoch(0).setReplicaNodes(List.of(0))
                                .setIsrNodes(List.of(0))))));
    }
}

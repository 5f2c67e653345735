package io.kafkago.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.Header;
import io.kafkago.Message;
import io.kafkago.spring.PayloadConversionException;
import io.kafkago.spring.MessageHeader;
import io.kafkago.spring.MessageKey;
import io.kafkago.spring.MessageOffset;
import io.kafkago.spring.MessagePartition;
import io.kafkago.spring.MessageTimestamp;
import io.kafkago.spring.MessageTopic;
import io.kafkago.spring.json.Jackson3PayloadConverter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ListenerMethodTest {

    private static final Jackson3PayloadConverter JSON = new Jackson3PayloadConverter(JsonMapper.builder().build());
    private static final Instant TIME = Instant.ofEpochMilli(1_767_225_600_123L);
    private static final Message MESSAGE = new Message("orders", 3, 42, 50, "key-1".getBytes(StandardCharsets.UTF_8),
            "{\"id\":\"o-1\",\"cents\":5}".getBytes(StandardCharsets.UTF_8),
            List.of(Header.of("h", "first"), Header.of("h", "second"), new Header("raw", new byte[] {1, 2})), TIME);

    record Order(String id, int cents) {
    }

    @SuppressWarnings("unused")
    static class Handlers {
        void all(Order order, @MessageKey String key, @MessageKey byte[] keyBytes, @MessageHeader("h") String h,
                @MessageHeader("raw") byte[] raw, @MessageHeader("missing") String missing, @MessageTopic String topic,
                @MessagePartition int partition, @MessagePartition Integer boxedPartition, @MessageOffset long offset,
                @MessageTimestamp Instant time, @MessageTimestamp long millis) {
        }

        void string(String value) {
        }

        void bytes(byte[] value) {
        }

        void message(Message value) {
        }

        void generic(Map<String, List<Integer>> value) {
        }

        void batchOfOrders(List<Order> orders) {
        }

        void noPayload(@MessageTopic String topic) {
        }

        void twoPayloads(String a, String b) {
        }

        void badPartitionType(String value, @MessagePartition String partition) {
        }

        void badHeaderType(String value, @MessageHeader("h") int header) {
        }

        void primitivePayload(int value) {
        }

        void batchWithoutList(String value) {
        }

        void batchWithExtra(List<String> values, @MessageTopic String topic) {
        }

        void fails(String value) throws Exception {
            throw new java.io.IOException("disk full");
        }
    }

    private static ListenerMethod method(String name, boolean batch) {
        Method method = Arrays.stream(Handlers.class.getDeclaredMethods()).filter(m -> m.getName().equals(name))
                .findFirst().orElseThrow();
        return ListenerMethod.of(new Handlers(), method, batch, JSON);
    }

    @Test
    void everyParameterKindIsResolvedFromTheMessage() {
        Object[] arguments = method("all", false).argumentsFor(MESSAGE);

        assertThat(arguments[0]).isEqualTo(new Order("o-1", 5));
        assertThat(arguments[1]).isEqualTo("key-1");
        assertThat(arguments[2]).isEqualTo("key-1".getBytes(StandardCharsets.UTF_8));
        assertThat(arguments[3]).as("the last of repeated headers").isEqualTo("second");
        assertThat(arguments[4]).isEqualTo(new byte[] {1, 2});
        assertThat(arguments[5]).isNull();
        assertThat(arguments[6]).isEqualTo("orders");
        assertThat(arguments[7]).isEqualTo(3);
        assertThat(arguments[8]).isEqualTo(3);
        assertThat(arguments[9]).isEqualTo(42L);
        assertThat(arguments[10]).isEqualTo(TIME);
        assertThat(arguments[11]).isEqualTo(TIME.toEpochMilli());
    }

    @Test
    void payloadTypesAreStringBytesMessageOrJson() {
        assertThat(method("string", false).argumentsFor(MESSAGE)).containsExactly("{\"id\":\"o-1\",\"cents\":5}");
        assertThat(method("bytes", false).argumentsFor(MESSAGE)[0]).isSameAs(MESSAGE.value());
        assertThat(method("message", false).argumentsFor(MESSAGE)[0]).isSameAs(MESSAGE);
        Message generic = Message.of("{\"a\":[1,2],\"b\":[]}");
        assertThat(method("generic", false).argumentsFor(generic)[0])
                .isEqualTo(Map.of("a", List.of(1, 2), "b", List.of()));
        assertThat(method("noPayload", false).argumentsFor(MESSAGE)).containsExactly("orders");
    }

    @Test
    void aTombstoneGivesANullPayload() {
        Message tombstone = Message.of("k", (String) null);
        assertThat(method("string", false).argumentsFor(tombstone)).containsExactly((Object) null);
        Object[] all = method("all", false).argumentsFor(tombstone);
        assertThat(all[0]).isNull();
        assertThat(all[10]).as("no time").isNull();
        assertThat(all[11]).as("no time in epoch millis").isEqualTo(-1L);
    }

    @Test
    void unconvertibleJsonIsAConversionError() {
        assertThatThrownBy(() -> method("all", false).argumentsFor(Message.of("{\"id\": oops")))
                .isInstanceOf(PayloadConversionException.class)
                .hasMessageContaining(Order.class.getName());
    }

    @Test
    void batchElementsAreConvertedOneByOneAndFailuresReported() {
        List<Message> failed = new ArrayList<>();
        List<Object> elements = method("batchOfOrders", true).batchElements(List.of(
                Message.of("{\"id\":\"a\",\"cents\":1}"), Message.of("nope"), Message.of("{\"id\":\"b\",\"cents\":2}")),
                (message, error) -> failed.add(message));

        assertThat(elements).containsExactly(new Order("a", 1), new Order("b", 2));
        assertThat(failed).extracting(Message::valueAsString).containsExactly("nope");
    }

    @Test
    void unsupportedSignaturesFailWithTheMethodNamed() {
        assertThatIllegalStateException().isThrownBy(() -> method("twoPayloads", false))
                .withMessageContaining("Handlers.twoPayloads").withMessageContaining("more than one parameter");
        assertThatIllegalStateException().isThrownBy(() -> method("badPartitionType", false))
                .withMessageContaining("'partition' of type java.lang.String cannot be bound with @MessagePartition");
        assertThatIllegalStateException().isThrownBy(() -> method("badHeaderType", false))
                .withMessageContaining("cannot be bound with @MessageHeader");
        assertThatIllegalStateException().isThrownBy(() -> method("primitivePayload", false))
                .withMessageContaining("primitive type int");
        assertThatIllegalStateException().isThrownBy(() -> method("batchWithoutList", true))
                .withMessageContaining("exactly one parameter of type List<T>");
        assertThatIllegalStateException().isThrownBy(() -> method("batchWithExtra", true))
                .withMessageContaining("exactly one parameter of type List<T>");
        Method all = Arrays.stream(Handlers.class.getDeclaredMethods()).filter(m -> m.getName().equals("all"))
                .findFirst().orElseThrow();
        assertThatIllegalStateException().isThrownBy(() -> ListenerMethod.of(new Handlers(), all, false, null))
                .withMessageContaining("needs JSON conversion");
    }

    @Test
    void whatTheHandlerThrowsComesOutUnwrapped() {
        ListenerMethod fails = method("fails", false);
        assertThatThrownBy(() -> fails.invoke(fails.argumentsFor(MESSAGE)))
                .isInstanceOf(java.io.IOException.class).hasMessage("disk full");
    }
}

package io.kafkago;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageTest {

    @Test
    void stringFactoriesEncodeUtf8AndLeaveEverythingElseUnset() {
        Message message = Message.of("clé", "välue");

        assertThat(message.key()).isEqualTo("clé".getBytes(UTF_8));
        assertThat(message.value()).isEqualTo("välue".getBytes(UTF_8));
        assertThat(message.keyAsString()).isEqualTo("clé");
        assertThat(message.valueAsString()).isEqualTo("välue");
        assertThat(message.topic()).isNull();
        assertThat(message.partition()).isEqualTo(-1);
        assertThat(message.offset()).isEqualTo(-1L);
        assertThat(message.highWaterMark()).isEqualTo(-1L);
        assertThat(message.headers()).isEmpty();
        assertThat(message.time()).isNull();
    }

    @Test
    void valueOnlyFactoriesHaveNoKey() {
        assertThat(Message.of("one!").key()).isNull();
        assertThat(Message.of("one!").valueAsString()).isEqualTo("one!");
        assertThat(Message.of(new byte[] {1, 2}).key()).isNull();
        assertThat(Message.of(new byte[] {1, 2}).value()).containsExactly(1, 2);
        assertThat(Message.of((String) null).value()).isNull();
        assertThat(Message.of((String) null).valueAsString()).isNull();
    }

    @Test
    void byteFactoriesTakeArraysOverWithoutCopying() {
        byte[] key = {1};
        byte[] value = {2, 3};
        Message message = Message.of(key, value);

        assertThat(message.key()).isSameAs(key);
        assertThat(message.value()).isSameAs(value);
    }

    @Test
    void withersChangeOneFieldAndLeaveTheOriginalAlone() {
        Instant time = Instant.parse("2024-05-01T10:15:30Z");
        Message original = Message.of("k", "v");
        Message changed = original.withTopic("orders").withPartition(3).withOffset(42).withTime(time)
                .withHeaders(Header.of("trace", "abc"), new Header("empty", null));

        assertThat(changed.topic()).isEqualTo("orders");
        assertThat(changed.partition()).isEqualTo(3);
        assertThat(changed.offset()).isEqualTo(42L);
        assertThat(changed.time()).isEqualTo(time);
        assertThat(changed.headers()).containsExactly(Header.of("trace", "abc"), new Header("empty", null));
        assertThat(changed.keyAsString()).isEqualTo("k");
        assertThat(original.topic()).isNull();
        assertThat(original.partition()).isEqualTo(-1);
        assertThat(original.headers()).isEmpty();

        Message rekeyed = changed.withKey("k2").withValue("v2");
        assertThat(rekeyed.keyAsString()).isEqualTo("k2");
        assertThat(rekeyed.valueAsString()).isEqualTo("v2");
        assertThat(rekeyed.topic()).isEqualTo("orders");
        assertThat(rekeyed.withKey((byte[]) null).key()).isNull();
        assertThat(rekeyed.withValue((String) null).value()).isNull();
    }

    @Test
    void headersAreCopiedSoLaterChangesToTheCallersListDoNotLeakIn() {
        List<Header> headers = new ArrayList<>(List.of(Header.of("a", "1")));
        Message message = Message.of("v").withHeaders(headers);
        headers.add(Header.of("b", "2"));

        assertThat(message.headers()).containsExactly(Header.of("a", "1"));
        assertThatThrownBy(() -> message.headers().add(Header.of("c", "3")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void immutableHeaderListsAreSharedNotCopied() {
        List<Header> headers = List.of(Header.of("a", "1"), Header.of("b", "2"));
        Message message = new Message("t", 0, 7, 9, null, null, headers, null);

        assertThat(message.headers()).isSameAs(headers);
        assertThat(message.highWaterMark()).isEqualTo(9L);
    }

    @Test
    void equalityComparesArrayContents() {
        Message a = Message.of("k", "v").withTopic("t").withHeaders(Header.of("h", "x"));
        Message b = Message.of("k".getBytes(UTF_8), "v".getBytes(UTF_8)).withTopic("t").withHeaders(Header.of("h", "x"));

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(b.withValue("w"));
        assertThat(a).isNotEqualTo(b.withPartition(1));
        assertThat(a).isNotEqualTo(b.withHeaders());
    }

    @Test
    void toStringShowsSizesNotContent() {
        Message message = Message.of("secret-key", "secret-password").withTopic("t").withHeaders(Header.of("token", "hunter2"));

        assertThat(message.toString()).contains("topic=t", "key=10 bytes", "value=15 bytes", "headers=1")
                .doesNotContain("secret", "hunter2");
        assertThat(Message.of((byte[]) null).toString()).contains("value=null");
        assertThat(Header.of("token", "hunter2").toString()).contains("token", "7 bytes").doesNotContain("hunter2");
    }

    @Test
    void aFetchedMessageKeepsItsMillisecondTimestampThroughWithersAndEqualsOneMadeWithAnInstant() {
        long millis = 1_714_558_530_123L;
        Message fetched = new Message("t", 1, 5, 9, null, new byte[] {7}, List.of(), millis);
        Message withInstant = new Message("t", 1, 5, 9, null, new byte[] {7}, List.of(), Instant.ofEpochMilli(millis));

        assertThat(fetched.time()).isEqualTo(Instant.ofEpochMilli(millis));
        assertThat(fetched.withTopic("u").withOffset(6).time()).isEqualTo(Instant.ofEpochMilli(millis));
        assertThat(fetched).isEqualTo(withInstant).hasSameHashCodeAs(withInstant);
        assertThat(fetched.toString()).contains("time=" + Instant.ofEpochMilli(millis));
        assertThat(fetched.withTime(null).time()).isNull();
        assertThat(new Message("t", 1, 5, 9, null, null, null, -1L).time()).isEqualTo(Instant.ofEpochMilli(-1));
    }

    @Test
    void badPartitionsAndHeaderKeysAreRejected() {
        assertThatThrownBy(() -> Message.of("v").withPartition(-2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partition");
        assertThatThrownBy(() -> new Header(null, new byte[0]))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("header key");
    }

    @Test
    void headerValuesDecodeAsUtf8() {
        assertThat(Header.of("k", "wert").valueAsString()).isEqualTo("wert");
        assertThat(Header.of("k", null).value()).isNull();
        assertThat(Header.of("k", null).valueAsString()).isNull();
        assertThat(new Header("k", new byte[] {1})).isEqualTo(new Header("k", new byte[] {1}))
                .hasSameHashCodeAs(new Header("k", new byte[] {1}));
    }

    @Test
    void applicationsSeeOnlyTheConstructorWithAnInstant() {
        assertThat(Message.class.getConstructors()).singleElement()
                .satisfies(constructor -> assertThat(constructor.getParameterTypes()).endsWith(Instant.class));
    }
}

package io.kafkago.internal.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.KafkaException;
import io.kafkago.KafkaTimeoutException;
import io.kafkago.Message;
import io.kafkago.WriteException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class PendingWriteTest {

    private final List<WriteException> completions = new ArrayList<>();
    private final Message[] messages = {Message.of("a"), Message.of("b"), Message.of("c")};
    private final PendingWrite write = new PendingWrite(messages, 0, (w, failure) -> completions.add(failure));

    @Test
    void completesNormallyOnceEveryMessageIsWritten() {
        write.written(2);
        write.written(0);
        assertThat(write.future()).isNotDone();
        write.written(1);
        assertThat(write.future()).isCompleted();
        assertThat(completions).containsExactly((WriteException) null);
    }

    @Test
    void failureNamesOnlyTheFailedMessagesInCallOrder() {
        KafkaException timeout = new KafkaTimeoutException("too slow");
        write.failed(2, timeout);
        write.written(1);
        write.failed(0, new KafkaException("broken"));
        assertThatThrownBy(() -> write.future().join()).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(WriteException.class)
                .hasMessage("2 of 3 messages could not be written: [0] broken; [2] too slow");
        WriteException failure = completions.get(0);
        assertThat(failure.errors()).extracting(WriteException.MessageError::index).containsExactly(0, 2);
        assertThat(failure.errors().get(1).message()).isSameAs(messages[2]);
        assertThat(failure.errors().get(1).error()).isSameAs(timeout);
        assertThat(failure.getCause()).hasMessage("broken");
        assertThat(failure.messageCount()).isEqualTo(3);
    }

    @Test
    void longErrorListsAreSummarised() {
        Message[] many = new Message[5];
        for (int i = 0; i < many.length; i++) {
            many[i] = Message.of("m" + i);
        }
        PendingWrite big = new PendingWrite(many, 0, (w, f) -> { });
        for (int i = 0; i < many.length; i++) {
            big.failed(i, new KafkaException("down"));
        }
        assertThatThrownBy(() -> big.future().join()).cause()
                .hasMessage("5 of 5 messages could not be written: [0] down; [1] down; [2] down; and 2 more");
    }

    @Test
    void rejectsEmptyWrites() {
        assertThatThrownBy(() -> new PendingWrite(new Message[0], 0, (w, f) -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package io.kafkago.spring.aot;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.Message;
import io.kafkago.spring.KafkaGoListener;
import io.kafkago.spring.MessageHeader;
import io.kafkago.spring.MessageKey;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.annotation.ReflectiveRuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

/** What AOT processing registers for {@code @KafkaGoListener} beans. */
class KafkaGoListenerReflectiveProcessorTest {

    record Order(String id, int cents, Customer customer) {
    }

    record Customer(String name) {
    }

    record AuditEntry(String action) {
    }

    static class Unrelated {
    }

    static class Billing {
        @KafkaGoListener(topics = "orders", groupId = "billing")
        void on(Order order, @MessageKey String key, @MessageHeader("source") Unrelated notAPayload) {
        }

        @KafkaGoListener(topics = "audit", groupId = "audit", batch = true)
        void audit(List<AuditEntry> entries) {
        }

        @KafkaGoListener(topics = "raw", groupId = "raw")
        void raw(Message message) {
        }

        void notAListener(Unrelated value) {
        }
    }

    private final RuntimeHints hints = new RuntimeHints();

    @Test
    void listenerMethodsCanBeInvokedAndTheirJsonPayloadTypesBound() {
        new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(hints, Billing.class);

        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Billing.class, "on")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Billing.class, "audit")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Billing.class, "raw")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Billing.class, "notAListener"))
                .rejects(hints);

        assertThat(RuntimeHintsPredicates.reflection().onType(Order.class)
                .withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Order.class, "cents")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Customer.class, "name"))
                .as("types reachable from a payload").accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(AuditEntry.class, "action"))
                .as("a batch handler's element type").accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Unrelated.class))
                .as("metadata parameters and other methods are no payloads").rejects(hints);
    }
}

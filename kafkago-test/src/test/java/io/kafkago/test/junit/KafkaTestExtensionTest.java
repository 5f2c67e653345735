package io.kafkago.test.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.kafkago.test.EmbeddedKafkaCluster;
import io.kafkago.test.security.BrokerSecurity;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Misconfigurations of {@link KafkaTest} fail with a message saying what to change, before any broker starts. */
class KafkaTestExtensionTest {

    @Test
    void embeddedClusterInjectionNeedsADedicatedCluster() {
        assertFailsWith(SharedWithEmbeddedField.class, "set @KafkaTest(brokers = n)");
    }

    @Test
    void brokerSecurityNeedsSecurityListeners() {
        assertFailsWith(SecurityWithoutListeners.class, "@KafkaTest(securityListeners = true)");
    }

    @Test
    void brokerPropertiesMustBeKeyValuePairs() {
        assertFailsWith(MalformedBrokerProperty.class, "must be key=value, got 'log.retention.ms'");
    }

    private static void assertFailsWith(Class<?> testClass, String messagePart) {
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(testClass))
                .execute()
                .allEvents()
                .assertThatEvents()
                .haveExactly(1, event(finishedWithFailure(message(m -> m.contains(messagePart)))));
    }

    @KafkaTest
    static class SharedWithEmbeddedField {
        EmbeddedKafkaCluster cluster;

        @Test
        void test() {
        }
    }

    @KafkaTest
    static class SecurityWithoutListeners {
        @Test
        void test(BrokerSecurity security) {
        }
    }

    @KafkaTest(brokerProperties = "log.retention.ms")
    static class MalformedBrokerProperty {
        @Test
        void test(EmbeddedKafkaCluster cluster) {
        }
    }
}

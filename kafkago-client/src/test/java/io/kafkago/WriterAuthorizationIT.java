package io.kafkago;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.sasl.Plain;
import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.junit.KafkaTest;
import io.kafkago.test.security.BrokerSecurity;
import io.kafkago.test.security.SecureListener;
import io.kafkago.test.security.TestUser;
import org.junit.jupiter.api.Test;

/**
 * A writer whose user may not write to a topic gets a clear authorization error. The broker authorizes with
 * Kafka's StandardAuthorizer: plaintext clients (the test's own administration) are super users, the SASL
 * users have no ACLs at all.
 */
@KafkaTest(securityListeners = true, brokerProperties = {
        "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
        "super.users=User:ANONYMOUS",
        "allow.everyone.if.no.acl.found=false"})
class WriterAuthorizationIT {

    KafkaTestCluster cluster;
    BrokerSecurity security;

    @Test
    void writeWithoutPermissionFailsWithTopicAuthorizationFailed() {
        String topic = cluster.createUniqueTopic("acl-protected", 1);
        TestUser user = security.user("PLAIN");
        try (Writer writer = new Writer(WriterConfig.builder()
                .brokers(security.bootstrapServers(SecureListener.SASL_PLAINTEXT).split(","))
                .topic(topic).sasl(new Plain(user.username(), user.password())).build())) {
            assertThatThrownBy(() -> writer.writeMessages(Message.of("not allowed")))
                    .isInstanceOf(WriteException.class)
                    .hasMessageContaining("TOPIC_AUTHORIZATION_FAILED")
                    .satisfies(e -> assertThat(((KafkaBrokerException) ((WriteException) e).errors().get(0).error())
                            .errorCode()).isEqualTo(ErrorCode.TOPIC_AUTHORIZATION_FAILED));
            assertThat(writer.stats().errors()).isEqualTo(1);
        }
    }
}

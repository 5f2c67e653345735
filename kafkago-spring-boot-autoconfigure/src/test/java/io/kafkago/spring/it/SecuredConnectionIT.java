package io.kafkago.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.Message;
import io.kafkago.Writer;
import io.kafkago.spring.KafkaGoListener;
import io.kafkago.spring.boot.autoconfigure.KafkaGoHealthIndicator;
import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.KafkaTestClusters;
import io.kafkago.test.security.BrokerSecurity;
import io.kafkago.test.security.SecureListener;
import io.kafkago.test.security.TestUser;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/** The kafkago.tls.* (a Spring SSL bundle) and kafkago.sasl.* properties reach a SASL_SSL broker. */
class SecuredConnectionIT {

    static final BlockingQueue<String> RECEIVED = new LinkedBlockingQueue<>();

    static class Listener {
        @KafkaGoListener(topics = "${it.topic}", groupId = "secured")
        void on(String value) {
            RECEIVED.add(value);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Listener.class)
    static class App {
    }

    @Test
    void writerListenerAndHealthWorkOverSaslScramAndTlsFromAnSslBundle() throws InterruptedException {
        KafkaTestCluster cluster = KafkaTestClusters.sharedSecured();
        BrokerSecurity security = KafkaTestClusters.sharedSecurity();
        String topic = cluster.createUniqueTopic("secured", 1);
        TestUser user = security.user("SCRAM-SHA-512");

        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .properties("it.topic=" + topic,
                        "kafkago.brokers=" + security.bootstrapServers(SecureListener.SASL_SSL),
                        "kafkago.tls.bundle=kafka",
                        "spring.ssl.bundle.pem.kafka.truststore.certificate=file:"
                                + security.certificates().caCertificatePem(),
                        "kafkago.sasl.mechanism=scram-sha-512",
                        "kafkago.sasl.username=" + user.username(),
                        "kafkago.sasl.password=" + user.password())
                .run()) {
            context.getBean(Writer.class).writeMessages(Message.of("over TLS and SCRAM").withTopic(topic));

            assertThat(RECEIVED.poll(60, TimeUnit.SECONDS)).isEqualTo("over TLS and SCRAM");
            assertThat(context.getBean(KafkaGoHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
        }
    }
}

package io.kafkago.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.ReaderConfig;
import io.kafkago.Writer;
import io.kafkago.WriterConfig;
import io.kafkago.sasl.SaslMechanism;
import io.kafkago.sasl.Scram;
import io.kafkago.test.Await;
import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.fault.DeliveryChecker;
import io.kafkago.test.fault.DeliveryReport;
import io.kafkago.test.junit.KafkaTest;
import io.kafkago.test.security.BrokerSecurity;
import io.kafkago.test.security.SecureListener;
import io.kafkago.test.security.TestUser;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * Scenario 14: SASL sessions expire every {@value #SESSION_LIFETIME_MS} ms ({@code connections.max.reauth.ms}, KIP-368)
 * while an application writes with the Writer's defaults and a group Reader consumes and commits, all over
 * SASL_PLAINTEXT with SCRAM-SHA-512. The broker closes any connection that sends a request after its session expired,
 * so every connection of both clients has to re-authenticate in time, between its other requests, again and again.
 * The run lasts {@value #REAUTHENTICATIONS} re-authentications as the broker counts them; the Writer must fail no write
 * and lose, duplicate or reorder none it acknowledged, the Reader must consume everything without an error reaching
 * the application, and the broker must count no failed re-authentication and no connection closed for an expired
 * session.
 *
 * <p>This runs on the in-JVM secured broker of {@code kafkago-test} rather than the shared process cluster, whose
 * listeners are plaintext: re-authentication is an exchange on each connection, which needs no broker process to
 * kill, and the in-JVM broker's socket-server metrics can be read here to count it.
 */
@KafkaTest(securityListeners = true, brokerProperties = "connections.max.reauth.ms="
        + SaslReauthenticationFaultIT.SESSION_LIFETIME_MS)
class SaslReauthenticationFaultIT {

    static final String SESSION_LIFETIME_MS = "3000";
    /** About a dozen session lifetimes of each of the clients' connections. */
    private static final int REAUTHENTICATIONS = 120;
    private static final int PARTITIONS = 3;
    private static final Duration PROGRESS = Duration.ofMinutes(3);

    KafkaTestCluster cluster;
    BrokerSecurity security;

    @Test
    void writesAndAGroupReaderGoOnThroughRepeatedSessionExpiry() {
        String topic = cluster.createUniqueTopic("sasl-reauth", PARTITIONS);
        String[] brokers = security.bootstrapServers(SecureListener.SASL_PLAINTEXT).split(",");
        TestUser user = security.user("SCRAM-SHA-512");
        SaslMechanism sasl = Scram.sha512(user.username(), user.password());
        ReaderConfig member = ReaderConfig.builder().brokers(brokers).topic(topic).groupId(topic + "-group")
                .sasl(sasl).build();
        DeliveryChecker checker = DeliveryChecker.readingValues();
        SessionMetrics before = SessionMetrics.now();
        SessionMetrics after;
        try (Writer writer = new Writer(WriterConfig.builder().brokers(brokers).topic(topic).sasl(sasl).build());
             ProducerLoad load = ProducerLoad.on(writer, checker).messagesPerCall(1).spread(1, ProducerLoad.Mode.SYNC).start();
             GroupMembers group = GroupMembers.start(member, 1);
             GroupOffsets offsets = new GroupOffsets(cluster.bootstrapServers())) {
            Await.until(PROGRESS, REAUTHENTICATIONS + " re-authentications",
                    () -> SessionMetrics.now().minus(before).reauthentications() >= REAUTHENTICATIONS);
            load.awaitAcknowledged(1_000, PROGRESS);
            group.awaitCommitted(1_000, PROGRESS);
            load.close();
            group.awaitConsumedBelow(offsets.ends(topic, PARTITIONS), PROGRESS);
            group.close();
            after = SessionMetrics.now().minus(before);

            DeliveryReport written = checker.check(cluster, topic);
            System.out.println("sasl re-authentication: " + after + "; written " + written + "; " + group.summary());
            written.assertClean();
            assertThat(load.failures()).as("writes that failed").isEmpty();
            group.assertConsumedAtLeastOnce(checker);
        }
        assertThat(after.failedReauthentications()).as("re-authentications the broker refused").isZero();
        assertThat(after.expiredConnectionsKilled()).as("connections the broker closed for an expired session")
                .isZero();
    }

    /** The SASL listener's session counters from the in-JVM broker's socket-server metrics, summed over processors. */
    private record SessionMetrics(long reauthentications, long failedReauthentications,
            long expiredConnectionsKilled) {

        private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

        static SessionMetrics now() {
            try {
                Set<ObjectName> processors = SERVER.queryNames(new ObjectName(
                        "kafka.server:type=socket-server-metrics,listener=SASL_PLAINTEXT,networkProcessor=*"), null);
                assertThat(processors).as("socket-server metrics of the SASL_PLAINTEXT listener").isNotEmpty();
                return new SessionMetrics(sum(processors, "successful-reauthentication-total"),
                        sum(processors, "failed-reauthentication-total"),
                        sum(processors, "expired-connections-killed-count"));
            } catch (JMException e) {
                throw new AssertionError("cannot read the broker's socket-server metrics", e);
            }
        }

        private static long sum(Set<ObjectName> processors, String attribute) throws JMException {
            long sum = 0;
            for (ObjectName processor : processors) {
                sum += ((Number) SERVER.getAttribute(processor, attribute)).longValue();
            }
            return sum;
        }

        SessionMetrics minus(SessionMetrics earlier) {
            return new SessionMetrics(reauthentications - earlier.reauthentications,
                    failedReauthentications - earlier.failedReauthentications,
                    expiredConnectionsKilled - earlier.expiredConnectionsKilled);
        }
    }
}

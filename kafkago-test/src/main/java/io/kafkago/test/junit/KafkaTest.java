package io.kafkago.test.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class a running Kafka cluster, injected into fields and parameters of type
 * {@link io.kafkago.test.KafkaTestCluster}, {@link io.kafkago.test.EmbeddedKafkaCluster} (dedicated clusters only) and
 * {@link io.kafkago.test.security.BrokerSecurity} (with {@link #securityListeners()}).
 *
 * <p>By default all annotated classes share one JVM-wide broker chosen by
 * {@link io.kafkago.test.BrokerSettings#fromEnvironment()} (embedded unless told otherwise), so a suite starts Kafka
 * once; use unique topic names. Setting {@link #brokers()} or {@link #brokerProperties()} gives the class its own
 * embedded cluster instead, started before the first test and stopped after the last.
 *
 * <pre>{@code
 * @KafkaTest
 * class OrdersIT {
 *     KafkaTestCluster kafka;                         // injected
 *     @Test void writes() { String topic = kafka.createUniqueTopic("orders", 3); ... }
 * }
 * @KafkaTest(brokers = 3)
 * class FailoverIT {
 *     @Test void survives(EmbeddedKafkaCluster cluster) { cluster.stopBroker(cluster.leaderOf(topic, 0)); ... }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(KafkaTestExtension.class)
public @interface KafkaTest {

    /** Number of brokers of a dedicated embedded cluster; 0 (the default) uses the shared cluster. */
    int brokers() default 0;

    /** Broker configs ({@code key=value}) for a dedicated embedded cluster; any entry makes the cluster dedicated. */
    String[] brokerProperties() default {};

    /**
     * Whether the cluster also opens the secured listeners (SASL_PLAINTEXT, SASL_SSL, SSL, SSL with a wrong-host
     * certificate, mutual TLS), whose addresses, users and certificates are injected as
     * {@link io.kafkago.test.security.BrokerSecurity}. Without {@link #brokers()} or {@link #brokerProperties()} this
     * is a second JVM-wide shared cluster ({@link io.kafkago.test.KafkaTestClusters#sharedSecured()}), always embedded.
     */
    boolean securityListeners() default false;
}

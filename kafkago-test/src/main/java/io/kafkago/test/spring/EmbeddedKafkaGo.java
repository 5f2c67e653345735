package io.kafkago.test.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Points a Spring test context at the JVM-wide shared test broker
 * ({@link io.kafkago.test.KafkaTestClusters#shared()}): sets {@link #property()} (by default {@code kafkago.brokers})
 * to its bootstrap servers, ahead of every other property source, and registers the
 * {@link io.kafkago.test.KafkaTestCluster} as a bean so tests can create topics.
 *
 * <p>The broker is embedded unless {@code KAFKAGO_TEST_BROKER} / {@code KAFKAGO_TEST_BROKERS} choose Testcontainers
 * or an external broker. Works through {@link KafkaGoTestContextCustomizerFactory}, which Spring finds in
 * {@code META-INF/spring.factories}.
 *
 * <pre>{@code
 * @SpringBootTest
 * @EmbeddedKafkaGo
 * class CheckoutIT {
 *     @Autowired Writer writer;                 // configured with kafkago.brokers = the test broker
 *     @Autowired KafkaTestCluster kafka;        // kafka.createTopic("orders", 3)
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface EmbeddedKafkaGo {

    /** The property that receives the bootstrap servers. */
    String property() default KafkaGoTestProperties.BROKERS_PROPERTY;
}

package io.kafkago.test.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Points a Spring test context at the JVM-wide shared test broker
 * ({@link io.kafkago.test.KafkaTestClusters#shared()}): registers the {@link io.kafkago.test.KafkaTestCluster} as a
 * bean named {@code kafkaTestCluster}, so tests can create topics, and the kafkago Spring Boot auto-configuration
 * turns that bean into the application's {@code KafkaGoConnectionDetails}, which every kafkago bean connects with
 * (whatever {@code kafkago.brokers} says), like Testcontainers' {@code @ServiceConnection}. For an application that
 * reads the address from a property of its own, {@link #property()} names it.
 *
 * <p>The broker is embedded unless {@code KAFKAGO_TEST_BROKER} / {@code KAFKAGO_TEST_BROKERS} choose Testcontainers
 * or an external broker. Works through {@link KafkaGoTestContextCustomizerFactory}, which Spring finds in
 * {@code META-INF/spring.factories}.
 *
 * <pre>{@code
 * @SpringBootTest
 * @EmbeddedKafkaGo
 * class CheckoutIT {
 *     @Autowired Writer writer;                 // connected to the test broker
 *     @Autowired KafkaTestCluster kafka;        // kafka.createTopic("orders", 3)
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface EmbeddedKafkaGo {

    /**
     * A property that also receives the bootstrap servers, ahead of every other property source; empty (the
     * default) sets none: kafkago itself connects through the connection details.
     */
    String property() default "";
}

package io.kafkago.samples.orders;

import io.kafkago.test.EmbeddedKafkaCluster;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;

/**
 * Runs the orders sample: {@code mvn spring-boot:test-run} in {@code samples} starts this class. Without a
 * {@code kafkago.brokers} system property it first starts an in-JVM Kafka broker, so the sample needs no
 * installed Kafka; with one ({@code -Dkafkago.brokers=host:9092}) the app talks to that cluster instead.
 */
public final class OrdersWithEmbeddedKafka {

    private OrdersWithEmbeddedKafka() {
    }

    public static void main(String[] args) {
        // Command-line arguments outrank application.properties.
        List<String> arguments = new ArrayList<>(List.of(args));
        if (Long.getLong("sample.messages", 0) > 0) {
            arguments.add("--server.port=0"); // a bounded run is checked by its output; any free port will do
        }
        if (System.getProperty("kafkago.brokers", "").isBlank()) {
            EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.startSingleBroker();
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "embedded-kafka-stop"));
            System.out.println("Embedded Kafka broker at " + kafka.bootstrapServers());
            arguments.add("--kafkago.brokers=" + kafka.bootstrapServers());
        }
        SpringApplication application = new SpringApplication(OrdersApplication.class);
        // The application, not this launcher, is the main class: with -Dspring.aot.enabled=true Spring Boot looks for
        // the initializer spring-boot:process-aot generated for it.
        application.setMainApplicationClass(OrdersApplication.class);
        application.run(arguments.toArray(String[]::new));
    }
}

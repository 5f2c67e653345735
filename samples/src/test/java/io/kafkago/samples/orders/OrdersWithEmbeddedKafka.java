package io.kafkago.samples.orders;

import io.kafkago.test.EmbeddedKafkaCluster;
import java.util.Arrays;
import java.util.Map;
import org.springframework.boot.SpringApplication;

/**
 * Runs the orders sample against an in-JVM Kafka broker it starts itself, so the sample needs no
 * installed Kafka: {@code mvn spring-boot:test-run} in {@code samples} starts this class.
 */
public final class OrdersWithEmbeddedKafka {

    private OrdersWithEmbeddedKafka() {
    }

    public static void main(String[] args) {
        EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.startSingleBroker();
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "embedded-kafka-stop"));
        String topic = System.getProperty("sample.topic", "orders");
        kafka.createTopic(topic, 3, 1, Map.of());
        kafka.createTopic(topic + ".DLT", 1, 1, Map.of());
        System.out.println("Embedded Kafka broker at " + kafka.bootstrapServers());

        // A command-line argument outranks application.properties, so the app talks to this broker.
        String[] withBroker = Arrays.copyOf(args, args.length + 1);
        withBroker[args.length] = "--kafkago.brokers=" + kafka.bootstrapServers();
        SpringApplication.run(OrdersApplication.class, withBroker);
    }
}

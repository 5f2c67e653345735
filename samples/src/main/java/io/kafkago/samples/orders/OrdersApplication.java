package io.kafkago.samples.orders;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A small order pipeline on kafkago: {@link OrderSource} writes orders with the injected Writer,
 * {@link Billing} bills each one (bad orders end in the dead-letter topic), {@link Audit} reads them in
 * batches, and {@link Progress} reports what happened.
 */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(SampleProperties.class)
public class OrdersApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrdersApplication.class, args);
    }
}

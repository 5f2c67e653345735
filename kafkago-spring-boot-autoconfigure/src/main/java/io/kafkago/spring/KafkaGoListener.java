package io.kafkago.spring;

import io.kafkago.spring.aot.KafkaGoListenerReflectiveProcessor;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.aot.hint.annotation.Reflective;

/**
 * Marks a bean method as a Kafka message handler. The method is called once per message (or once per
 * list of messages when {@link #batch()} is set) by a container of consumer-group members; an offset is
 * committed only after the method returned, so delivery is at-least-once.
 *
 * <p>Parameters may be the payload — {@code io.kafkago.Message}, {@code byte[]}, {@code String}, or any
 * other type read from JSON with the application's Jackson mapper — plus parameters annotated with
 * {@link MessageKey}, {@link MessageHeader}, {@link MessageTopic}, {@link MessagePartition},
 * {@link MessageOffset} and {@link MessageTimestamp}. Batch handlers take a {@code List} of one of the payload types.
 *
 * <p>Every string attribute accepts {@code ${...}} placeholders. Attributes left empty fall back to the
 * {@code kafkago.listener.*} and {@code kafkago.reader.*} properties.
 *
 * <pre>{@code
 * record Order(String id, int cents) {}
 *
 * @Component
 * class Billing {
 *     @KafkaGoListener(topics = "${orders.topic}", groupId = "billing")
 *     void on(Order order, @MessageKey String key, @MessageHeader("source") String source) { ... }
 * }
 * }</pre>
 *
 * <p>A handler that throws is called again ({@code kafkago.listener.retry.*}); when it still fails, or when
 * the value cannot be converted, the message goes to the dead-letter topic with {@link DeadLetterHeaders}
 * and the next message is handled. A container checks when it starts that its dead-letter topics exist
 * (creating them if {@code kafkago.listener.dead-letter.auto-create} allows); a dead letter that cannot be
 * written all the same is dealt with as {@link #deadLetterFailurePolicy()} says. A handler call that runs
 * longer than {@code kafkago.listener.slow-handler-threshold} is reported (log, meters, health), not
 * interrupted. Containers start when the context has started and stop first when it closes, finishing and
 * committing the message in hand; see {@link KafkaGoListenerRegistry} to start and stop them by id.
 *
 * <p>For ahead-of-time processing (native images, {@code spring.aot.enabled}), annotated methods and their JSON
 * payload types get reflection hints ({@link KafkaGoListenerReflectiveProcessor}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(KafkaGoListenerReflectiveProcessor.class)
public @interface KafkaGoListener {

    /**
     * Container id, used by {@link KafkaGoListenerRegistry} and as the meters' {@code listener} tag.
     * Empty means {@code <beanName>.<methodName>}.
     */
    String id() default "";

    /** Topics to consume; each entry may be a placeholder and may hold a comma-separated list. */
    String[] topics();

    /** Consumer group; empty means {@code kafkago.reader.group-id}. One of the two must be set. */
    String groupId() default "";

    /** Number of group members (threads) in this container; empty means {@code kafkago.listener.concurrency}. */
    String concurrency() default "";

    /** {@code "true"} or {@code "false"}; empty means {@code kafkago.listener.auto-startup}. */
    String autoStartup() default "";

    /**
     * Where a group with no committed offset starts: {@code "first"} or {@code "last"}; empty means
     * {@code kafkago.reader.start-offset}.
     */
    String startOffset() default "";

    /**
     * How the group assigns partitions to the container's members: {@code "classic"} or {@code "consumer"} (KIP-848,
     * Kafka 4.0+: members that keep their partitions go on while others join or leave); empty means
     * {@code kafkago.reader.group-protocol}.
     */
    String groupProtocol() default "";

    /** Whether the method takes a {@code List} of the messages fetched together rather than one message. */
    boolean batch() default false;

    /**
     * Topic that receives messages the handler failed on after all retries, or could not convert.
     * Empty means the message's topic followed by {@code kafkago.listener.dead-letter.topic-suffix}.
     */
    String deadLetterTopic() default "";

    /**
     * What the container does when a dead letter cannot be written: {@code "stop"}, {@code "skip"} or
     * {@code "retry"} (see {@code io.kafkago.spring.listener.DeadLetterFailurePolicy}); empty means
     * {@code kafkago.listener.dead-letter.failure-policy}.
     */
    String deadLetterFailurePolicy() default "";

    /** Attempts per message including the first; empty means {@code kafkago.listener.retry.max-attempts}. */
    String maxAttempts() default "";

    /**
     * {@code "true"} for exactly-once handling; empty means {@code kafkago.listener.transactional}. Each member of the
     * container then has a transactional producer of its own (transactional id
     * {@code <kafkago.writer.transaction-id-prefix><kafkago.writer.transaction-instance-id>-<listener id>-<member>}),
     * and the messages fetched together are handled in one of its transactions: what the handler writes through the
     * application's {@code Writer} joins it, and the consumed offsets (with the dead letters, if any) commit in it, so
     * that read_committed readers see each input's output once, through crashes, restarts and rebalances. A handler
     * that throws aborts the transaction; the retry and dead-letter rules still apply. Needs
     * {@code kafkago.writer.transaction-id-prefix}.
     */
    String transactional() default "";
}

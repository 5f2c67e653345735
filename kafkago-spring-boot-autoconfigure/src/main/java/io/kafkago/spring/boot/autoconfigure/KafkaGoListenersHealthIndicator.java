package io.kafkago.spring.boot.autoconfigure;

import io.kafkago.spring.listener.DeadLetterFailure;
import io.kafkago.spring.listener.DefaultKafkaGoListenerRegistry;
import io.kafkago.spring.listener.ListenerContainer;
import io.kafkago.spring.listener.RunningHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports what the {@code @KafkaGoListener} containers are doing, one detail per listener id: whether it runs,
 * the dead letter that stopped it ({@code stoppedBy}), dead letters its members keep retrying
 * ({@code deadLettersRetrying}) and handler calls running past {@code kafkago.listener.slow-handler-threshold}
 * ({@code slowHandlers}: topic, partition, offset, messages, running for).
 *
 * <p>Down while a container is stopped by, or retrying, a dead letter it could not write: a partition makes no
 * progress then. Slow handler calls are listed but leave the status up: the call may still finish, and a probe
 * that restarted the instance for it would only hand the same message to another member.
 */
public final class KafkaGoListenersHealthIndicator extends AbstractHealthIndicator {

    private final DefaultKafkaGoListenerRegistry registry;

    /** Reports the containers of {@code registry}, read on every check. */
    public KafkaGoListenersHealthIndicator(DefaultKafkaGoListenerRegistry registry) {
        super("Listener health check failed");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean stalled = false;
        for (ListenerContainer container : registry.listenerContainers()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("running", container.isRunning());
            DeadLetterFailure stoppedBy = container.failure();
            if (stoppedBy != null) {
                details.put("stoppedBy", describe(stoppedBy));
                stalled = true;
            }
            List<DeadLetterFailure> retrying = container.deadLettersRetrying();
            if (!retrying.isEmpty()) {
                details.put("deadLettersRetrying", retrying.stream().map(KafkaGoListenersHealthIndicator::describe)
                        .toList());
                stalled = true;
            }
            List<RunningHandler> slow = container.slowHandlers();
            if (!slow.isEmpty()) {
                details.put("slowHandlers", slow.stream().map(KafkaGoListenersHealthIndicator::describe).toList());
            }
            builder.withDetail(container.id(), details);
        }
        if (stalled) {
            builder.down();
        } else {
            builder.up();
        }
    }

    private static Map<String, Object> describe(DeadLetterFailure failure) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("deadLetterTopic", failure.deadLetterTopic());
        details.put("topic", failure.topic());
        details.put("partition", failure.partition());
        details.put("offset", failure.offset());
        details.put("attempts", failure.attempts());
        details.put("error", failure.error());
        details.put("since", failure.since().toString());
        return details;
    }

    private static Map<String, Object> describe(RunningHandler handler) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("topic", handler.topic());
        details.put("partition", handler.partition());
        details.put("offset", handler.offset());
        details.put("messages", handler.messages());
        details.put("runningFor", handler.runningFor().toString());
        return details;
    }
}

package io.kafkago.spring.observation;

import io.kafkago.Message;
import io.kafkago.spring.observation.KafkaGoObservation.MessagingKeys;
import io.micrometer.common.KeyValues;

/**
 * The default {@link ListenerObservationConvention}: name {@code kafkago.listener.process}, contextual name
 * {@code "<topic> process"}, low-cardinality {@code messaging.system}, {@code messaging.destination.name},
 * {@code messaging.consumer.group.name}, {@code kafkago.listener}, and high-cardinality
 * {@code messaging.kafka.destination.partition}, {@code messaging.kafka.message.offset} (of a batch's first message),
 * {@code messaging.batch.message_count}.
 */
public class DefaultListenerObservationConvention implements ListenerObservationConvention {

    /** A shared instance. */
    public static final DefaultListenerObservationConvention INSTANCE = new DefaultListenerObservationConvention();

    @Override
    public String getName() {
        return "kafkago.listener.process";
    }

    @Override
    public String getContextualName(ListenerObservationContext context) {
        return context.getMessage().topic() + " process";
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(ListenerObservationContext context) {
        return KeyValues.of(MessagingKeys.SYSTEM.withValue("kafka"),
                MessagingKeys.DESTINATION.withValue(String.valueOf(context.getMessage().topic())),
                MessagingKeys.CONSUMER_GROUP.withValue(String.valueOf(context.getGroupId())),
                MessagingKeys.LISTENER.withValue(context.getListenerId()));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(ListenerObservationContext context) {
        Message message = context.getMessage();
        return KeyValues.of(MessagingKeys.PARTITION.withValue(Integer.toString(message.partition())),
                MessagingKeys.OFFSET.withValue(Long.toString(message.offset())),
                MessagingKeys.BATCH_COUNT.withValue(Integer.toString(context.getBatchSize())));
    }
}

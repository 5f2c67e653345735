package io.kafkago.spring.observation;

import io.kafkago.spring.observation.KafkaGoObservation.MessagingKeys;
import io.micrometer.common.KeyValues;

/**
 * The default {@link WriterObservationConvention}: name {@code kafkago.writer.send}, contextual name
 * {@code "<topic> send"}, low-cardinality {@code messaging.system}, {@code messaging.destination.name}, and
 * high-cardinality {@code messaging.batch.message_count}, {@code messaging.client.id}.
 */
public class DefaultWriterObservationConvention implements WriterObservationConvention {

    /** A shared instance. */
    public static final DefaultWriterObservationConvention INSTANCE = new DefaultWriterObservationConvention();

    @Override
    public String getName() {
        return "kafkago.writer.send";
    }

    @Override
    public String getContextualName(WriterObservationContext context) {
        return context.getTopic() + " send";
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(WriterObservationContext context) {
        return KeyValues.of(MessagingKeys.SYSTEM.withValue("kafka"),
                MessagingKeys.DESTINATION.withValue(context.getTopic()));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(WriterObservationContext context) {
        return KeyValues.of(MessagingKeys.BATCH_COUNT.withValue(Integer.toString(context.getMessages().size())),
                MessagingKeys.CLIENT_ID.withValue(String.valueOf(context.getClientId())));
    }
}

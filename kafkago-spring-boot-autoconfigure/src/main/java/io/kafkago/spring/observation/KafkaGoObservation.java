package io.kafkago.spring.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/** The observations kafkago records, with the key names of their default conventions. */
public enum KafkaGoObservation implements ObservationDocumentation {

    /** One write through the application's writer, from hand-over to acknowledgement. */
    WRITER_SEND {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultWriterObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return new KeyName[] {MessagingKeys.SYSTEM, MessagingKeys.DESTINATION};
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return new KeyName[] {MessagingKeys.BATCH_COUNT, MessagingKeys.CLIENT_ID};
        }
    },

    /** One listener call (each attempt), of one message or a batch. */
    LISTENER_PROCESS {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultListenerObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return new KeyName[] {MessagingKeys.SYSTEM, MessagingKeys.DESTINATION, MessagingKeys.CONSUMER_GROUP,
                    MessagingKeys.LISTENER};
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return new KeyName[] {MessagingKeys.PARTITION, MessagingKeys.OFFSET, MessagingKeys.BATCH_COUNT};
        }
    };

    /** Key names, after OpenTelemetry's messaging conventions where one fits. */
    public enum MessagingKeys implements KeyName {

        /** Always {@code kafka}. */
        SYSTEM("messaging.system"),
        /** The topic. */
        DESTINATION("messaging.destination.name"),
        /** The listener's consumer group. */
        CONSUMER_GROUP("messaging.consumer.group.name"),
        /** The listener's id. */
        LISTENER("kafkago.listener"),
        /** The message's partition. */
        PARTITION("messaging.kafka.destination.partition"),
        /** The message's offset. */
        OFFSET("messaging.kafka.message.offset"),
        /** Messages written, or handled, together. */
        BATCH_COUNT("messaging.batch.message_count"),
        /** The writer's client id. */
        CLIENT_ID("messaging.client.id");

        private final String key;

        MessagingKeys(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }
}

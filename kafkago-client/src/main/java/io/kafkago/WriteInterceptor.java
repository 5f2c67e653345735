package io.kafkago;

import java.util.List;

/**
 * Sees every write call of a {@link Writer}, on the calling thread, before the messages are handed over: it may
 * replace them (to add headers, say trace context) and is told the call's outcome. Set with
 * {@link WriterConfig.Builder#interceptor}; tracing integrations use it so that the {@code Writer} the application
 * already holds is the observed one.
 */
@FunctionalInterface
public interface WriteInterceptor {

    /**
     * Called once per {@code writeMessages} / {@code writeMessagesAsync} call with at least one message.
     *
     * @param config   the writer's settings (its topic, its client id), so one interceptor can serve several writers
     * @param messages the messages as given, unmodifiable
     * @return what to write and whom to tell the outcome; never null
     */
    Interception intercept(WriterConfig config, List<Message> messages);

    /** One intercepted call. */
    interface Interception {

        /** The messages to write instead of those given (the same number or not, in the order to write them). */
        List<Message> messages();

        /**
         * The call's outcome, told once: when a synchronous write returns or throws (on its thread); for
         * {@code writeMessagesAsync} and a writer configured {@code async}, when the messages are acknowledged or
         * failed (on the writer's thread: do not block). Also told when handing over failed, e.g. for a closed writer.
         *
         * @param error null when every message was written, else what the call threw or the future failed with
         */
        void completed(Throwable error);
    }
}

package io.kafkago.spring;

import java.lang.reflect.Type;

/**
 * Turns message values into the objects {@link KafkaGoListener} methods take. The auto-configuration
 * provides one backed by the application's Jackson mapper; declare a bean of this type to use another
 * format.
 */
@FunctionalInterface
public interface PayloadConverter {

    /**
     * A reader for one target type, built once per listener parameter so that nothing type-related is
     * looked up per message.
     *
     * @throws IllegalArgumentException when the type cannot be read at all
     */
    Reader readerFor(Type type);

    /** Reads values into one target type. */
    @FunctionalInterface
    interface Reader {

        /**
         * The value as the target type; {@code null} for a {@code null} value (a tombstone).
         *
         * @throws PayloadConversionException when the bytes do not form a value of the type
         */
        Object read(byte[] value);
    }
}

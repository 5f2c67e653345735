package io.kafkago.spring.listener;

import io.kafkago.Header;
import io.kafkago.Message;
import io.kafkago.spring.MessageHeader;
import io.kafkago.spring.MessageKey;
import io.kafkago.spring.MessageOffset;
import io.kafkago.spring.MessagePartition;
import io.kafkago.spring.PayloadConverter;
import io.kafkago.spring.MessageTimestamp;
import io.kafkago.spring.MessageTopic;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Picks the {@link ArgumentResolver} for each handler parameter from its annotation and type, failing
 * start-up with a message naming the method when a parameter cannot be supplied.
 */
final class ArgumentResolvers {

    /** What a {@code long} {@code @MessageTimestamp} parameter gets for a message without a time, as Kafka writes it. */
    static final Long NO_TIMESTAMP = -1L;

    private ArgumentResolvers() {
    }

    /** Resolvers for every parameter of a single-message handler, in parameter order. */
    static ArgumentResolver[] forSingleMessage(Method method, PayloadConverter converter) {
        Parameter[] parameters = method.getParameters();
        ArgumentResolver[] resolvers = new ArgumentResolver[parameters.length];
        int payloads = 0;
        for (int i = 0; i < parameters.length; i++) {
            Parameter parameter = parameters[i];
            ArgumentResolver metadata = metadataResolver(method, parameter);
            if (metadata != null) {
                resolvers[i] = metadata;
            } else {
                payloads++;
                resolvers[i] = payloadResolver(method, parameter.getParameterizedType(), converter);
            }
        }
        if (payloads > 1) {
            throw invalid(method, "more than one parameter has no annotation, so it is unclear which one is the "
                    + "payload; annotate the others with @MessageKey, @MessageHeader, @MessageTopic, @MessagePartition, "
                    + "@MessageOffset or @MessageTimestamp");
        }
        return resolvers;
    }

    /** The resolver for one element of a batch handler's {@code List<T>} parameter. */
    static ArgumentResolver forBatchElement(Method method, Type elementType, PayloadConverter converter) {
        return payloadResolver(method, elementType, converter);
    }

    static IllegalStateException invalid(Method method, String problem) {
        return new IllegalStateException("@KafkaGoListener method " + method.getDeclaringClass().getName() + "."
                + method.getName() + ": " + problem);
    }

    private static ArgumentResolver payloadResolver(Method method, Type type, PayloadConverter converter) {
        if (type == Message.class) {
            return message -> message;
        }
        if (type == byte[].class) {
            return Message::value;
        }
        if (type == String.class) {
            return Message::valueAsString;
        }
        if (type instanceof Class<?> c && c.isPrimitive()) {
            throw invalid(method, "a payload of primitive type " + c + " cannot hold a missing value; use "
                    + "its wrapper type");
        }
        if (converter == null) {
            throw invalid(method, "the payload type " + type.getTypeName() + " needs JSON conversion, but no "
                    + "PayloadConverter is available (add Jackson to the classpath or declare a PayloadConverter bean)");
        }
        PayloadConverter.Reader reader;
        try {
            reader = converter.readerFor(type);
        } catch (RuntimeException e) {
            throw invalid(method, "the payload type " + type.getTypeName() + " cannot be converted: " + e.getMessage());
        }
        return message -> reader.read(message.value());
    }

    /** The resolver for an annotated (metadata) parameter, or {@code null} when the parameter is the payload. */
    private static ArgumentResolver metadataResolver(Method method, Parameter parameter) {
        Class<?> type = parameter.getType();
        if (parameter.isAnnotationPresent(MessageKey.class)) {
            return bytesOrString(method, parameter, "@MessageKey", Message::key);
        }
        MessageHeader header = parameter.getAnnotation(MessageHeader.class);
        if (header != null) {
            String name = header.value();
            return bytesOrString(method, parameter, "@MessageHeader", message -> lastHeaderValue(message, name));
        }
        if (parameter.isAnnotationPresent(MessageTopic.class)) {
            require(method, parameter, "@MessageTopic", type == String.class);
            return Message::topic;
        }
        if (parameter.isAnnotationPresent(MessagePartition.class)) {
            require(method, parameter, "@MessagePartition", type == int.class || type == Integer.class);
            return Message::partition;
        }
        if (parameter.isAnnotationPresent(MessageOffset.class)) {
            require(method, parameter, "@MessageOffset", type == long.class || type == Long.class);
            return Message::offset;
        }
        if (parameter.isAnnotationPresent(MessageTimestamp.class)) {
            if (type == Instant.class) {
                return Message::time;
            }
            require(method, parameter, "@MessageTimestamp", type == long.class || type == Long.class);
            Long missing = type == long.class ? NO_TIMESTAMP : null;
            return message -> message.time() == null ? missing : message.time().toEpochMilli();
        }
        return null;
    }

    private static ArgumentResolver bytesOrString(Method method, Parameter parameter, String annotation,
            ArgumentResolver bytes) {
        if (parameter.getType() == byte[].class) {
            return bytes;
        }
        require(method, parameter, annotation, parameter.getType() == String.class);
        return message -> {
            byte[] value = (byte[]) bytes.resolve(message);
            return value == null ? null : new String(value, StandardCharsets.UTF_8);
        };
    }

    private static byte[] lastHeaderValue(Message message, String name) {
        List<Header> headers = message.headers();
        for (int i = headers.size() - 1; i >= 0; i--) {
            Header header = headers.get(i);
            if (header.key().equals(name)) {
                return header.value();
            }
        }
        return null;
    }

    private static void require(Method method, Parameter parameter, String annotation, boolean supported) {
        if (!supported) {
            throw invalid(method, "parameter '" + parameter.getName() + "' of type "
                    + parameter.getParameterizedType().getTypeName() + " cannot be bound with " + annotation
                    + " (see the annotation's Javadoc for the supported types)");
        }
    }
}

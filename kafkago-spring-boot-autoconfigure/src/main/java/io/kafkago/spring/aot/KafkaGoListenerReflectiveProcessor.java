package io.kafkago.spring.aot;

import io.kafkago.Message;
import io.kafkago.spring.KafkaGoListener;
import io.kafkago.spring.MessageHeader;
import io.kafkago.spring.MessageKey;
import io.kafkago.spring.MessageOffset;
import io.kafkago.spring.MessagePartition;
import io.kafkago.spring.MessageTimestamp;
import io.kafkago.spring.MessageTopic;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Set;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.annotation.SimpleReflectiveProcessor;
import org.springframework.core.ResolvableType;

/**
 * Reflection hints for a {@link KafkaGoListener} method, which the listener containers call reflectively: the
 * method itself (invocation), and the payload types read from JSON (binding hints: constructors, fields, accessors
 * and record components, for Jackson), the element type for a batch handler's {@code List<T>}. Spring's AOT
 * processing applies it to every bean method carrying the annotation.
 */
public class KafkaGoListenerReflectiveProcessor extends SimpleReflectiveProcessor {

    /** Parameter annotations that bind message metadata, never a payload. */
    private static final Set<Class<? extends Annotation>> METADATA = Set.of(MessageKey.class, MessageHeader.class,
            MessageTopic.class, MessagePartition.class, MessageOffset.class, MessageTimestamp.class);

    /** Payload types read without JSON conversion. */
    private static final Set<Type> RAW_PAYLOADS = Set.of(Message.class, byte[].class, String.class);

    private final BindingReflectionHintsRegistrar bindingHints = new BindingReflectionHintsRegistrar();

    @Override
    protected void registerMethodHint(ReflectionHints hints, Method method) {
        super.registerMethodHint(hints, method);
        boolean batch = method.getAnnotation(KafkaGoListener.class) != null
                && method.getAnnotation(KafkaGoListener.class).batch();
        for (Parameter parameter : method.getParameters()) {
            if (isMetadata(parameter)) {
                continue;
            }
            Type payload = batch ? elementType(parameter) : parameter.getParameterizedType();
            if (payload != null && !RAW_PAYLOADS.contains(payload)) {
                bindingHints.registerReflectionHints(hints, payload);
            }
        }
    }

    private static boolean isMetadata(Parameter parameter) {
        for (Annotation annotation : parameter.getAnnotations()) {
            if (METADATA.contains(annotation.annotationType())) {
                return true;
            }
        }
        return false;
    }

    /** {@code T} of a {@code List<T>} parameter, or {@code null} when it is not one. */
    private static Type elementType(Parameter parameter) {
        ResolvableType type = ResolvableType.forType(parameter.getParameterizedType());
        if (!List.class.equals(type.resolve())) {
            return null;
        }
        ResolvableType element = type.getGeneric(0);
        return element.resolve() == null ? null : element.getType();
    }
}

package io.kafkago.spring.listener;

import io.kafkago.Message;
import io.kafkago.spring.PayloadConversionException;
import io.kafkago.spring.PayloadConverter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.springframework.util.ReflectionUtils;

/**
 * A {@code @KafkaGoListener} method with its argument resolvers, worked out once at start-up so that a
 * message costs only the conversions it needs and one reflective call.
 */
public final class ListenerMethod {

    private final Object bean;
    private final Method method;
    private final boolean batch;
    private final ArgumentResolver[] resolvers;
    private final ArgumentResolver batchElementResolver;

    private ListenerMethod(Object bean, Method method, boolean batch, ArgumentResolver[] resolvers,
            ArgumentResolver batchElementResolver) {
        this.bean = bean;
        this.method = method;
        this.batch = batch;
        this.resolvers = resolvers;
        this.batchElementResolver = batchElementResolver;
    }

    /**
     * Inspects the method's parameters.
     *
     * @param converter reads JSON payloads; may be {@code null} when the application has none, in which
     *     case only {@code Message}, {@code byte[]} and {@code String} payloads are allowed
     * @throws IllegalStateException naming the method when a parameter cannot be supplied
     */
    public static ListenerMethod of(Object bean, Method method, boolean batch, PayloadConverter converter) {
        Objects.requireNonNull(bean, "bean");
        Objects.requireNonNull(method, "method");
        ReflectionUtils.makeAccessible(method);
        if (!batch) {
            return new ListenerMethod(bean, method, false, ArgumentResolvers.forSingleMessage(method, converter), null);
        }
        Type[] parameters = method.getGenericParameterTypes();
        if (parameters.length != 1 || !(parameters[0] instanceof ParameterizedType list)
                || list.getRawType() != List.class) {
            throw ArgumentResolvers.invalid(method, "a batch listener takes exactly one parameter of type List<T>, "
                    + "where T is Message, byte[], String or a JSON-convertible type");
        }
        Type element = list.getActualTypeArguments()[0];
        return new ListenerMethod(bean, method, true, null,
                ArgumentResolvers.forBatchElement(method, element, converter));
    }

    /** Whether the method takes a list of messages. */
    public boolean isBatch() {
        return batch;
    }

    /** A readable name for logs: {@code DeclaringClass.method}. */
    public String displayName() {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }

    /**
     * The arguments for one message.
     *
     * @throws PayloadConversionException when the payload cannot be converted
     */
    Object[] argumentsFor(Message message) {
        Object[] arguments = new Object[resolvers.length];
        for (int i = 0; i < resolvers.length; i++) {
            arguments[i] = resolvers[i].resolve(message);
        }
        return arguments;
    }

    /**
     * The list argument for a batch: every message that converts, in order. Messages that do not convert
     * are left out and reported to {@code conversionFailed}.
     */
    List<Object> batchElements(List<Message> messages, BiConsumer<Message, PayloadConversionException> conversionFailed) {
        List<Object> elements = new ArrayList<>(messages.size());
        for (Message message : messages) {
            try {
                elements.add(batchElementResolver.resolve(message));
            } catch (PayloadConversionException e) {
                conversionFailed.accept(message, e);
            }
        }
        return elements;
    }

    /**
     * Calls the method. What the method throws comes out unwrapped.
     */
    void invoke(Object[] arguments) throws Throwable {
        try {
            method.invoke(bean, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

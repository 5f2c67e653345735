package io.kafkago.spring.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.kafkago.spring.PayloadConversionException;
import io.kafkago.spring.PayloadConverter;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Objects;

/** Reads JSON values with a Jackson 2 {@link ObjectMapper}, for applications that still use it. */
public final class Jackson2PayloadConverter implements PayloadConverter {

    private final ObjectMapper mapper;

    /** Reads with {@code mapper} (usually the application's {@code ObjectMapper} bean). */
    public Jackson2PayloadConverter(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    @Override
    public Reader readerFor(Type type) {
        ObjectReader reader = mapper.readerFor(mapper.constructType(type));
        return value -> {
            if (value == null) {
                return null;
            }
            try {
                return reader.readValue(value);
            } catch (IOException e) {
                throw new PayloadConversionException("Value is not JSON for " + type.getTypeName() + ": "
                        + e.getMessage(), e);
            }
        };
    }
}

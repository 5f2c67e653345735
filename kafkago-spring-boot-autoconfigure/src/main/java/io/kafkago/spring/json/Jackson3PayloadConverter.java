package io.kafkago.spring.json;

import io.kafkago.spring.PayloadConversionException;
import io.kafkago.spring.PayloadConverter;
import java.lang.reflect.Type;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;

/** Reads JSON values with a Jackson 3 {@link ObjectMapper} (Spring Boot 4's default {@code JsonMapper}). */
public final class Jackson3PayloadConverter implements PayloadConverter {

    private final ObjectMapper mapper;

    /** Reads with {@code mapper} (usually the application's {@code JsonMapper} bean). */
    public Jackson3PayloadConverter(ObjectMapper mapper) {
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
            } catch (JacksonException e) {
                throw new PayloadConversionException("Value is not JSON for " + type.getTypeName() + ": "
                        + e.getOriginalMessage(), e);
            }
        };
    }
}

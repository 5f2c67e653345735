package io.kafkago.protocol;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.provider.Arguments;

/** Calls a generated class's {@code write}/{@code read} reflectively, for tests over every message. */
final class GeneratedCodec {

    private GeneratedCodec() {
    }

    static byte[] write(Object message, short version) {
        ProtocolWriter out = new ProtocolWriter(8);
        try {
            Method write = message.getClass().getMethod("write", ProtocolWriter.class, short.class);
            RandomMessages.invoke(write, message, out, version);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** Reads a whole message; the reader must consume exactly the given bytes. */
    static Object read(Class<?> type, byte[] bytes, short version) {
        ProtocolReader in = new ProtocolReader(ByteBuffer.wrap(bytes));
        Object message = read(type, in, version);
        if (in.remaining() != 0) {
            throw new AssertionError(type.getSimpleName() + " v" + version + " left " + in.remaining() + " of "
                    + bytes.length + " bytes unread");
        }
        return message;
    }

    static Object read(Class<?> type, ProtocolReader in, short version) {
        try {
            Method read = type.getMethod("read", ProtocolReader.class, short.class);
            return RandomMessages.invoke(read, null, in, version);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** (spec, version) for every valid version of every generated message. */
    static List<Arguments> everyMessageAndVersion() {
        List<Arguments> arguments = new ArrayList<>();
        for (MessageSpecs.Spec spec : MessageSpecs.all()) {
            for (short version = spec.lowestVersion(); version <= spec.highestVersion(); version++) {
                arguments.add(Arguments.of(spec, version));
            }
        }
        return arguments;
    }
}

package io.kafkago.protocol.record;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Big-endian (network order) ints and longs in byte arrays, for batch headers and snappy framing. */
final class BigEndian {

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private BigEndian() {
    }

    static void writeShort(byte[] array, int at, short value) {
        SHORT.set(array, at, value);
    }

    static void writeInt(byte[] array, int at, int value) {
        INT.set(array, at, value);
    }

    static void writeLong(byte[] array, int at, long value) {
        LONG.set(array, at, value);
    }

    static int readInt(byte[] array, int at) {
        return (int) INT.get(array, at);
    }
}

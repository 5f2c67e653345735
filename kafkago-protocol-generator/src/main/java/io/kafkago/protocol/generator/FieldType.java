package io.kafkago.protocol.generator;

import java.util.Set;

/**
 * A spec type: a primitive ({@code int32}, {@code string}, ...), a struct name, or an array ({@code []T})
 * of either.
 */
record FieldType(String element, boolean array) {

    private static final Set<String> PRIMITIVES = Set.of(
            "bool", "int8", "int16", "uint16", "int32", "uint32", "int64", "float64",
            "string", "bytes", "records", "uuid");

    static FieldType parse(String text) {
        if (text.startsWith("[]")) {
            return new FieldType(text.substring(2), true);
        }
        return new FieldType(text, false);
    }

    boolean isStruct() {
        return !PRIMITIVES.contains(element);
    }

    /** The Java type of one element (boxed when {@code boxed}, e.g. inside a List). */
    String elementJavaType(boolean boxed) {
        return switch (element) {
            case "bool" -> boxed ? "Boolean" : "boolean";
            case "int8" -> boxed ? "Byte" : "byte";
            case "int16" -> boxed ? "Short" : "short";
            case "uint16", "int32" -> boxed ? "Integer" : "int";
            case "uint32", "int64" -> boxed ? "Long" : "long";
            case "float64" -> boxed ? "Double" : "double";
            case "string" -> "String";
            case "bytes" -> "byte[]";
            case "records" -> "ByteBuffer";
            case "uuid" -> "UUID";
            default -> element;
        };
    }

    String javaType() {
        return array ? "List<" + elementJavaType(true) + ">" : elementJavaType(false);
    }

    /** True if values of this type can be null on the wire in some version (strings, bytes, arrays, structs). */
    boolean canBeNullable() {
        return array || isStruct() || element.equals("string") || element.equals("bytes") || element.equals("records");
    }

    /** True if the Java value is a primitive compared with {@code ==}. */
    boolean isJavaPrimitive() {
        return !array && hasPrimitiveElement();
    }

    /** True if one element is a Java primitive (boxed inside a List, so never null there). */
    boolean hasPrimitiveElement() {
        return switch (element) {
            case "bool", "int8", "int16", "uint16", "int32", "uint32", "int64", "float64" -> true;
            default -> false;
        };
    }

    @Override
    public String toString() {
        return array ? "[]" + element : element;
    }
}

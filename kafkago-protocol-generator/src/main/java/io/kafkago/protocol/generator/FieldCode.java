package io.kafkago.protocol.generator;

/**
 * The Java snippets for one field: its default, the "differs from default" test, and the statements that
 * read it from a {@code ProtocolReader in} and write it to a {@code ProtocolWriter out} for a
 * {@code short version} in scope. Conditions are simplified against the message's valid versions.
 */
final class FieldCode {

    private final FieldSpec field;
    private final FieldType type;
    private final String structName;
    private final Versions within;
    private final Versions messageFlexible;

    FieldCode(FieldSpec field, String structName, Versions within, Versions messageFlexible) {
        this.field = field;
        this.type = field.type();
        this.structName = structName;
        this.within = within;
        this.messageFlexible = messageFlexible;
    }

    FieldSpec spec() {
        return field;
    }

    String javaName() {
        return field.javaName();
    }

    String self() {
        return "this." + field.javaName();
    }

    String nullableCondition() {
        return field.nullableVersions().condition(within);
    }

    /** Compact (flexible) encoding for strings and bytes: the field's own flexibleVersions, else the message's. */
    String compactCondition(boolean inTaggedSection) {
        if (inTaggedSection) {
            return "true";
        }
        if (field.flexibleVersions() != null) {
            return field.flexibleVersions().condition(within);
        }
        String condition = messageFlexible.condition(within);
        return condition.equals("true") || condition.equals("false") ? condition : "flexible";
    }

    boolean defaultIsNull() {
        if (!"null".equals(field.defaultValue())) {
            return false;
        }
        if (!type.canBeNullable() || field.nullableVersions().isEmpty()) {
            throw new IllegalStateException(structName + "." + field.name() + " has default null but is never nullable");
        }
        return true;
    }

    String defaultValue() {
        String spec = field.defaultValue();
        if (type.array()) {
            return defaultIsNull() ? "null" : "new ArrayList<>(0)";
        }
        if (type.isStruct()) {
            return defaultIsNull() ? "null" : "new " + type.element() + "()";
        }
        return switch (type.element()) {
            case "bool" -> spec == null || spec.isEmpty() ? "false" : Boolean.toString(Boolean.parseBoolean(spec));
            case "int8" -> "(byte) " + integer(spec, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case "int16" -> "(short) " + integer(spec, Short.MIN_VALUE, Short.MAX_VALUE);
            case "uint16" -> Long.toString(integer(spec, 0, 0xffff));
            case "int32" -> Long.toString(integer(spec, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case "uint32" -> integer(spec, 0, 0xffffffffL) + "L";
            case "int64" -> integer(spec, Long.MIN_VALUE, Long.MAX_VALUE) + "L";
            case "float64" -> spec == null || spec.isEmpty() ? "0.0" : Double.toString(Double.parseDouble(spec));
            case "string" -> defaultIsNull() ? "null" : JavaCode.quote(spec == null ? "" : spec);
            case "bytes" -> defaultIsNull() ? "null" : "MessageSupport.EMPTY_BYTES";
            case "records" -> recordsDefaultIsNull() ? "null" : "MessageSupport.EMPTY_RECORDS";
            case "uuid" -> "MessageSupport.ZERO_UUID";
            default -> throw new IllegalStateException("unknown type " + type);
        };
    }

    private long integer(String spec, long min, long max) {
        if (spec == null || spec.isEmpty()) {
            return 0;
        }
        long value = spec.startsWith("0x") ? Long.parseUnsignedLong(spec.substring(2), 16) : Long.parseLong(spec);
        if (value < min || value > max) {
            throw new IllegalStateException(structName + "." + field.name() + " default " + spec + " out of range");
        }
        return value;
    }

    /** Records default to null (no data) where some valid version allows null, else to an empty buffer. */
    private boolean recordsDefaultIsNull() {
        return !field.nullableVersions().intersect(within).isEmpty();
    }

    /** A boolean expression that is true when the field's value is not its default. */
    String differsFromDefault() {
        String self = self();
        if (type.array()) {
            return defaultIsNull() ? self + " != null" : "(" + self + " == null || !" + self + ".isEmpty())";
        }
        if (type.isStruct()) {
            return defaultIsNull() ? self + " != null" : "!new " + type.element() + "().equals(" + self + ")";
        }
        return switch (type.element()) {
            case "float64" -> "Double.compare(" + self + ", " + defaultValue() + ") != 0";
            case "string" -> defaultIsNull() ? self + " != null" : "!" + defaultValue() + ".equals(" + self + ")";
            case "bytes" -> defaultIsNull() ? self + " != null" : "(" + self + " == null || " + self + ".length != 0)";
            case "records" -> recordsDefaultIsNull() ? self + " != null" : "(" + self + " == null || " + self + ".hasRemaining())";
            case "uuid" -> "!MessageSupport.ZERO_UUID.equals(" + self + ")";
            case "bool" -> defaultValue().equals("true") ? "!" + self : self;
            default -> self + " != " + defaultValue();
        };
    }

    // ------------------------------------------------------------------------------------------ reading

    /** Statements assigning the field from the wire. */
    void emitRead(JavaCode code, boolean inTaggedSection) {
        String compact = compactCondition(inTaggedSection);
        String nullable = nullableCondition();
        String label = JavaCode.quote(structName + "." + field.name());
        if (type.array()) {
            code.open("");
            code.line("int count = in.readArrayLength(" + label + ", " + compact + ", " + nullable + ");");
            code.open("if (count < 0)");
            code.line(self() + " = null;");
            code.orElse(null);
            code.line("ArrayList<" + type.elementJavaType(true) + "> list = new ArrayList<>(count);");
            code.open("for (int i = 0; i < count; i++)");
            code.line("list.add(" + readElement(compact, "false", label) + ");");
            code.close();
            code.line(self() + " = list;");
            code.close();
            code.close();
        } else if (type.isStruct() && !"false".equals(nullable)) {
            String construct = "new " + type.element() + "(in, version)";
            code.line(self() + " = " + ("true".equals(nullable) ? "" : "!(" + nullable + ") || ")
                    + "in.readInt8() >= 0 ? " + construct + " : null;");
        } else {
            code.line(self() + " = " + readElement(compact, nullable, label) + ";");
        }
    }

    private String readElement(String compact, String nullable, String label) {
        return switch (type.element()) {
            case "bool" -> "in.readBoolean()";
            case "int8" -> "in.readInt8()";
            case "int16" -> "in.readInt16()";
            case "uint16" -> "in.readUnsignedInt16()";
            case "int32" -> "in.readInt32()";
            case "uint32" -> "in.readUnsignedInt32()";
            case "int64" -> "in.readInt64()";
            case "float64" -> "in.readFloat64()";
            case "uuid" -> "in.readUuid()";
            case "string" -> "in.readString(" + label + ", " + compact + ", " + nullable + ")";
            case "bytes" -> "in.readBytes(" + label + ", " + compact + ", " + nullable + ")";
            case "records" -> "in.readRecords(" + label + ", " + compact + ", " + nullable + ")";
            default -> "new " + type.element() + "(in, version)";
        };
    }

    // ------------------------------------------------------------------------------------------ writing

    /** Statements writing the field (present in this version) to the wire. */
    void emitWrite(JavaCode code, boolean inTaggedSection) {
        String compact = compactCondition(inTaggedSection);
        String nullable = nullableCondition();
        String self = self();
        if (type.isJavaPrimitive() || type.element().equals("uuid") && !type.array()) {
            if (type.element().equals("uuid")) {
                emitNullCheck(code, "false");
            }
            code.line(writeElement(self, compact) + ";");
            return;
        }
        if (type.array()) {
            if ("false".equals(nullable)) {
                code.open("if (" + self + " == null)");
                code.line(nullNotAllowed());
                code.close();
                emitArrayElements(code, compact);
            } else {
                code.open("if (" + self + " == null)");
                emitNullCheck(code, nullable);
                code.line("out.writeArrayLength(-1, " + compact + ");");
                code.orElse(null);
                emitArrayElements(code, compact);
                code.close();
            }
        } else if (type.isStruct()) {
            if ("false".equals(nullable)) {
                emitNullCheck(code, "false");
                code.line(self + ".write(out, version);");
            } else {
                code.open("if (" + self + " == null)");
                emitNullCheck(code, nullable);
                code.line("out.writeInt8((byte) -1);");
                code.orElse(null);
                if ("true".equals(nullable)) {
                    code.line("out.writeInt8((byte) 1);");
                } else {
                    code.open("if (" + nullable + ")");
                    code.line("out.writeInt8((byte) 1);");
                    code.close();
                }
                code.line(self + ".write(out, version);");
                code.close();
            }
        } else {
            if (!"true".equals(nullable)) {
                code.open("if (" + self + " == null" + ("false".equals(nullable) ? "" : " && !(" + nullable + ")") + ")");
                code.line(nullNotAllowed());
                code.close();
            }
            code.line(writeElement(self, compact) + ";");
        }
    }

    private void emitArrayElements(JavaCode code, String compact) {
        code.line("out.writeArrayLength(" + self() + ".size(), " + compact + ");");
        code.open("for (" + type.elementJavaType(true) + " element : " + self() + ")");
        if (!type.hasPrimitiveElement()) {
            code.open("if (element == null)");
            code.line("throw MessageSupport.nullNotAllowed(" + JavaCode.quote(structName) + ", "
                    + JavaCode.quote(field.name() + "[]") + ", version);");
            code.close();
        }
        code.line(writeElement("element", compact) + ";");
        code.close();
    }

    /** Inside an {@code if (value == null)} block (or standalone for non-nullable fields): throw unless nullable. */
    private void emitNullCheck(JavaCode code, String nullable) {
        if ("true".equals(nullable)) {
            return;
        }
        boolean standalone = "false".equals(nullable) && (!type.array() && (type.isStruct() || type.element().equals("uuid")));
        if (standalone) {
            code.open("if (" + self() + " == null)");
            code.line(nullNotAllowed());
            code.close();
        } else if ("false".equals(nullable)) {
            code.line(nullNotAllowed());
        } else {
            code.open("if (!(" + nullable + "))");
            code.line(nullNotAllowed());
            code.close();
        }
    }

    private String nullNotAllowed() {
        return "throw MessageSupport.nullNotAllowed(" + JavaCode.quote(structName) + ", "
                + JavaCode.quote(field.name()) + ", version);";
    }

    private String writeElement(String value, String compact) {
        return switch (type.element()) {
            case "bool" -> "out.writeBoolean(" + value + ")";
            case "int8" -> "out.writeInt8(" + value + ")";
            case "int16" -> "out.writeInt16(" + value + ")";
            case "uint16" -> "out.writeUnsignedInt16(" + value + ")";
            case "int32" -> "out.writeInt32(" + value + ")";
            case "uint32" -> "out.writeUnsignedInt32(" + value + ")";
            case "int64" -> "out.writeInt64(" + value + ")";
            case "float64" -> "out.writeFloat64(" + value + ")";
            case "uuid" -> "out.writeUuid(" + value + ")";
            case "string" -> "out.writeString(" + value + ", " + compact + ")";
            case "bytes" -> "out.writeBytes(" + value + ", " + compact + ")";
            case "records" -> "out.writeRecords(" + value + ", " + compact + ")";
            default -> value + ".write(out, version)";
        };
    }

    // ------------------------------------------------------------------------------------------ value methods

    String equalsTerm(String other) {
        String self = self();
        String that = other + "." + field.javaName();
        if (type.array() || !type.isJavaPrimitive()) {
            return switch (type.array() ? "" : type.element()) {
                case "bytes" -> "Arrays.equals(" + self + ", " + that + ")";
                default -> "Objects.equals(" + self + ", " + that + ")";
            };
        }
        return type.element().equals("float64") ? "Double.compare(" + self + ", " + that + ") == 0" : self + " == " + that;
    }

    String hashTerm() {
        String self = self();
        if (type.array()) {
            return "Objects.hashCode(" + self + ")";
        }
        return switch (type.element()) {
            case "bool" -> "Boolean.hashCode(" + self + ")";
            case "int8" -> "Byte.hashCode(" + self + ")";
            case "int16" -> "Short.hashCode(" + self + ")";
            case "uint16", "int32" -> "Integer.hashCode(" + self + ")";
            case "uint32", "int64" -> "Long.hashCode(" + self + ")";
            case "float64" -> "Double.hashCode(" + self + ")";
            case "bytes" -> "Arrays.hashCode(" + self + ")";
            default -> "Objects.hashCode(" + self + ")";
        };
    }

    /** The value as {@code toString()} shows it; byte arrays and records by size only (they may carry secrets). */
    String toStringTerm() {
        String self = self();
        if (!type.array() && type.element().equals("bytes")) {
            return "MessageSupport.describeBytes(" + self + ")";
        }
        if (!type.array() && type.element().equals("records")) {
            return "MessageSupport.describeRecords(" + self + ")";
        }
        if (type.array() && type.element().equals("bytes")) {
            return "MessageSupport.describeByteArrays(" + self + ")";
        }
        return type.element().equals("string") && !type.array() ? "MessageSupport.quote(" + self + ")" : "String.valueOf(" + self + ")";
    }
}

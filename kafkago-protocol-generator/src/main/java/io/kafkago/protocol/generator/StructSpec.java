package io.kafkago.protocol.generator;

import java.util.List;

/** A struct of a message spec: the message body itself, an inline struct, or a common struct. */
record StructSpec(String name, List<FieldSpec> fields) {
}

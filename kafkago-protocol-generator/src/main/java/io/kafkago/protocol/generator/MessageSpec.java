package io.kafkago.protocol.generator;

import java.util.List;
import java.util.Map;

/**
 * One spec file: a request, response, header or data message, its version ranges, top-level fields and
 * every struct it defines (inline and common), keyed by struct name.
 */
record MessageSpec(
        String fileName,
        String name,
        String type,
        Integer apiKey,
        Versions validVersions,
        Versions flexibleVersions,
        boolean latestVersionUnstable,
        List<String> listeners,
        List<FieldSpec> fields,
        Map<String, StructSpec> structs) {

    boolean isRequest() {
        return type.equals("request");
    }

    boolean isResponse() {
        return type.equals("response");
    }

    boolean isApiMessage() {
        return isRequest() || isResponse();
    }

    StructSpec body() {
        return new StructSpec(name, fields);
    }
}

package io.kafkago.protocol.generator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Reads Kafka's message specs ({@code common/message/*.json}) from the kafka-clients jar on the
 * generator's classpath and turns them into {@link MessageSpec}s.
 */
final class SpecLoader {

    static final String SPEC_DIRECTORY = "common/message/";

    private final ObjectMapper json = new ObjectMapper().enable(JsonParser.Feature.ALLOW_COMMENTS);

    /** Every spec in the jar, sorted by file name. */
    List<MessageSpec> loadAll() {
        URL anchor = SpecLoader.class.getClassLoader().getResource(SPEC_DIRECTORY + "RequestHeader.json");
        if (anchor == null) {
            throw new IllegalStateException("kafka-clients (with " + SPEC_DIRECTORY + ") is not on the generator's classpath");
        }
        List<MessageSpec> specs = new ArrayList<>();
        try {
            JarURLConnection connection = (JarURLConnection) anchor.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                List<String> names = new ArrayList<>();
                for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                    String entryName = entries.nextElement().getName();
                    if (entryName.startsWith(SPEC_DIRECTORY) && entryName.endsWith(".json")) {
                        names.add(entryName);
                    }
                }
                names.sort(null);
                for (String entryName : names) {
                    try (InputStream in = jar.getInputStream(jar.getJarEntry(entryName))) {
                        specs.add(parse(entryName, json.readTree(in)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the message specs from " + anchor, e);
        }
        return specs;
    }

    private MessageSpec parse(String fileName, JsonNode root) {
        String name = text(root, "name");
        Map<String, StructSpec> structs = new LinkedHashMap<>();
        for (JsonNode common : root.path("commonStructs")) {
            define(fileName, structs, new StructSpec(text(common, "name"), parseFields(fileName, common.path("fields"))));
        }
        List<FieldSpec> fields = parseFields(fileName, root.path("fields"));
        collectInlineStructs(fileName, fields, structs);
        for (StructSpec common : List.copyOf(structs.values())) {
            collectInlineStructs(fileName, common.fields(), structs);
        }
        checkStructReferences(fileName, fields, structs);
        structs.values().forEach(struct -> checkStructReferences(fileName, struct.fields(), structs));
        List<String> listeners = new ArrayList<>();
        root.path("listeners").forEach(node -> listeners.add(node.asText()));
        return new MessageSpec(
                fileName.substring(SPEC_DIRECTORY.length()),
                name,
                text(root, "type"),
                root.has("apiKey") ? root.get("apiKey").asInt() : null,
                Versions.parse(text(root, "validVersions")),
                root.has("flexibleVersions") ? Versions.parse(text(root, "flexibleVersions")) : Versions.NONE,
                root.path("latestVersionUnstable").asBoolean(false),
                List.copyOf(listeners),
                fields,
                structs);
    }

    private List<FieldSpec> parseFields(String fileName, JsonNode array) {
        List<FieldSpec> fields = new ArrayList<>();
        for (JsonNode node : array) {
            String name = text(node, "name");
            Versions versions = Versions.parse(text(node, "versions"));
            Integer tag = node.has("tag") ? Integer.valueOf(node.get("tag").asText()) : null;
            Versions tagged = node.has("taggedVersions") ? Versions.parse(text(node, "taggedVersions")) : Versions.NONE;
            if ((tag == null) != tagged.isEmpty()) {
                throw new IllegalStateException(fileName + ": field " + name + " needs both tag and taggedVersions");
            }
            if (tag != null && !tagged.equals(versions)) {
                throw new IllegalStateException(fileName + ": tagged field " + name + " has taggedVersions "
                        + tagged + " different from versions " + versions + "; not supported");
            }
            fields.add(new FieldSpec(
                    name,
                    FieldType.parse(text(node, "type")),
                    versions,
                    node.has("nullableVersions") ? Versions.parse(text(node, "nullableVersions")) : Versions.NONE,
                    tagged,
                    tag,
                    node.has("flexibleVersions") ? Versions.parse(text(node, "flexibleVersions")) : null,
                    node.path("ignorable").asBoolean(false),
                    node.has("default") ? node.get("default").asText() : null,
                    node.path("about").asText(""),
                    node.has("fields") ? parseFields(fileName, node.get("fields")) : List.of()));
        }
        return List.copyOf(fields);
    }

    private static void collectInlineStructs(String fileName, List<FieldSpec> fields, Map<String, StructSpec> structs) {
        for (FieldSpec field : fields) {
            if (field.type().isStruct() && !field.fields().isEmpty()) {
                define(fileName, structs, new StructSpec(field.type().element(), field.fields()));
                collectInlineStructs(fileName, field.fields(), structs);
            }
        }
    }

    private static void checkStructReferences(String fileName, List<FieldSpec> fields, Map<String, StructSpec> structs) {
        for (FieldSpec field : fields) {
            if (field.type().isStruct() && !structs.containsKey(field.type().element())) {
                throw new IllegalStateException(fileName + ": field " + field.name() + " uses undefined struct "
                        + field.type().element());
            }
            checkStructReferences(fileName, field.fields(), structs);
        }
    }

    private static void define(String fileName, Map<String, StructSpec> structs, StructSpec struct) {
        StructSpec previous = structs.putIfAbsent(struct.name(), struct);
        if (previous != null && !previous.fields().equals(struct.fields())) {
            throw new IllegalStateException(fileName + ": struct " + struct.name() + " is defined twice, differently");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalStateException("spec node lacks \"" + field + "\": " + node);
        }
        return value.asText();
    }
}

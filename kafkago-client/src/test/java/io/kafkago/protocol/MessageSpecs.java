package io.kafkago.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kafka's JSON message specs (from the kafka-clients test dependency) paired with kafkago's generated
 * classes: the test-side, independent reading of which fields exist in which version.
 */
final class MessageSpecs {

    static final String MESSAGE_PACKAGE = "io.kafkago.protocol.message.";
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.ALLOW_COMMENTS);
    private static final List<String> DATA_AND_HEADERS = List.of(
            "RequestHeader", "ResponseHeader", "ConsumerProtocolSubscription", "ConsumerProtocolAssignment");

    /** One spec and the class generated from it. */
    record Spec(String name, JsonNode root, Class<?> generated, Map<String, JsonNode> structFields) {

        short lowestVersion() {
            return range(root.get("validVersions").asText())[0];
        }

        short highestVersion() {
            return range(root.get("validVersions").asText())[1];
        }

        boolean isFlexible(short version) {
            return root.has("flexibleVersions") && contains(root.get("flexibleVersions").asText(), version);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private MessageSpecs() {
    }

    /** Every generated message: request and response of each ApiKey, the headers and the consumer protocol data. */
    static List<Spec> all() {
        List<String> names = new ArrayList<>();
        for (ApiKey key : ApiKey.values()) {
            names.add(key.displayName() + "Request");
            names.add(key.displayName() + "Response");
        }
        names.addAll(DATA_AND_HEADERS);
        List<Spec> specs = new ArrayList<>();
        for (String name : names) {
            specs.add(load(name));
        }
        return specs;
    }

    static Spec load(String name) {
        try (InputStream in = MessageSpecs.class.getClassLoader().getResourceAsStream("common/message/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("no spec for " + name);
            }
            JsonNode root = JSON.readTree(in);
            Map<String, JsonNode> structs = new HashMap<>();
            for (JsonNode common : root.path("commonStructs")) {
                structs.put(common.get("name").asText(), common.get("fields"));
                collectStructs(common.get("fields"), structs);
            }
            collectStructs(root.get("fields"), structs);
            return new Spec(name, root, Class.forName(MESSAGE_PACKAGE + name), structs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("no generated class for " + name, e);
        }
    }

    private static void collectStructs(JsonNode fields, Map<String, JsonNode> structs) {
        for (JsonNode field : fields) {
            if (field.has("fields")) {
                structs.put(field.get("type").asText().replace("[]", ""), field.get("fields"));
                collectStructs(field.get("fields"), structs);
            }
        }
    }

    /** True if a spec version range ("3+", "1-4", "2", "none") contains the version. */
    static boolean contains(String range, short version) {
        if (range.equals("none")) {
            return false;
        }
        short[] bounds = range(range);
        return version >= bounds[0] && version <= bounds[1];
    }

    private static short[] range(String text) {
        if (text.endsWith("+")) {
            return new short[] {Short.parseShort(text.substring(0, text.length() - 1)), Short.MAX_VALUE};
        }
        int dash = text.indexOf('-');
        if (dash > 0) {
            return new short[] {Short.parseShort(text.substring(0, dash)), Short.parseShort(text.substring(dash + 1))};
        }
        short only = Short.parseShort(text);
        return new short[] {only, only};
    }
}

package org.socketiooperator.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The captured Redis traffic of the official Node.js servers, shipped in src/test/resources/vectors. */
public final class Vectors {

    /** One captured command; {@code payload} is null for commands without a message. */
    public record Vector(
            String file,
            String phase,
            String description,
            String command,
            String channel,
            byte[] payload,
            String encoding,
            JsonNode decoded,
            JsonNode args) {

        public boolean hasPayload() {
            return payload != null;
        }

        @Override
        public String toString() {
            return file + " / " + phase + " / " + command + " " + channel;
        }
    }

    public static final List<String> CLASSIC_FILES = List.of("classic.json", "classic-specific-response-channel.json");
    public static final List<String> SHARDED_FILES =
            List.of("sharded-static.json", "sharded-dynamic.json", "sharded-dynamic-private.json");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Vectors() {}

    public static List<Vector> load(String file) {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no vector file " + file);
            }
            List<Vector> vectors = new ArrayList<>();
            for (JsonNode node : MAPPER.readTree(in)) {
                JsonNode payload = node.get("payload_base64");
                vectors.add(new Vector(
                        file,
                        node.path("phase").asText(),
                        node.path("description").asText(),
                        node.path("command").asText(),
                        node.path("channel").asText(null),
                        payload == null || payload.isNull()
                                ? null
                                : Base64.getDecoder().decode(payload.asText()),
                        node.path("encoding").asText(null),
                        node.get("decoded"),
                        node.get("args")));
            }
            return vectors;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode observations(String file) {
        String name = file.replace(".json", ".observations.json");
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + name)) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Turns the capture's rendering ({@code {"$binary_base64": ...}}) into the codec's plain Java values. */
    public static Object toValue(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            if (node.size() == 1 && node.has("$binary_base64")) {
                return Base64.getDecoder().decode(node.get("$binary_base64").asText());
            }
            if (node.size() == 1 && node.has("$undefined")) {
                return null;
            }
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), toValue(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(toValue(item)));
            return list;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        double d = node.asDouble();
        return d == Math.rint(d) ? (Object) (long) d : (Object) d;
    }

    /** The inverse of {@link #toValue}: renders plain values the way the capture does, for comparisons. */
    public static JsonNode toNode(Object value) {
        return MAPPER.valueToTree(render(value));
    }

    private static Object render(Object value) {
        if (value instanceof byte[] bytes) {
            return Map.of("$binary_base64", Base64.getEncoder().encodeToString(bytes));
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), render(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Vectors::render).toList();
        }
        return value;
    }
}

package org.socketiooperator.emitter.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.socketiooperator.emitter.Emitter;

/**
 * The calls of {@code emitter-calls.json}, which {@code emitter-official.js} replays with the official
 * emitter: {op, nsp?, to?, except?, volatile?, compress?, args}, {"$binary_base64": ...} meaning bytes.
 */
final class EmitterCalls {

    static final String RESOURCE = "/emitter-calls.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EmitterCalls() {}

    static JsonNode load() {
        try (InputStream in = EmitterCalls.class.getResourceAsStream(RESOURCE)) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file itself, for the Node script (test resources are copied to target/test-classes). */
    static Path file() {
        try {
            return Path.of(EmitterCalls.class.getResource(RESOURCE).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Applies one call to {@code root}; fields are applied in the order the call lists them. */
    static CompletionStage<Void> apply(Emitter root, JsonNode call) {
        return run(target(root, call), call);
    }

    /** The emitter a call selects from {@code root}: its namespace, rooms, exceptions and flags. */
    static Emitter target(Emitter root, JsonNode call) {
        Emitter target = call.has("nsp") ? root.of(call.get("nsp").asText()) : root;
        for (Iterator<String> fields = call.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            switch (field) {
                case "to" -> target = target.to(strings(call.get("to")));
                case "except" -> target = target.except(strings(call.get("except")));
                case "volatile" -> target = target.volatile_();
                case "compress" -> target = target.compress(call.get("compress").asBoolean());
                default -> {
                    // op, nsp and args are handled below
                }
            }
        }
        return target;
    }

    /** The call's operation on {@code target}, an emitter {@link #target} gave for it. */
    static CompletionStage<Void> run(Emitter target, JsonNode call) {
        List<Object> args = new ArrayList<>();
        call.get("args").forEach(arg -> args.add(value(arg)));
        return switch (call.get("op").asText()) {
            case "emit" ->
                target.emit((String) args.get(0), args.subList(1, args.size()).toArray());
            case "socketsJoin" -> target.socketsJoin(strings(call.get("args")));
            case "socketsLeave" -> target.socketsLeave(strings(call.get("args")));
            case "disconnectSockets" -> target.disconnectSockets((Boolean) args.get(0));
            case "serverSideEmit" ->
                target.serverSideEmit(
                        (String) args.get(0), args.subList(1, args.size()).toArray());
            default -> throw new IllegalArgumentException("unknown op " + call.get("op"));
        };
    }

    private static List<String> strings(JsonNode array) {
        List<String> result = new ArrayList<>();
        array.forEach(n -> result.add(n.asText()));
        return result;
    }

    /** JSON as JavaScript reads it: every number is a double, shown as an integer when it is one. */
    static Object value(JsonNode node) {
        if (node.isObject()) {
            if (node.size() == 1 && node.has("$binary_base64")) {
                return Base64.getDecoder().decode(node.get("$binary_base64").asText());
            }
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), value(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(value(item)));
            return list;
        }
        if (node.isNull()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        return node.asText();
    }
}

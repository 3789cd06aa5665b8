package org.socketiooperator.server.parser;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.socketiooperator.protocol.codec.CodecException;
import org.socketiooperator.protocol.codec.JsonCodec;

/**
 * The JSON of Socket.IO packets: the protocol's {@link JsonCodec} ({@code JSON.parse}/{@code JSON.stringify}
 * over plain values) with what packets add: each {@code byte[]} becomes an attachment placeholder, and
 * other objects (records, beans) are flattened to plain values by Jackson.
 */
final class JsonValues {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonValues() {}

    static Object parse(String text) {
        try {
            return JsonCodec.decode(text);
        } catch (CodecException e) {
            throw new ParseException("invalid JSON payload: " + e.getMessage());
        }
    }

    /** Writes {@code value}; each {@code byte[]} becomes a placeholder and is appended to {@code attachments}. */
    static String write(Object value, List<byte[]> attachments) {
        try {
            return JsonCodec.encodeToString(value, new Attachments(attachments));
        } catch (CodecException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private record Attachments(List<byte[]> collected) implements JsonCodec.Substitutions {

        @Override
        public Object binary(byte[] bytes) {
            Map<String, Object> placeholder = new LinkedHashMap<>();
            placeholder.put("_placeholder", true);
            placeholder.put("num", collected.size());
            collected.add(bytes);
            return placeholder;
        }

        @Override
        public Object other(Object value) {
            try {
                return MAPPER.convertValue(value, Object.class);
            } catch (IllegalArgumentException e) {
                throw new CodecException(
                        "cannot encode a " + value.getClass().getName() + " as JSON: " + e.getMessage(), e);
            }
        }
    }
}

package org.socketiooperator.server.parser;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON to plain Java values and back, the way {@code JSON.parse}/{@code JSON.stringify} see them, with
 * {@code byte[]} written as attachment placeholders. Other objects (records, beans) go through Jackson.
 */
final class JsonValues {

    private static final int MAX_DEPTH = 64;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private JsonValues() {
    }

    static Object parse(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new ParseException("empty JSON payload");
            }
            Object value = read(parser, first);
            if (parser.nextToken() != null) {
                throw new ParseException("trailing characters after the JSON payload");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ParseException pe) {
                throw pe;
            }
            throw new ParseException("invalid JSON payload: " + e.getMessage());
        }
    }

    private static Object read(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String name = parser.currentName();
                    map.put(name, read(parser, parser.nextToken()));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    list.add(read(parser, t));
                }
                return list;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT -> {
                return switch (parser.getNumberType()) {
                    case INT, LONG -> parser.getLongValue();
                    default -> parser.getDoubleValue();
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return parser.getDoubleValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new ParseException("unexpected JSON token " + token);
        }
    }

    /** Writes {@code value}; each {@code byte[]} becomes a placeholder and is appended to {@code attachments}. */
    static String write(Object value, List<byte[]> attachments) {
        StringWriter out = new StringWriter();
        try (JsonGenerator gen = FACTORY.createGenerator(out)) {
            write(gen, value, attachments, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator gen, Object value, List<byte[]> attachments, int depth)
            throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("value nested deeper than " + MAX_DEPTH + " levels");
        }
        if (value == null) {
            gen.writeNull();
        } else if (value instanceof String s) {
            gen.writeString(s);
        } else if (value instanceof Boolean b) {
            gen.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte) {
            gen.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d)) {
                // JSON.stringify writes integral doubles without a fraction
                if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                    gen.writeNumber((long) d);
                } else {
                    gen.writeNumber(d);
                }
            } else {
                gen.writeNull();
            }
        } else if (value instanceof BigInteger || value instanceof BigDecimal) {
            gen.writeNumber(((Number) value).doubleValue());
        } else if (value instanceof byte[] bytes) {
            gen.writeStartObject();
            gen.writeBooleanField("_placeholder", true);
            gen.writeNumberField("num", attachments.size());
            gen.writeEndObject();
            attachments.add(bytes);
        } else if (value instanceof Map<?, ?> map) {
            gen.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                gen.writeFieldName(String.valueOf(e.getKey()));
                write(gen, e.getValue(), attachments, depth + 1);
            }
            gen.writeEndObject();
        } else if (value instanceof Iterable<?> list) {
            gen.writeStartArray();
            for (Object item : list) {
                write(gen, item, attachments, depth + 1);
            }
            gen.writeEndArray();
        } else if (value instanceof Object[] array) {
            write(gen, List.of(array), attachments, depth);
        } else if (value instanceof java.nio.ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            write(gen, bytes, attachments, depth);
        } else {
            // records and beans: let Jackson flatten them to plain values first
            write(gen, MAPPER.convertValue(value, Object.class), attachments, depth + 1);
        }
    }
}

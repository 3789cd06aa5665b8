package org.socketiooperator.protocol.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON as JavaScript's {@code JSON.stringify} writes it and {@code JSON.parse} reads it, over the same
 * plain Java values as {@link MsgpackCodec}. Byte arrays are written the way Node writes a Buffer,
 * {@code {"type":"Buffer","data":[...]}}, and read back as that object, just as Node does.
 */
public final class JsonCodec {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(CodecLimits.MAX_DEPTH)
                    .build())
            .build();

    private JsonCodec() {
    }

    public static byte[] encode(Object value) {
        return encodeToString(value).getBytes(StandardCharsets.UTF_8);
    }

    public static String encodeToString(Object value) {
        return encodeToString(value, null);
    }

    /**
     * As {@link #encodeToString(Object)}, but binary data and values outside the plain set are first
     * swapped for what {@code substitutions} gives (null keeps the Node Buffer form and refuses others).
     */
    public static String encodeToString(Object value, Substitutions substitutions) {
        StringBuilder out = new StringBuilder(64);
        write(out, value, substitutions, 0);
        return out.toString();
    }

    /**
     * Plain values to write in place of those JSON has no form of. Socket.IO packets, for one, put
     * binary attachments aside behind placeholders and let a mapper flatten records and beans.
     */
    public interface Substitutions {

        /** Written instead of a {@code byte[]} (or the bytes of a {@code ByteBuffer}). */
        Object binary(byte[] bytes);

        /** Written instead of an object that is not a plain value; throws when it cannot be turned into one. */
        Object other(Object value);
    }

    public static Object decode(byte[] bytes) {
        try (JsonParser parser = FACTORY.createParser(bytes)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new CodecException("empty JSON payload");
            }
            Object value = read(parser, first);
            if (parser.nextToken() != null) {
                throw new CodecException("trailing data after the JSON value");
            }
            return value;
        } catch (IOException e) {
            throw new CodecException("malformed JSON: " + e.getMessage(), e);
        }
    }

    public static Object decode(String text) {
        return decode(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Object read(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String key = parser.currentName();
                    map.put(key, read(parser, parser.nextToken()));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    list.add(read(parser, t));
                }
                return list;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? (Object) parser.getDoubleValue() : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT: {
                double d = parser.getDoubleValue();
                // JavaScript has a single number type: 2.0 and 2 are the same value.
                return d == Math.rint(d) && Math.abs(d) < 0x1p63 ? (Object) (long) d : (Object) d;
            }
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new CodecException("unexpected JSON token " + token);
        }
    }

    private static void write(StringBuilder out, Object value, Substitutions substitutions, int depth) {
        if (depth > CodecLimits.MAX_DEPTH) {
            throw new CodecException("value nested deeper than " + CodecLimits.MAX_DEPTH + " levels");
        }
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            writeString(out, s);
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte || value instanceof java.math.BigInteger) {
            out.append(value);
        } else if (value instanceof Number n) {
            out.append(JsNumbers.format(n.doubleValue()));
        } else if (value instanceof byte[] bytes && substitutions != null) {
            write(out, substitutions.binary(bytes), substitutions, depth + 1);
        } else if (value instanceof byte[] bytes) {
            out.append("{\"type\":\"Buffer\",\"data\":[");
            for (int i = 0; i < bytes.length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(bytes[i] & 0xff);
            }
            out.append("]}");
        } else if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            write(out, bytes, substitutions, depth);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString(out, String.valueOf(entry.getKey()));
                out.append(':');
                write(out, entry.getValue(), substitutions, depth + 1);
            }
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(out, item, substitutions, depth + 1);
            }
            out.append(']');
        } else if (value instanceof Object[] array) {
            write(out, Arrays.asList(array), substitutions, depth);
        } else if (value instanceof Instant instant) {
            writeString(out, instant.toString());
        } else if (value instanceof Date date) {
            writeString(out, date.toInstant().toString());
        } else if (value instanceof Enum<?> e) {
            writeString(out, e.name());
        } else if (substitutions != null) {
            write(out, substitutions.other(value), substitutions, depth + 1);
        } else {
            throw new CodecException("cannot encode a " + value.getClass().getName() + " as JSON");
        }
    }

    /** The escaping of JSON.stringify: short escapes, \\u00XX for other controls, lone surrogates escaped. */
    private static void writeString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || isLoneSurrogate(s, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean isLoneSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return false;
    }

    /** Number formatting of JavaScript's Number.prototype.toString, which JSON.stringify uses. */
    static final class JsNumbers {

        private JsNumbers() {
        }

        static String format(double d) {
            if (!Double.isFinite(d)) {
                return "null";
            }
            if (d == 0) {
                return "0";
            }
            BigDecimal decimal = new BigDecimal(Double.toString(d)).stripTrailingZeros();
            // JavaScript writes plain decimals for 1e-6 <= |d| < 1e21 and exponent form outside.
            double abs = Math.abs(d);
            if (abs >= 1e-6 && abs < 1e21) {
                return decimal.toPlainString();
            }
            String digits = decimal.unscaledValue().abs().toString();
            int exponent = digits.length() - 1 - decimal.scale();
            StringBuilder out = new StringBuilder();
            if (d < 0) {
                out.append('-');
            }
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            out.append('e').append(exponent < 0 ? "-" : "+").append(Math.abs(exponent));
            return out.toString();
        }
    }
}

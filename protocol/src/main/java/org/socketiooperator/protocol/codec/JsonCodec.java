package org.socketiooperator.protocol.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON as JavaScript's {@code JSON.stringify} writes it and {@code JSON.parse} reads it, over the same
 * plain Java values as {@link MsgpackCodec}. Byte arrays are written the way Node writes a Buffer,
 * {@code {"type":"Buffer","data":[...]}}, and read back as that object, just as Node does.
 *
 * <p>Numbers of any length are read: integers that fit a long as {@link Long} (integral decimals
 * too), others as the double {@code JSON.parse} gives ({@code 1e400} is Infinity). Nesting is bounded
 * by {@link CodecLimits#MAX_JSON_DEPTH} both ways; neither direction recurses on the thread's stack.
 */
public final class JsonCodec {

    // JSON.parse takes numbers and strings of any length; the payload is already in memory, so length
    // caps would protect nothing. Nesting is bounded (the parser counts it, no recursion involved).
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(CodecLimits.MAX_JSON_DEPTH)
                    .maxNumberLength(Integer.MAX_VALUE)
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNameLength(Integer.MAX_VALUE)
                    .build())
            .build();

    private JsonCodec() {}

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
        StringBuilder out = new StringBuilder(256); // an adapter message is ~100-200 chars: no regrowth
        write(out, value, substitutions);
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
        } catch (StreamConstraintsException e) {
            // A limit (in practice nesting, see FACTORY), not a syntax error.
            throw new CodecException("JSON beyond the codec's limits: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new CodecException("malformed JSON: " + e.getMessage(), e);
        }
    }

    public static Object decode(String text) {
        return decode(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Builds the value with a heap stack of open containers rather than recursion, so no depth of
     * input can overflow the calling thread's stack; the parser refuses nesting beyond the limit.
     */
    private static Object read(JsonParser parser, JsonToken first) throws IOException {
        List<Object> open = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        JsonToken token = first;
        while (true) {
            if (token == null) {
                throw new CodecException("truncated JSON value");
            }
            Object value;
            switch (token) {
                case START_OBJECT:
                    open.add(new LinkedHashMap<String, Object>());
                    keys.add(null);
                    token = parser.nextToken();
                    continue;
                case START_ARRAY:
                    open.add(new ArrayList<>());
                    keys.add(null);
                    token = parser.nextToken();
                    continue;
                case FIELD_NAME:
                    keys.set(keys.size() - 1, parser.currentName());
                    token = parser.nextToken();
                    continue;
                case END_OBJECT:
                case END_ARRAY:
                    keys.remove(keys.size() - 1);
                    value = open.remove(open.size() - 1);
                    break;
                case VALUE_STRING:
                    value = parser.getText();
                    break;
                case VALUE_NUMBER_INT:
                    value = readInteger(parser.getText());
                    break;
                case VALUE_NUMBER_FLOAT:
                    value = fromDouble(Double.parseDouble(parser.getText()));
                    break;
                case VALUE_TRUE:
                    value = Boolean.TRUE;
                    break;
                case VALUE_FALSE:
                    value = Boolean.FALSE;
                    break;
                case VALUE_NULL:
                    value = null;
                    break;
                default:
                    throw new CodecException("unexpected JSON token " + token);
            }
            if (open.isEmpty()) {
                return value;
            }
            Object parent = open.get(open.size() - 1);
            if (parent instanceof List) {
                @SuppressWarnings("unchecked")
                List<Object> list = (List<Object>) parent;
                list.add(value);
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) parent;
                map.put(keys.get(keys.size() - 1), value);
            }
            token = parser.nextToken();
        }
    }

    /**
     * An integer literal as a Long when it fits, otherwise as JavaScript's double. Going from the text
     * straight to a double keeps a huge literal linear: BigInteger parsing is quadratic in its length.
     */
    private static Object readInteger(String text) {
        int digits = text.length() - (text.charAt(0) == '-' ? 1 : 0);
        if (digits <= 18) {
            return Long.parseLong(text);
        }
        if (digits == 19) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException beyondLong) {
                // falls through to the double
            }
        }
        return Double.parseDouble(text);
    }

    private static Object fromDouble(double d) {
        // JavaScript has a single number type: 2.0 and 2 are the same value.
        return d == Math.rint(d) && Math.abs(d) < 0x1p63 ? (Object) (long) d : (Object) d;
    }

    /** An open array or object of the writer: its remaining items (map entries for an object). */
    private static final class Frame {
        final Iterator<?> items;
        final boolean object;
        boolean first = true;

        Frame(Iterator<?> items, boolean object) {
            this.items = items;
            this.object = object;
        }
    }

    /**
     * Writes with a heap stack of open containers (no recursion, so no StackOverflowError whatever the
     * depth), refusing output nested deeper than {@link CodecLimits#MAX_JSON_DEPTH}; a cyclic value
     * ends there too.
     */
    private static void write(StringBuilder out, Object root, Substitutions substitutions) {
        ArrayDeque<Frame> stack = new ArrayDeque<>();
        Object value = root;
        while (true) {
            value = substitute(value, substitutions);
            if (value instanceof Map<?, ?> map) {
                checkDepth(stack.size() + 1);
                out.append('{');
                stack.push(new Frame(map.entrySet().iterator(), true));
            } else if (value instanceof Collection<?> list) {
                checkDepth(stack.size() + 1);
                out.append('[');
                stack.push(new Frame(list.iterator(), false));
            } else if (value instanceof Object[] array) {
                checkDepth(stack.size() + 1);
                out.append('[');
                stack.push(new Frame(Arrays.asList(array).iterator(), false));
            } else {
                writeScalar(out, value, stack.size());
            }
            // Close finished containers until one has a next item, or the root is done.
            while (true) {
                Frame top = stack.peek();
                if (top == null) {
                    return;
                }
                if (top.items.hasNext()) {
                    if (!top.first) {
                        out.append(',');
                    }
                    top.first = false;
                    Object next = top.items.next();
                    if (top.object) {
                        Map.Entry<?, ?> entry = (Map.Entry<?, ?>) next;
                        writeString(out, String.valueOf(entry.getKey()));
                        out.append(':');
                        value = entry.getValue();
                    } else {
                        value = next;
                    }
                    break;
                }
                out.append(top.object ? '}' : ']');
                stack.pop();
            }
        }
    }

    private static void checkDepth(int depth) {
        if (depth > CodecLimits.MAX_JSON_DEPTH) {
            throw CodecLimits.tooDeep("JSON value", CodecLimits.MAX_JSON_DEPTH);
        }
    }

    /**
     * What is written in place of {@code value}: binary and non-plain objects go through the
     * substitutions (an object may become binary, then its placeholder). The result is not substituted
     * again, so a substitution that keeps returning non-plain values cannot loop.
     */
    private static Object substitute(Object value, Substitutions substitutions) {
        if (value instanceof ByteBuffer buffer) {
            value = bytesOf(buffer);
        }
        if (substitutions == null) {
            return value;
        }
        if (!isPlain(value)) {
            value = substitutions.other(value);
            if (value instanceof ByteBuffer buffer) {
                value = bytesOf(buffer);
            }
        }
        if (value instanceof byte[] bytes) {
            value = substitutions.binary(bytes);
        }
        if (value instanceof byte[] || value instanceof ByteBuffer || !isPlain(value)) {
            throw new CodecException("a substitution gave a " + value.getClass().getName() + ", not a plain value");
        }
        return value;
    }

    private static boolean isPlain(Object value) {
        return value == null
                || value instanceof String
                || value instanceof Boolean
                || value instanceof Number
                || value instanceof byte[]
                || value instanceof ByteBuffer
                || value instanceof Map
                || value instanceof Collection
                || value instanceof Object[]
                || value instanceof Instant
                || value instanceof Date
                || value instanceof Enum;
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static void writeScalar(StringBuilder out, Object value, int depth) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            writeString(out, s);
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value instanceof Long
                || value instanceof Integer
                || value instanceof Short
                || value instanceof Byte
                || value instanceof java.math.BigInteger) {
            out.append(value);
        } else if (value instanceof Number n) {
            // Infinity and NaN become null, as in JSON.stringify.
            out.append(JsNumbers.format(n.doubleValue()));
        } else if (value instanceof byte[] bytes) {
            // {"type":"Buffer","data":[...]} is an object and an array: two levels of the output.
            checkDepth(depth + 2);
            out.append("{\"type\":\"Buffer\",\"data\":[");
            for (int i = 0; i < bytes.length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(bytes[i] & 0xff);
            }
            out.append("]}");
        } else if (value instanceof Instant instant) {
            writeString(out, instant.toString());
        } else if (value instanceof Date date) {
            writeString(out, date.toInstant().toString());
        } else if (value instanceof Enum<?> e) {
            writeString(out, e.name());
        } else {
            throw new CodecException("cannot encode a " + value.getClass().getName() + " as JSON");
        }
    }

    /** The escaping of JSON.stringify: short escapes, \\u00XX for other controls, lone surrogates escaped. */
    private static void writeString(StringBuilder out, String s) {
        out.append('"');
        if (plain(s)) { // the usual case: nothing to escape, one bulk copy
            out.append(s).append('"');
            return;
        }
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

    /** No quote, backslash, control character or surrogate: the string is written as it is. */
    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
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

        private JsNumbers() {}

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

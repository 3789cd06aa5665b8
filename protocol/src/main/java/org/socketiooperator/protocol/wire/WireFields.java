package org.socketiooperator.protocol.wire;

import java.util.List;
import java.util.Map;
import org.socketiooperator.protocol.codec.CodecException;

/**
 * Typed reads of decoded wire values, shared by the classic and sharded formats. A wrong shape is a
 * {@link CodecException} naming the field, so a hostile message never escapes as another exception.
 */
public final class WireFields {

    private WireFields() {}

    public static Map<String, Object> map(Object value, String what) {
        if (value instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) map;
            return typed;
        }
        throw new CodecException(what + " must be an object, got " + describe(value));
    }

    public static List<Object> list(Object value, String what) {
        if (value instanceof List<?> list) {
            @SuppressWarnings("unchecked")
            List<Object> typed = (List<Object>) list;
            return typed;
        }
        throw new CodecException(what + " must be an array, got " + describe(value));
    }

    public static String string(Object value, String what) {
        if (value instanceof String s) {
            return s;
        }
        throw new CodecException(what + " must be a string, got " + describe(value));
    }

    /** Absent or null gives null; anything but a string is an error. */
    public static String optionalString(Object value, String what) {
        return value == null ? null : string(value, what);
    }

    /** An integer, also when JavaScript wrote it as an integral float. */
    public static long integer(Object value, String what) {
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return d.longValue();
        }
        throw new CodecException(what + " must be an integer, got " + describe(value));
    }

    public static int smallInteger(Object value, String what) {
        long l = integer(value, what);
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
            throw new CodecException(what + " out of range: " + l);
        }
        return (int) l;
    }

    /** Names a value's kind for error messages without echoing (possibly hostile) content. */
    public static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        if (value instanceof byte[]) {
            return "binary";
        }
        return "a " + value.getClass().getSimpleName();
    }
}

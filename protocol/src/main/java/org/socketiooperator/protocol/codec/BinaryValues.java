package org.socketiooperator.protocol.codec;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;

/** Finds binary anywhere in a plain value tree (the sharded adapter switches to MessagePack on it). */
public final class BinaryValues {

    private BinaryValues() {
    }

    public static boolean containsBinary(Object value) {
        if (value instanceof byte[] || value instanceof ByteBuffer) {
            return true;
        }
        if (value instanceof Map<?, ?> map) {
            for (Object item : map.values()) {
                if (containsBinary(item)) {
                    return true;
                }
            }
        } else if (value instanceof Collection<?> list) {
            for (Object item : list) {
                if (containsBinary(item)) {
                    return true;
                }
            }
        } else if (value instanceof Object[] array) {
            for (Object item : array) {
                if (containsBinary(item)) {
                    return true;
                }
            }
        }
        return false;
    }
}

package org.socketiooperator.protocol.codec;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/** Finds binary anywhere in a plain value tree (the sharded adapter switches to MessagePack on it). */
public final class BinaryValues {

    // Deeper than either encoder writes: such a value cannot be sent in any format.
    private static final int MAX_DEPTH = Math.max(CodecLimits.MAX_JSON_DEPTH, CodecLimits.MAX_MSGPACK_DEPTH);

    private BinaryValues() {}

    /**
     * Walks with a heap stack (no recursion, so no StackOverflowError whatever the depth); a value
     * nested deeper than the codecs' limits, a cyclic one included, is a {@link CodecException}.
     */
    public static boolean containsBinary(Object value) {
        ArrayDeque<Iterator<?>> stack = new ArrayDeque<>();
        Object current = value;
        while (true) {
            if (current instanceof byte[] || current instanceof ByteBuffer) {
                return true;
            }
            Iterator<?> children = null;
            if (current instanceof Map<?, ?> map) {
                children = map.values().iterator();
            } else if (current instanceof Collection<?> list) {
                children = list.iterator();
            } else if (current instanceof Object[] array) {
                children = Arrays.asList(array).iterator();
            }
            if (children != null) {
                if (stack.size() >= MAX_DEPTH) {
                    throw CodecLimits.tooDeep("value", MAX_DEPTH);
                }
                stack.push(children);
            }
            while (true) {
                Iterator<?> top = stack.peek();
                if (top == null) {
                    return false;
                }
                if (top.hasNext()) {
                    current = top.next();
                    break;
                }
                stack.pop();
            }
        }
    }
}

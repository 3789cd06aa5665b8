package org.socketiooperator.protocol.codec;

import org.msgpack.core.MessageUnpacker;

/**
 * Bounds that keep a hostile payload from exhausting the heap, and a value from nesting without end.
 *
 * <p>Depth is counted in containers (arrays, objects, maps): a scalar is 0 levels deep, {@code []} is 1,
 * {@code [[]]} and {@code [{"a":1}]} are 2. The codecs walk values with a heap stack,
 * not recursion, so these limits are policy (what a peer may send) and never a thread-stack concern.
 */
public final class CodecLimits {

    /**
     * Deepest JSON the codec decodes or encodes, counted over the whole document: a Socket.IO packet's
     * argument array is one of the levels, an adapter envelope adds a few more. {@code JSON.parse} has no
     * fixed limit; 2,000 leaves room for any value a JavaScript client can reasonably send (1,000 levels
     * and more) while bounding what a peer can make us walk.
     */
    public static final int MAX_JSON_DEPTH = 2000;

    /**
     * Deepest MessagePack value decoded or encoded. The same as JSON: broadcasts of client values cross
     * Redis in MessagePack (the adapters' default parser), so a value JSON lets in must be able to travel.
     */
    public static final int MAX_MSGPACK_DEPTH = MAX_JSON_DEPTH;

    private CodecLimits() {}

    static CodecException tooDeep(String what, int limit) {
        return new CodecException(what + " nested deeper than " + limit + " levels");
    }

    /**
     * Every element takes at least one byte, so a declared length larger than what is left of the
     * payload is a lie; refusing it early stops a 5-byte payload from pre-allocating gigabytes.
     */
    static void checkLength(long declared, MessageUnpacker unpacker, int payloadSize) {
        long remaining = payloadSize - unpacker.getTotalReadBytes();
        if (declared < 0 || declared > remaining) {
            throw new CodecException("declared length " + declared + " exceeds the " + remaining + " bytes left");
        }
    }
}

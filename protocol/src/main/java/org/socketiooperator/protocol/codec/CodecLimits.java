package org.socketiooperator.protocol.codec;

import org.msgpack.core.MessageUnpacker;

/** Bounds that keep a hostile payload from exhausting the stack or the heap. */
final class CodecLimits {

    static final int MAX_DEPTH = 256;

    private CodecLimits() {
    }

    /**
     * Every element takes at least one byte, so a declared length larger than what is left of the
     * payload is a lie; refusing it early stops a 5-byte payload from pre-allocating gigabytes.
     */
    static void checkLength(long declared, MessageUnpacker unpacker, int payloadSize) {
        long remaining = payloadSize - unpacker.getTotalReadBytes();
        if (declared < 0 || declared > remaining) {
            throw new CodecException("declared length " + declared + " exceeds the " + remaining
                    + " bytes left");
        }
    }
}

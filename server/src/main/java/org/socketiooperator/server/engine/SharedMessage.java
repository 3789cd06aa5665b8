package org.socketiooperator.server.engine;

import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * An Engine.IO message packet ({@code 4...}) sent to many sessions: its UTF-8 bytes are made once, by
 * whichever WebSocket needs them first, and then every connection writes the same array. With compression
 * on, its deflated bytes are made once too (connections compress without context takeover, so every one of
 * them would produce the same bytes).
 */
public final class SharedMessage {

    private final String packet;
    private volatile byte[] utf8;
    private volatile byte[] deflated;

    public SharedMessage(String socketIoText) {
        this.packet = "4" + socketIoText;
    }

    String packet() {
        return packet;
    }

    public byte[] utf8() {
        byte[] bytes = utf8;
        if (bytes == null) {
            // a benign race: two threads may both encode, with identical results
            bytes = packet.getBytes(StandardCharsets.UTF_8);
            utf8 = bytes;
        }
        return bytes;
    }

    /** The deflated form of {@link #utf8()}, made by {@code deflater} on first use; the same for every caller. */
    public byte[] deflated(UnaryOperator<byte[]> deflater) {
        byte[] bytes = deflated;
        if (bytes == null) {
            // the same benign race as utf8(): a deterministic result, computed at most once per racing thread
            bytes = deflater.apply(utf8());
            deflated = bytes;
        }
        return bytes;
    }
}

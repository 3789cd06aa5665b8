package org.socketiooperator.server.engine;

import java.nio.charset.StandardCharsets;

/**
 * An Engine.IO message packet ({@code 4...}) sent to many sessions: its UTF-8 bytes are made once, by
 * whichever WebSocket needs them first, and then every connection writes the same array.
 */
public final class SharedMessage {

    private final String packet;
    private volatile byte[] utf8;

    public SharedMessage(String socketIoText) {
        this.packet = "4" + socketIoText;
    }

    String packet() {
        return packet;
    }

    byte[] utf8() {
        byte[] bytes = utf8;
        if (bytes == null) {
            // a benign race: two threads may both encode, with identical results
            bytes = packet.getBytes(StandardCharsets.UTF_8);
            utf8 = bytes;
        }
        return bytes;
    }
}

package org.socketiooperator.server.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
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
    private volatile byte[] frame;
    private volatile ByteBuf directFrame;

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

    /**
     * The whole WebSocket frame of {@link #utf8()} as a server sends it uncompressed (FIN, text, unmasked, RFC 6455
     * 5.2): identical for every connection that does not compress it, so it is made once and written as it is.
     */
    public byte[] frame() {
        byte[] bytes = frame;
        if (bytes == null) {
            bytes = textFrame(utf8());
            frame = bytes;
        }
        return bytes;
    }

    /**
     * {@link #frame()} in direct memory, as a view each connection may write and release. A socket writes direct
     * memory as it is; a heap array is copied into a fresh direct buffer by the transport, once per connection.
     * The memory is the JDK's (freed when the last view is unreachable), so no write, queued or failed, can leak
     * it or free it under another connection.
     */
    public ByteBuf directFrame() {
        ByteBuf shared = directFrame;
        if (shared == null) {
            // the same benign race as utf8(): identical bytes, at most one copy per racing thread
            byte[] bytes = frame();
            ByteBuffer memory =
                    ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
            shared = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(memory));
            directFrame = shared;
        }
        return shared.duplicate();
    }

    static byte[] textFrame(byte[] payload) {
        int length = payload.length;
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        byte[] bytes = new byte[header + length];
        bytes[0] = (byte) 0x81; // FIN + text
        if (length < 126) {
            bytes[1] = (byte) length;
        } else if (length <= 0xFFFF) {
            bytes[1] = 126;
            bytes[2] = (byte) (length >>> 8);
            bytes[3] = (byte) length;
        } else {
            bytes[1] = 127;
            for (int i = 0; i < 8; i++) {
                bytes[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, bytes, header, length);
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

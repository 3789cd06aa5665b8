package org.socketiooperator.server.engine.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtension;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;

/**
 * permessage-deflate for outgoing frames, without server context takeover: every message is compressed on
 * its own, so a message sent to many connections is deflated once ({@link SharedTextFrame}) and no connection
 * keeps a zlib context of its own (one deflater per event loop, reset after each message). Frames under the
 * threshold, {@code compress(false)} frames and fragments go out as they are.
 */
final class NoContextDeflateEncoder extends WebSocketExtensionEncoder {

    /** The four bytes a sync flush ends with; permessage-deflate leaves them off the wire (RFC 7692, 7.2.1). */
    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};

    private static final int LEVEL = 6;

    private static final FastThreadLocal<Deflater> DEFLATERS = new FastThreadLocal<>() {
        @Override
        protected Deflater initialValue() {
            return new Deflater(LEVEL, true);
        }

        @Override
        protected void onRemoval(Deflater deflater) {
            deflater.end();
        }
    };

    private final int threshold;

    NoContextDeflateEncoder(int threshold) {
        this.threshold = threshold;
    }

    @Override
    public boolean acceptOutboundMessage(Object msg) throws Exception {
        if (!(msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame)) {
            return false;
        }
        WebSocketFrame frame = (WebSocketFrame) msg;
        int size = frame.content().readableBytes();
        return frame.isFinalFragment()
                && frame.rsv() == 0
                && size > 0
                && size >= threshold
                && !UncompressedFrames.isMarked(frame);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        byte[] compressed = frame instanceof SharedTextFrame shared
                ? shared.message().deflated(NoContextDeflateEncoder::deflate)
                : deflate(ByteBufUtil.getBytes(frame.content()));
        ByteBuf content = Unpooled.wrappedBuffer(compressed);
        out.add(
                frame instanceof TextWebSocketFrame
                        ? new TextWebSocketFrame(true, WebSocketExtension.RSV1, content)
                        : new BinaryWebSocketFrame(true, WebSocketExtension.RSV1, content));
    }

    /** One message, deflated on its own with a sync flush, the flush's empty block left off. */
    static byte[] deflate(byte[] input) {
        Deflater deflater = DEFLATERS.get();
        try {
            deflater.setInput(input);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, input.length / 2));
            byte[] chunk = new byte[Math.min(64 * 1024, Math.max(256, input.length + 64))];
            int n;
            do {
                n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
                out.write(chunk, 0, n);
            } while (n == chunk.length);
            byte[] bytes = out.toByteArray();
            boolean tail = bytes.length >= TAIL.length
                    && Arrays.equals(bytes, bytes.length - TAIL.length, bytes.length, TAIL, 0, TAIL.length);
            return tail ? Arrays.copyOf(bytes, bytes.length - TAIL.length) : bytes;
        } finally {
            deflater.reset();
        }
    }
}

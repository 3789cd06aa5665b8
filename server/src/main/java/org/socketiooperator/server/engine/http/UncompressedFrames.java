package org.socketiooperator.server.engine.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilter;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilterProvider;

/**
 * Outgoing frames that the deflate extension must leave alone: their type is the mark, so the
 * per-packet {@code compress(false)} choice reaches the encoder without any per-channel state.
 */
final class UncompressedFrames {

    /**
     * Skips marked frames and frames under {@code threshold} bytes when compressing (deflating a few
     * bytes costs CPU and saves nothing); incoming frames are always inflated as usual.
     */
    static WebSocketExtensionFilterProvider filter(int threshold) {
        return new WebSocketExtensionFilterProvider() {
            @Override
            public WebSocketExtensionFilter encoderFilter() {
                return frame -> frame instanceof Text
                        || frame instanceof Binary
                        || frame.content().readableBytes() < threshold;
            }

            @Override
            public WebSocketExtensionFilter decoderFilter() {
                return WebSocketExtensionFilter.NEVER_SKIP;
            }
        };
    }

    private UncompressedFrames() {}

    /** A frame sent with {@code compress(false)}. */
    static boolean isMarked(WebSocketFrame frame) {
        return frame instanceof Text || frame instanceof Binary;
    }

    static WebSocketFrame text(ByteBuf utf8) {
        return new Text(utf8);
    }

    static WebSocketFrame binary(ByteBuf data) {
        return new Binary(data);
    }

    private static final class Text extends TextWebSocketFrame {
        Text(ByteBuf utf8) {
            super(utf8);
        }
    }

    private static final class Binary extends BinaryWebSocketFrame {
        Binary(ByteBuf data) {
            super(data);
        }
    }
}

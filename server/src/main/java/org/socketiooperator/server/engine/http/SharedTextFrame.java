package org.socketiooperator.server.engine.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.socketiooperator.server.engine.SharedMessage;

/** A text frame of a message sent to many connections: the deflate encoder compresses it once for all of them. */
final class SharedTextFrame extends TextWebSocketFrame {

    private final SharedMessage message;

    SharedTextFrame(SharedMessage message, ByteBuf utf8) {
        super(utf8);
        this.message = message;
    }

    SharedMessage message() {
        return message;
    }
}

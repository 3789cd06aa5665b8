package org.socketiooperator.server.engine.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import org.socketiooperator.server.engine.EngineSession;
import org.socketiooperator.server.engine.FrameSink;

/** Bridges one WebSocket connection and its Engine.IO session, both ways. */
final class WebSocketSessionHandler extends SimpleChannelInboundHandler<WebSocketFrame> implements FrameSink {

    private final Channel channel;
    private volatile EngineSession session;

    WebSocketSessionHandler(Channel channel) {
        this.channel = channel;
    }

    void session(EngineSession value) {
        this.session = value;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        EngineSession s = session;
        if (frame instanceof TextWebSocketFrame text) {
            if (s != null) {
                s.onWsText(this, text.text());
            }
        } else if (frame instanceof BinaryWebSocketFrame binary) {
            if (s != null) {
                s.onWsBinary(this, ByteBufUtil.getBytes(binary.content()));
            }
        } else if (frame instanceof PingWebSocketFrame ping) {
            ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
        } else if (frame instanceof CloseWebSocketFrame) {
            ctx.writeAndFlush(new CloseWebSocketFrame()).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        EngineSession s = session;
        if (s != null) {
            s.onWsClosed(this);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // oversized or corrupt frames, failed inflation, resets: drop this connection only
        ctx.close();
    }

    @Override
    public void sendText(String text, boolean compress) {
        sendText(text.getBytes(StandardCharsets.UTF_8), compress);
    }

    @Override
    public void sendText(byte[] utf8, boolean compress) {
        ByteBuf content = Unpooled.wrappedBuffer(utf8);
        channel.write(compress ? new TextWebSocketFrame(content) : UncompressedFrames.text(content),
                channel.voidPromise());
    }

    @Override
    public void sendBinary(byte[] data, boolean compress) {
        ByteBuf content = Unpooled.wrappedBuffer(data);
        channel.write(compress ? new BinaryWebSocketFrame(content) : UncompressedFrames.binary(content),
                channel.voidPromise());
    }

    @Override
    public void flush() {
        channel.flush();
    }

    @Override
    public boolean writable() {
        return channel.isWritable();
    }

    @Override
    public void close() {
        if (channel.isActive()) {
            channel.writeAndFlush(new CloseWebSocketFrame()).addListener(ChannelFutureListener.CLOSE);
        }
    }
}

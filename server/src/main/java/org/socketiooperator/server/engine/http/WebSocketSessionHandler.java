package org.socketiooperator.server.engine.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.socketiooperator.server.engine.EngineSession;
import org.socketiooperator.server.engine.FrameSink;
import org.socketiooperator.server.engine.SharedMessage;

/**
 * Bridges one WebSocket connection and its Engine.IO session, both ways. An upgrade moves the connection
 * onto the session's event loop; should they differ, reads pause while the session's loop is behind, so a
 * client that floods cannot pile up tasks there.
 */
final class WebSocketSessionHandler extends SimpleChannelInboundHandler<WebSocketFrame> implements FrameSink {

    /** Frames handed to the session and not handled yet: reading pauses above the first, resumes below the second. */
    private static final int PAUSE_READS_AT = 64;

    private static final int RESUME_READS_AT = 16;
    private static final long CLOSE_GRACE_MS = 2_000;

    private final Channel channel;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Runnable frameDone = this::frameDone;
    private final IterationFlusher.Pending flushes;
    private volatile EngineSession session;
    /** Whether a compression extension was negotiated; known once the upgrade is complete (loop only). */
    private Boolean compressing;

    WebSocketSessionHandler(Channel channel) {
        this.channel = channel;
        this.flushes = new IterationFlusher.Pending(channel);
    }

    void session(EngineSession value) {
        this.session = value;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        EngineSession s = session;
        if (frame instanceof TextWebSocketFrame text) {
            if (s != null) {
                frameSent();
                s.onWsText(this, text.text(), frameDone);
            }
        } else if (frame instanceof BinaryWebSocketFrame binary) {
            if (s != null) {
                frameSent();
                s.onWsBinary(this, ByteBufUtil.getBytes(binary.content()), frameDone);
            }
        } else if (frame instanceof PingWebSocketFrame ping) {
            // a client that pings and never reads gets no more pongs once its outbound buffer is full
            if (channel.isWritable()) {
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()), ctx.voidPromise());
            }
        } else if (frame instanceof CloseWebSocketFrame) {
            ctx.writeAndFlush(new CloseWebSocketFrame()).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void frameSent() {
        if (inFlight.incrementAndGet() >= PAUSE_READS_AT) {
            channel.config().setAutoRead(false);
            // the session may have caught up between the count and the pause: never stay paused with nothing owed
            if (inFlight.get() <= RESUME_READS_AT) {
                channel.config().setAutoRead(true);
            }
        }
    }

    private void frameDone() {
        if (inFlight.decrementAndGet() <= RESUME_READS_AT && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
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
    public void sendShared(SharedMessage message, boolean compress) {
        if (!compress || !compressing()) {
            // the frame's bytes are the same for every connection that does not compress: made once per
            // message and written past the frame encoder, which would build the same bytes again per connection
            channel.write(message.directFrame(), channel.voidPromise());
            return;
        }
        ByteBuf content = Unpooled.wrappedBuffer(message.utf8());
        channel.write(
                compress ? new SharedTextFrame(message, content) : UncompressedFrames.text(content),
                channel.voidPromise());
    }

    private void sendText(byte[] utf8, boolean compress) {
        ByteBuf content = Unpooled.wrappedBuffer(utf8);
        channel.write(
                compress ? new TextWebSocketFrame(content) : UncompressedFrames.text(content), channel.voidPromise());
    }

    /**
     * Asked on the first shared send, which comes after the client's upgrade packet and so after the 101 answer
     * has been written and the extension's encoder installed.
     */
    private boolean compressing() {
        if (compressing == null) {
            compressing = channel.pipeline().get(WebSocketExtensionEncoder.class) != null;
        }
        return compressing;
    }

    @Override
    public void sendBinary(byte[] data, boolean compress) {
        ByteBuf content = Unpooled.wrappedBuffer(data);
        channel.write(
                compress ? new BinaryWebSocketFrame(content) : UncompressedFrames.binary(content),
                channel.voidPromise());
    }

    @Override
    public void flush() {
        IterationFlusher.flushLater(flushes);
    }

    @Override
    public boolean writable() {
        return channel.isWritable();
    }

    @Override
    public long pendingBytes() {
        ChannelOutboundBuffer outbound = channel.unsafe().outboundBuffer();
        return outbound == null ? 0 : outbound.totalPendingWriteBytes();
    }

    @Override
    public void close() {
        if (channel.isActive()) {
            channel.writeAndFlush(new CloseWebSocketFrame()).addListener(ChannelFutureListener.CLOSE);
            // the close frame waits behind queued data; a client that reads nothing must not keep the socket
            channel.eventLoop().schedule(this::abort, CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void abort() {
        channel.close();
    }

    @Override
    public EventLoop eventLoop() {
        return channel.eventLoop();
    }
}

package org.socketiooperator.nettysocketio;

import com.corundumstudio.socketio.SocketIOChannelInitializer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.util.AttributeKey;
import java.util.List;

/**
 * netty-socketio 2.0.14's pipeline with one repair: over WebSocket it writes every binary attachment with
 * a leading {@code 0x04} byte, which only Engine.IO v3 clients expect; an Engine.IO v4 client (the
 * official socket.io-client 3.x/4.x) then gets that byte as part of its data (evaluation B3). This
 * initializer notes each connection's {@code EIO} version from its HTTP request and drops that byte from
 * binary frames sent to v4 clients. Install it before starting the server:
 *
 * <pre>{@code
 * server.setPipelineFactory(new WebSocketBinaryFix());
 * }</pre>
 *
 * Binary over long-polling stays broken in netty-socketio (Engine.IO v3 framing inside a v4 payload, B2);
 * the bridge does not send cluster broadcasts with binary to polling clients (see {@link ClusterStoreFactory}).
 */
public class WebSocketBinaryFix extends SocketIOChannelInitializer {

    static final AttributeKey<Boolean> ENGINE_IO_V4 = AttributeKey.valueOf("socketio-operator.eio4");
    static final String SNIFFER = "socketioOperatorEioVersion";
    static final String FIX = "socketioOperatorBinaryFrameFix";

    @Override
    protected void addSocketioHandlers(ChannelPipeline pipeline) {
        super.addSocketioHandlers(pipeline);
        // inbound: see the request before netty-socketio's handlers take it
        pipeline.addAfter(HTTP_AGGREGATOR, SNIFFER, new VersionSniffer());
        // outbound: netty-socketio writes its frames from the pipeline's tail, so the last handler sees them first
        pipeline.addLast(FIX, new AttachmentPrefixRemover());
    }

    static final class VersionSniffer extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request) {
                List<String> eio =
                        new QueryStringDecoder(request.uri()).parameters().get("EIO");
                if (eio != null && !eio.isEmpty()) {
                    ctx.channel().attr(ENGINE_IO_V4).set("4".equals(eio.get(0)));
                }
            }
            ctx.fireChannelRead(msg);
        }
    }

    static final class AttachmentPrefixRemover extends ChannelOutboundHandlerAdapter {
        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof BinaryWebSocketFrame frame
                    && Boolean.TRUE.equals(ctx.channel().attr(ENGINE_IO_V4).get())) {
                ByteBuf content = frame.content();
                if (content.isReadable() && content.getByte(content.readerIndex()) == 4) {
                    content.skipBytes(1);
                }
            }
            ctx.write(msg, promise);
        }
    }
}

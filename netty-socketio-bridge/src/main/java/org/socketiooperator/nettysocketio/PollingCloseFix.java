package org.socketiooperator.nettysocketio;

import com.corundumstudio.socketio.SocketIOChannelInitializer;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;
import java.util.List;

/**
 * Keeps netty-socketio 2.0.14 from losing a long-polling client's open GET. Each polling response closes
 * its connection, and {@code PollingTransport.channelInactive} then unbinds the closed channel with a
 * check-then-set on the session's transport state ({@code ClientHead.releasePollingChannel}). The client's
 * next GET arrives on another connection, usually on another event-loop thread; when it is bound between
 * that check and that set, the set overwrites it with {@code null}: the GET stays open and unanswered, every
 * packet for the client waits in its queue, and the client, which still sees an open request, gets
 * nothing until the ping timeout (85 s by default), while its POSTs still work.
 *
 * <p>The repair: a connection that carried a polling request passes its inactive event on behind both
 * transports. The polling transport would unbind it (the race above); the WebSocket transport would send
 * the session a DISCONNECT if the connection were still registered, which only the unbinding prevents.
 * Nothing needs the unbinding: the encoder writes only on an active, unanswered connection, so packets for
 * the client wait in its queue; the next GET replaces the closed connection (and drops its registration),
 * and the session's end drops the last one.
 */
@ChannelHandler.Sharable
final class PollingCloseFix extends ChannelInboundHandlerAdapter {

    static final String NAME = "socketioOperatorPollingCloseFix";
    static final AttributeKey<Boolean> POLLING = AttributeKey.valueOf("socketio-operator.polling");
    private static final PollingCloseFix INSTANCE = new PollingCloseFix();

    private PollingCloseFix() {}

    /** Installs the repair in front of netty-socketio's polling transport of {@code pipeline}. */
    static void install(ChannelPipeline pipeline) {
        pipeline.addBefore(SocketIOChannelInitializer.XHR_POLLING_TRANSPORT, NAME, INSTANCE);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            List<String> transport =
                    new QueryStringDecoder(request.uri()).parameters().get("transport");
            if (transport != null && transport.contains("polling")) {
                ctx.channel().attr(POLLING).set(Boolean.TRUE);
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ChannelHandlerContext webSocket = ctx.pipeline().context(SocketIOChannelInitializer.WEB_SOCKET_TRANSPORT);
        if (Boolean.TRUE.equals(ctx.channel().attr(POLLING).get()) && webSocket != null) {
            webSocket.fireChannelInactive(); // the handlers after both transports get it, the transports do not
        } else {
            ctx.fireChannelInactive();
        }
    }
}

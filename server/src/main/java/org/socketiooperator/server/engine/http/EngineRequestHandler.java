package org.socketiooperator.server.engine.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.socketiooperator.server.api.HttpRoute;
import org.socketiooperator.server.api.Transport;
import org.socketiooperator.server.cors.CorsPolicy;
import org.socketiooperator.server.engine.EngineError;
import org.socketiooperator.server.engine.EngineServer;
import org.socketiooperator.server.engine.EngineSession;
import org.socketiooperator.server.engine.HandshakeRequest;

/**
 * Routes each HTTP request: Engine.IO requests (handshake, poll, post, WebSocket upgrade) under the
 * configured path, extra routes elsewhere. Never blocks: session work hops to the session's loop.
 */
final class EngineRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final String path;
    private final EngineServer engine;
    private final CorsPolicy cors;
    private final HttpRoutes routes;
    private final int maxPayload;

    EngineRequestHandler(String path, EngineServer engine, CorsPolicy cors, HttpRoutes routes, int maxPayload) {
        this.path = path;
        this.engine = engine;
        this.cors = cors;
        this.routes = routes;
        this.maxPayload = maxPayload;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.decoderResult().isSuccess()) {
            HttpReplies.error(ctx, false, EngineError.BAD_REQUEST, Map.of());
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String requestPath = uri.path();
        if (requestPath.equals(path) || requestPath.equals(path + "/")) {
            handleEngine(ctx, request, uri, keepAlive);
            return;
        }
        HttpRoute route = routes.find(requestPath);
        if (route == null) {
            HttpReplies.text(ctx, keepAlive, 404, "Not Found", Map.of());
            return;
        }
        HttpRoute.Response response;
        try {
            response = route.handle(new HttpRoute.Request(
                    request.method().name(),
                    request.uri(),
                    requestPath,
                    lowerCaseHeaders(request),
                    uri.parameters(),
                    io.netty.buffer.ByteBufUtil.getBytes(request.content())));
        } catch (RuntimeException e) {
            response = HttpRoute.Response.text(500, "Internal Server Error");
        }
        HttpReplies.send(
                ctx, keepAlive, response.status(), response.contentType(), response.body(), response.headers());
    }

    private void handleEngine(
            ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri, boolean keepAlive) {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        String host = request.headers().get(HttpHeaderNames.HOST);
        Map<String, String> corsHeaders = cors.responseHeaders(origin, host);
        if (!cors.allows(origin, host)) {
            HttpReplies.error(ctx, keepAlive, EngineError.FORBIDDEN, corsHeaders);
            return;
        }
        if (request.method().equals(HttpMethod.OPTIONS)) {
            HttpReplies.send(
                    ctx,
                    keepAlive,
                    204,
                    null,
                    new byte[0],
                    cors.preflightHeaders(
                            origin, host, request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS)));
            return;
        }
        Transport transport = Transport.fromWireName(first(uri, "transport"));
        if (transport == null || !engine.settings().transports().contains(transport)) {
            HttpReplies.error(ctx, keepAlive, EngineError.UNKNOWN_TRANSPORT, corsHeaders);
            return;
        }
        boolean upgrade = "websocket".equalsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE));
        if (transport == Transport.WEBSOCKET && !upgrade) {
            HttpReplies.error(ctx, keepAlive, EngineError.BAD_REQUEST, corsHeaders);
            return;
        }
        String sid = first(uri, "sid");
        if (sid != null) {
            EngineSession session = engine.find(sid);
            if (session == null) {
                HttpReplies.error(ctx, keepAlive, EngineError.UNKNOWN_SID, corsHeaders);
            } else if (upgrade) {
                upgradeSession(ctx, request, session, corsHeaders);
            } else {
                poll(ctx, request, session, keepAlive, corsHeaders);
            }
            return;
        }
        if (!request.method().equals(HttpMethod.GET)) {
            HttpReplies.error(ctx, keepAlive, EngineError.BAD_HANDSHAKE_METHOD, corsHeaders);
            return;
        }
        if (!"4".equals(first(uri, "EIO"))) {
            HttpReplies.error(ctx, keepAlive, EngineError.UNSUPPORTED_PROTOCOL_VERSION, corsHeaders);
            return;
        }
        if (!engine.accepting()) {
            HttpReplies.send(
                    ctx,
                    false,
                    503,
                    "application/json",
                    "{\"code\":3,\"message\":\"Server is shutting down\"}".getBytes(StandardCharsets.UTF_8),
                    corsHeaders);
            return;
        }
        HandshakeRequest handshake = handshakeRequest(ctx, request, uri, origin, host);
        if (transport == Transport.WEBSOCKET) {
            WebSocketSessionHandler sink = webSocket(ctx, request);
            if (sink != null) {
                ctx.channel()
                        .eventLoop()
                        .execute(() ->
                                sink.session(engine.openWebSocket(ctx.channel().eventLoop(), handshake, sink)));
            }
            return;
        }
        EngineSession session = engine.openPolling(ctx.channel().eventLoop(), handshake);
        HttpReplies.text(ctx, keepAlive, 200, session.openPacket(), corsHeaders);
    }

    private void poll(
            ChannelHandlerContext ctx,
            FullHttpRequest request,
            EngineSession session,
            boolean keepAlive,
            Map<String, String> corsHeaders) {
        if (session.transport() != Transport.POLLING) {
            HttpReplies.error(ctx, keepAlive, EngineError.BAD_REQUEST, corsHeaders);
            return;
        }
        if (request.method().equals(HttpMethod.GET)) {
            HttpPollResponder responder = new HttpPollResponder(ctx, keepAlive, corsHeaders);
            responder.watch(session);
            session.onPoll(responder);
        } else if (request.method().equals(HttpMethod.POST)) {
            if (!session.claimPost()) {
                HttpReplies.error(ctx, false, EngineError.BAD_REQUEST, corsHeaders);
                return;
            }
            String body = request.content().toString(StandardCharsets.UTF_8);
            // one body at a time per connection: a pipelining client cannot queue bodies on the session's loop
            ctx.channel().config().setAutoRead(false);
            session.execute(() -> {
                try {
                    if (session.onPollData(body)) {
                        HttpReplies.send(
                                ctx,
                                keepAlive,
                                200,
                                "text/html",
                                "ok".getBytes(StandardCharsets.US_ASCII),
                                corsHeaders);
                    } else {
                        HttpReplies.error(ctx, keepAlive, EngineError.BAD_REQUEST, corsHeaders);
                    }
                } finally {
                    ctx.channel().config().setAutoRead(true);
                }
            });
        } else {
            HttpReplies.error(ctx, keepAlive, EngineError.BAD_REQUEST, corsHeaders);
        }
    }

    private void upgradeSession(
            ChannelHandlerContext ctx,
            FullHttpRequest request,
            EngineSession session,
            Map<String, String> corsHeaders) {
        if (session.transport() != Transport.POLLING || !session.open()) {
            HttpReplies.error(ctx, false, EngineError.BAD_REQUEST, corsHeaders);
            return;
        }
        EventLoop target = session.eventLoop();
        if (ctx.channel().eventLoop() == target) {
            completeUpgrade(ctx, request, session);
            return;
        }
        // Move the connection onto the session's loop before answering: from then on every frame the session
        // sends is written in place, instead of one task and one wake-up on a second loop per frame.
        Channel channel = ctx.channel();
        FullHttpRequest held = request.retainedDuplicate();
        channel.config().setAutoRead(false);
        channel.deregister().addListener(deregistered -> {
            if (!deregistered.isSuccess()) {
                held.release();
                channel.close();
                return;
            }
            target.register(channel).addListener(registered -> {
                try {
                    if (registered.isSuccess() && channel.isActive()) {
                        completeUpgrade(ctx, held, session);
                        channel.config().setAutoRead(true);
                    } else {
                        channel.close();
                    }
                } finally {
                    held.release();
                }
            });
        });
    }

    private void completeUpgrade(ChannelHandlerContext ctx, FullHttpRequest request, EngineSession session) {
        WebSocketSessionHandler sink = webSocket(ctx, request);
        if (sink == null) {
            return;
        }
        sink.session(session);
        session.execute(() -> {
            if (!session.attachProbe(sink)) {
                sink.close();
            }
        });
    }

    /** Completes the WebSocket handshake and swaps this handler for a frame handler; null on failure. */
    private WebSocketSessionHandler webSocket(ChannelHandlerContext ctx, FullHttpRequest request) {
        String location = "ws://" + request.headers().get(HttpHeaderNames.HOST) + request.uri();
        WebSocketServerHandshaker handshaker =
                new WebSocketServerHandshakerFactory(location, null, true, maxPayload).newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return null;
        }
        WebSocketSessionHandler sink = new WebSocketSessionHandler(ctx.channel());
        ctx.pipeline().addAfter(ctx.name(), "ws-aggregator", new WebSocketFrameAggregator(maxPayload));
        ctx.pipeline().addAfter("ws-aggregator", "ws-session", sink);
        handshaker.handshake(ctx.channel(), request);
        ctx.pipeline().remove(this);
        // HTTP timeouts and body rules end here; a WebSocket is watched by the session's heartbeat
        removeIfPresent(ctx, RequestGuard.NAME);
        removeIfPresent(ctx, RequestGuard.WATCHER_NAME);
        // its frames are flushed once per loop iteration by the session handler (IterationFlusher)
        removeIfPresent(ctx, NettyHttpServer.FLUSH_CONSOLIDATION);
        return sink;
    }

    private static void removeIfPresent(ChannelHandlerContext ctx, String name) {
        if (ctx.pipeline().get(name) != null) {
            ctx.pipeline().remove(name);
        }
    }

    private HandshakeRequest handshakeRequest(
            ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri, String origin, String host) {
        Map<String, String> query = new LinkedHashMap<>();
        uri.parameters().forEach((k, v) -> query.put(k, v.isEmpty() ? "" : v.get(0)));
        return new HandshakeRequest(
                lowerCaseHeaders(request),
                query,
                address(ctx.channel().remoteAddress()),
                request.uri(),
                false,
                CorsPolicy.crossOrigin(origin, host));
    }

    private static String address(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
        }
        return String.valueOf(address);
    }

    private static Map<String, String> lowerCaseHeaders(FullHttpRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : request.headers()) {
            headers.merge(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue(), (a, b) -> a + ", " + b);
        }
        return headers;
    }

    private static String first(QueryStringDecoder uri, String name) {
        List<String> values = uri.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}

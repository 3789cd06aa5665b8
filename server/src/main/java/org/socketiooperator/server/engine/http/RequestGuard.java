package org.socketiooperator.server.engine.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.socketiooperator.server.api.ConnectionLimits;
import org.socketiooperator.server.engine.EngineError;
import org.socketiooperator.server.engine.EngineServer;
import org.socketiooperator.server.engine.EnumCounters;

/**
 * Stands between the HTTP decoder and the body aggregator of one connection, so that nothing a client
 * sends is held before the server knows it wants it: headers and bodies must arrive in time (408
 * otherwise, as Node's {@code headersTimeout}), a body is read only for a polling POST of a live session
 * or an extra route, and body bytes count against one budget shared by the whole server.
 * Removed from the pipeline when the connection becomes a WebSocket.
 */
final class RequestGuard extends ChannelDuplexHandler {

    static final String NAME = "request-guard";
    static final String WATCHER_NAME = "request-bytes-seen";

    private final String enginePath;
    private final EngineServer engine;
    private final HttpRoutes routes;
    private final ConnectionLimits limits;
    private final RequestBodyBudget budget;
    private final EnumCounters<RequestRefusal> refusals;

    /** Requests read whose response has not been written: no header timer runs while one is held (a long poll). */
    private int awaitingResponse;

    private long reserved;
    private boolean refused;
    /** Bytes of a request arrived since the last response: an idle keep-alive connection times out quietly. */
    private boolean bytesSeen;

    private ScheduledFuture<?> headersTimer;
    private ScheduledFuture<?> bodyTimer;

    RequestGuard(
            String enginePath,
            EngineServer engine,
            HttpRoutes routes,
            ConnectionLimits limits,
            RequestBodyBudget budget,
            EnumCounters<RequestRefusal> refusals) {
        this.enginePath = enginePath;
        this.engine = engine;
        this.routes = routes;
        this.limits = limits;
        this.budget = budget;
        this.refusals = refusals;
    }

    /** Goes before the HTTP decoder: notes that a request has begun before its headers are complete. */
    ChannelInboundHandlerAdapter bytesWatcher() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                bytesSeen = true;
                ctx.fireChannelRead(msg);
            }
        };
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        armHeadersTimer(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            cancel(headersTimer);
            awaitingResponse++;
            Refusal refusal = check(request);
            if (refusal != null) {
                ReferenceCountUtil.release(msg);
                refuse(ctx, refusal);
                return;
            }
            if (!(msg instanceof LastHttpContent)) {
                bodyTimer = ctx.executor()
                        .schedule(
                                () -> refuse(ctx, Refusal.of(RequestRefusal.BODY_TIMEOUT, 408)),
                                limits.bodyTimeout().toMillis(),
                                TimeUnit.MILLISECONDS);
            }
        }
        if (msg instanceof HttpContent content) {
            int size = content.content().readableBytes();
            if (!budget.reserve(size)) {
                ReferenceCountUtil.release(msg);
                refuse(ctx, Refusal.of(RequestRefusal.BODY_BUFFER_FULL, 503));
                return;
            }
            reserved += size;
            if (msg instanceof LastHttpContent) {
                cancel(bodyTimer);
                try {
                    // the aggregated request is handled within this call: its body is no longer held after it
                    ctx.fireChannelRead(msg);
                } finally {
                    releaseBudget();
                }
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** How a request is turned away: the counted reason, the status, and the official error body if any. */
    private record Refusal(RequestRefusal reason, int status, EngineError error) {
        static Refusal of(RequestRefusal reason, int status) {
            return new Refusal(reason, status, null);
        }

        static Refusal engine(EngineError error) {
            return new Refusal(RequestRefusal.BODY_NOT_EXPECTED, error.status(), error);
        }
    }

    /** Null when the request may go on. */
    private Refusal check(HttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            Throwable cause = request.decoderResult().cause();
            int status = cause instanceof TooLongHttpLineException
                    ? 414
                    : cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException ? 431 : 400;
            return Refusal.of(RequestRefusal.MALFORMED, status);
        }
        if (!hasBody(request)) {
            return null;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        if (path.equals(enginePath) || path.equals(enginePath + "/")) {
            // the official answers, given before the body is read
            List<String> sid = uri.parameters().get("sid");
            if (sid == null || sid.isEmpty()) {
                return request.method().equals(HttpMethod.GET)
                        ? Refusal.engine(EngineError.BAD_REQUEST)
                        : Refusal.engine(EngineError.BAD_HANDSHAKE_METHOD);
            }
            if (engine.find(sid.get(0)) == null) {
                return Refusal.engine(EngineError.UNKNOWN_SID);
            }
            return request.method().equals(HttpMethod.POST) ? null : Refusal.engine(EngineError.BAD_REQUEST);
        }
        return routes.find(path) != null ? null : Refusal.of(RequestRefusal.BODY_NOT_EXPECTED, 404);
    }

    private static boolean hasBody(HttpRequest request) {
        return HttpUtil.getContentLength(request, 0L) > 0
                || HttpUtil.isTransferEncodingChunked(request)
                || request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING);
    }

    /** Answers and closes; whatever else the client sends is dropped unread. */
    private void refuse(ChannelHandlerContext ctx, Refusal refusal) {
        if (refused || !ctx.channel().isActive()) {
            return;
        }
        refused = true;
        refusals.count(refusal.reason());
        cancel(headersTimer);
        cancel(bodyTimer);
        releaseBudget();
        if (refusal.error() != null) {
            HttpReplies.refuse(
                    ctx,
                    refusal.status(),
                    "application/json",
                    refusal.error().json().getBytes(StandardCharsets.UTF_8));
        } else {
            HttpReplies.refuse(
                    ctx,
                    refusal.status(),
                    "text/plain; charset=UTF-8",
                    refusal.reason().label().replace('_', ' ').getBytes(StandardCharsets.UTF_8));
        }
        // the rest of the body is read and dropped for a moment (a lingering close), then the socket goes,
        // whether the client read its answer or not
        ctx.executor().schedule(() -> ctx.channel().close(), 1, TimeUnit.SECONDS);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof LastHttpContent && awaitingResponse > 0 && --awaitingResponse == 0) {
            // idle between requests counts as waiting for headers, as in Node
            armHeadersTimer(ctx);
        }
        ctx.write(msg, promise);
    }

    private void armHeadersTimer(ChannelHandlerContext ctx) {
        cancel(headersTimer);
        bytesSeen = false;
        headersTimer = ctx.executor()
                .schedule(
                        () -> {
                            if (bytesSeen) {
                                refuse(ctx, Refusal.of(RequestRefusal.HEADERS_TIMEOUT, 408));
                            } else {
                                ctx.channel().close(); // idle keep-alive: nothing was asked, nothing to answer
                            }
                        },
                        limits.headersTimeout().toMillis(),
                        TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    private void stop() {
        cancel(headersTimer);
        cancel(bodyTimer);
        releaseBudget();
    }

    private void releaseBudget() {
        budget.release(reserved);
        reserved = 0;
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}

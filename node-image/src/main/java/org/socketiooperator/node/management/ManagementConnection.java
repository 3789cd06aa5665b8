package org.socketiooperator.node.management;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to the management port. Each request is answered on the event loop as soon as its head
 * has arrived, so a client that stalls half-way through a request only ever holds its own connection.
 *
 * <p>Body-less GET and HEAD only. A connection gets {@code requestTimeout} after it opens, and again after
 * each answer, to deliver a complete request; then it is closed, whether the client stalls mid-request,
 * trickles bytes or idles on keep-alive.
 */
final class ManagementConnection extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ManagementConnection.class);
    static final String TEXT = "text/plain; charset=utf-8";

    /** An answer, built in full before anything is written so that a failure can still become a 500. */
    record Reply(HttpResponseStatus status, String contentType, byte[] body) {

        static Reply text(HttpResponseStatus status, String text) {
            return new Reply(status, TEXT, text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final Function<String, Reply> routes;
    private final long timeoutNanos;
    private ScheduledFuture<?> deadline;
    /** A closing answer has gone out: whatever the client still sends is dropped. */
    private boolean closing;

    ManagementConnection(Function<String, Reply> routes, Duration requestTimeout) {
        this.routes = routes;
        this.timeoutNanos = requestTimeout.toNanos();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        armDeadline(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel(false);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            // The (empty) last content that follows every body-less request needs nothing.
            if (!closing && msg instanceof HttpRequest request) {
                answer(ctx, request);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("management connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private void answer(ChannelHandlerContext ctx, HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            HttpResponseStatus status = cause instanceof TooLongHttpHeaderException
                    ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                    : cause instanceof TooLongHttpLineException
                            ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                            : HttpResponseStatus.BAD_REQUEST;
            send(ctx, false, false, Reply.text(status, "bad request: " + cause.getMessage() + "\n"));
            return;
        }
        HttpMethod method = request.method();
        boolean head = method.equals(HttpMethod.HEAD);
        boolean body = hasBody(request);
        Reply reply;
        if (!head && !method.equals(HttpMethod.GET)) {
            reply = Reply.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed\n");
        } else if (body) {
            // Probes and scrapes never send one; reading it would let a client hold the connection.
            reply = Reply.text(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request bodies are not accepted\n");
        } else {
            reply = routes.apply(path(request.uri()));
        }
        // A body is never read, so the connection cannot carry another request after it. A client that
        // pipelines without reading its answers loses keep-alive once they pile up past the high-water mark.
        boolean keepAlive =
                !body && HttpUtil.isKeepAlive(request) && ctx.channel().isWritable();
        send(ctx, head, keepAlive, reply);
    }

    private void send(ChannelHandlerContext ctx, boolean head, boolean keepAlive, Reply reply) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                reply.status(),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(reply.body()));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, reply.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length)
                .set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        // The next request (or, when closing, the client's own close) gets a fresh timeout.
        armDeadline(ctx);
        if (keepAlive) {
            ctx.writeAndFlush(response, ctx.voidPromise());
            return;
        }
        closing = true;
        ctx.writeAndFlush(response).addListener(done -> {
            // Half-close rather than close: unread request bytes would make the kernel send a reset that
            // can destroy the answer before the client reads it. The client's close or the timeout ends it.
            if (done.isSuccess() && ctx.channel() instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
            } else {
                ctx.close();
            }
        });
    }

    private void armDeadline(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel(false);
        }
        deadline = ctx.executor()
                .schedule(
                        () -> {
                            LOG.debug(
                                    "management connection {} closed: no complete request in time",
                                    ctx.channel().remoteAddress());
                            ctx.close();
                        },
                        timeoutNanos,
                        TimeUnit.NANOSECONDS);
    }

    private static boolean hasBody(HttpRequest request) {
        if (HttpUtil.isTransferEncodingChunked(request)) {
            return true;
        }
        try {
            return HttpUtil.getContentLength(request, 0L) > 0;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** The path without query or fragment; the endpoints are plain ASCII, so no decoding is needed. */
    private static String path(String uri) {
        int end = uri.length();
        int query = uri.indexOf('?');
        if (query >= 0) {
            end = query;
        }
        int fragment = uri.indexOf('#');
        if (fragment >= 0 && fragment < end) {
            end = fragment;
        }
        return uri.substring(0, end);
    }
}

package org.socketiooperator.server.engine.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.socketiooperator.server.engine.EngineError;

/** Writes complete HTTP responses, honouring keep-alive. */
final class HttpReplies {

    private HttpReplies() {}

    static void send(
            ChannelHandlerContext ctx,
            boolean keepAlive,
            int status,
            String contentType,
            byte[] body,
            Map<String, String> headers) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
        if (contentType != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        headers.forEach(response.headers()::set);
        HttpUtil.setContentLength(response, body.length);
        HttpUtil.setKeepAlive(response, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(response, ctx.voidPromise());
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * Answers a request whose body will not be read, then closes in two steps: first only the sending
     * side, while what the client still sends is read and dropped, so that the kernel does not answer the
     * unread bytes with a reset that would destroy the answer; the caller closes the connection later.
     */
    static void refuse(ChannelHandlerContext ctx, int status, String contentType, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        HttpUtil.setContentLength(response, body.length);
        ctx.writeAndFlush(response).addListener(future -> {
            if (ctx.channel() instanceof SocketChannel socket && socket.isActive()) {
                socket.shutdownOutput();
            } else {
                ctx.close();
            }
        });
    }

    static void text(
            ChannelHandlerContext ctx, boolean keepAlive, int status, String text, Map<String, String> headers) {
        send(ctx, keepAlive, status, "text/plain; charset=UTF-8", text.getBytes(StandardCharsets.UTF_8), headers);
    }

    static void error(ChannelHandlerContext ctx, boolean keepAlive, EngineError error, Map<String, String> headers) {
        send(
                ctx,
                keepAlive,
                error.status(),
                "application/json",
                error.json().getBytes(StandardCharsets.UTF_8),
                headers);
    }
}

package org.socketiooperator.server.engine.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.socketiooperator.server.engine.EngineError;

/** Writes complete HTTP responses, honouring keep-alive. */
final class HttpReplies {

    private HttpReplies() {
    }

    static void send(ChannelHandlerContext ctx, boolean keepAlive, int status, String contentType, byte[] body,
                     Map<String, String> headers) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
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

    static void text(ChannelHandlerContext ctx, boolean keepAlive, int status, String text,
                     Map<String, String> headers) {
        send(ctx, keepAlive, status, "text/plain; charset=UTF-8", text.getBytes(StandardCharsets.UTF_8), headers);
    }

    static void error(ChannelHandlerContext ctx, boolean keepAlive, EngineError error, Map<String, String> headers) {
        send(ctx, keepAlive, error.status(), "application/json", error.json().getBytes(StandardCharsets.UTF_8),
                headers);
    }
}

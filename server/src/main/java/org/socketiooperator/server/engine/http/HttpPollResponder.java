package org.socketiooperator.server.engine.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.socketiooperator.server.engine.EngineError;
import org.socketiooperator.server.engine.EngineSession;
import org.socketiooperator.server.engine.PollResponder;

/** A held long-polling GET; tells the session when the client hangs up before the answer. */
final class HttpPollResponder implements PollResponder {

    private final ChannelHandlerContext ctx;
    private final boolean keepAlive;
    private final Map<String, String> headers;
    private final AtomicBoolean answered = new AtomicBoolean();
    private ChannelFutureListener onClose;

    HttpPollResponder(ChannelHandlerContext ctx, boolean keepAlive, Map<String, String> headers) {
        this.ctx = ctx;
        this.keepAlive = keepAlive;
        this.headers = headers;
    }

    void watch(EngineSession session) {
        onClose = future -> {
            if (!answered.get()) {
                session.onPollAborted(this);
            }
        };
        ctx.channel().closeFuture().addListener(onClose);
    }

    @Override
    public void respond(String payload) {
        if (answered.compareAndSet(false, true)) {
            unwatch();
            HttpReplies.text(ctx, keepAlive, 200, payload, headers);
        }
    }

    @Override
    public void fail(EngineError error) {
        if (answered.compareAndSet(false, true)) {
            unwatch();
            HttpReplies.error(ctx, keepAlive, error, headers);
        }
    }

    private void unwatch() {
        if (onClose != null) {
            // a keep-alive connection carries many polls: do not pile up listeners on it
            ctx.channel().closeFuture().removeListener(onClose);
        }
    }
}

package org.socketiooperator.server.engine.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import org.socketiooperator.server.engine.EngineServer;
import org.socketiooperator.server.engine.EngineSession;

/**
 * Aggregates request bodies up to {@code maxHttpBufferSize}; a larger body gets 413 and also ends the
 * polling session it was meant for, as the official server does.
 */
final class BoundedAggregator extends HttpObjectAggregator {

    private final EngineServer engine;

    BoundedAggregator(int maxContentLength, EngineServer engine) {
        super(maxContentLength);
        this.engine = engine;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (oversized instanceof HttpRequest request) {
            List<String> sid =
                    new QueryStringDecoder(request.uri()).parameters().get("sid");
            EngineSession session = sid == null || sid.isEmpty() ? null : engine.find(sid.get(0));
            if (session != null) {
                session.fail(org.socketiooperator.server.engine.DisconnectCause.TRANSPORT_ERROR);
            }
        }
        super.handleOversizedMessage(ctx, oversized);
    }
}

package org.socketiooperator.server.engine.http;

import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionDecoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilterProvider;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import java.util.HashMap;
import java.util.Map;

/**
 * Accepts permessage-deflate as Netty does (the offer's client parameters, incoming frames inflated by Netty's
 * decoder), and answers with {@code server_no_context_takeover}, which RFC 7692 (7.1.1.1) lets a server add to
 * any offer: outgoing frames are then compressed by {@link NoContextDeflateEncoder}, once per broadcast.
 */
final class NoContextDeflateHandshaker implements WebSocketServerExtensionHandshaker {

    static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";

    private final PerMessageDeflateServerExtensionHandshaker netty;
    private final int threshold;

    NoContextDeflateHandshaker(int threshold, int maxInflatedSize) {
        // the JDK's deflater has one window size, so an offer that asks for a smaller one is declined (as before)
        this.netty = new PerMessageDeflateServerExtensionHandshaker(
                6,
                false,
                PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE,
                true,
                false,
                WebSocketExtensionFilterProvider.DEFAULT,
                maxInflatedSize);
        this.threshold = threshold;
    }

    @Override
    public WebSocketServerExtension handshakeExtension(WebSocketExtensionData offer) {
        WebSocketServerExtension accepted = netty.handshakeExtension(offer);
        if (accepted == null) {
            return null;
        }
        return new WebSocketServerExtension() {
            @Override
            public int rsv() {
                return accepted.rsv();
            }

            @Override
            public WebSocketExtensionEncoder newExtensionEncoder() {
                return new NoContextDeflateEncoder(threshold);
            }

            @Override
            public WebSocketExtensionDecoder newExtensionDecoder() {
                return accepted.newExtensionDecoder();
            }

            @Override
            public WebSocketExtensionData newReponseData() {
                WebSocketExtensionData response = accepted.newReponseData();
                Map<String, String> parameters = new HashMap<>(response.parameters());
                parameters.put(SERVER_NO_CONTEXT_TAKEOVER, null);
                return new WebSocketExtensionData(response.name(), parameters);
            }
        };
    }
}

package org.socketiooperator.server.engine;

import java.util.Map;

/** The HTTP request that opened a session, as the Socket.IO handshake exposes it. Header names are lower case. */
public record HandshakeRequest(
        Map<String, String> headers,
        Map<String, String> query,
        String address,
        String url,
        boolean secure,
        boolean xdomain) {}

package org.socketiooperator.server.api;

import java.util.Map;

/**
 * A snapshot for metrics: open Engine.IO sessions, connected sockets over all namespaces, namespaces,
 * local rooms (socket id rooms excluded), Socket.IO packets received and sent since start, sessions
 * ended by cause ({@code slow_client}, {@code ping_timeout}, ...), requests refused by the HTTP layer by
 * reason ({@code headers_timeout}, ...), and request body bytes held now.
 */
public record ServerStats(
        long sessions,
        long sockets,
        int namespaces,
        long rooms,
        long packetsIn,
        long packetsOut,
        Map<String, Long> disconnects,
        Map<String, Long> requestsRefused,
        long requestBodyBytes) {

    public ServerStats {
        disconnects = Map.copyOf(disconnects);
        requestsRefused = Map.copyOf(requestsRefused);
    }
}

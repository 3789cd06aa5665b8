package org.socketiooperator.node.management;

import java.util.Map;

/**
 * What the Socket.IO server reports for metrics: gauges (connections, namespaces, rooms, request body
 * bytes held) and monotonic counters since start (packets, sessions ended by cause, HTTP requests refused
 * by reason). Kept separate from the server's own type so that metrics do not change when the server's
 * API does.
 */
public record ServerCounters(
        long connections,
        long namespaces,
        long rooms,
        long packetsIn,
        long packetsOut,
        Map<String, Long> disconnects,
        Map<String, Long> requestsRefused,
        long requestBodyBytes) {

    public static final ServerCounters ZERO = new ServerCounters(0, 0, 0, 0, 0);

    /** Gauges and packet counters only; no session has ended and no request was refused. */
    public ServerCounters(long connections, long namespaces, long rooms, long packetsIn, long packetsOut) {
        this(connections, namespaces, rooms, packetsIn, packetsOut, Map.of(), Map.of(), 0);
    }

    public ServerCounters {
        disconnects = Map.copyOf(disconnects);
        requestsRefused = Map.copyOf(requestsRefused);
    }
}

package org.socketiooperator.server.api;

/**
 * A snapshot for metrics: open Engine.IO sessions, connected sockets over all namespaces, namespaces,
 * local rooms (socket id rooms excluded), and Socket.IO packets received and sent since start.
 */
public record ServerStats(long sessions, long sockets, int namespaces, long rooms, long packetsIn,
                          long packetsOut) {
}

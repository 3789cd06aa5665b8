package org.socketiooperator.node.management;

/**
 * What the Socket.IO server reports for metrics: gauges (connections, namespaces, rooms) and monotonic
 * packet counters since start. Kept separate from the server's own type so that metrics do not change
 * when the server's API does.
 */
public record ServerCounters(long connections, long namespaces, long rooms, long packetsIn, long packetsOut) {

    public static final ServerCounters ZERO = new ServerCounters(0, 0, 0, 0, 0);
}

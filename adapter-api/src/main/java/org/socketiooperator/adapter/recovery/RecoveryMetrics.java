package org.socketiooperator.adapter.recovery;

/**
 * Connection state recovery as the adapter sees it. {@code sessionsKept} and {@code packetsKept} are
 * gauges (what the store holds now); the others are counters since start. {@code packetsEvicted} and
 * {@code sessionsEvicted} count what the store's bounds pushed out before it expired: a client whose
 * offset or session was evicted reconnects without recovery. {@code ownPacketsUnordered} counts this node's own
 * broadcasts written to its sockets before the entries other nodes added just before them (streams mode, when
 * its stream reader was too far behind): a client of this node may then miss those earlier entries for good.
 */
public record RecoveryMetrics(
        long sessionsKept,
        long packetsKept,
        long restored,
        long notRestored,
        long packetsEvicted,
        long sessionsEvicted,
        long ownPacketsUnordered) {

    public static final RecoveryMetrics NONE = new RecoveryMetrics(0, 0, 0, 0, 0, 0, 0);

    /** A store that never writes its own packets ahead of the order (the in-memory one). */
    public RecoveryMetrics(
            long sessionsKept,
            long packetsKept,
            long restored,
            long notRestored,
            long packetsEvicted,
            long sessionsEvicted) {
        this(sessionsKept, packetsKept, restored, notRestored, packetsEvicted, sessionsEvicted, 0);
    }
}

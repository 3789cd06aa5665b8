package org.socketiooperator.adapter.recovery;

/**
 * Connection state recovery as the adapter sees it. {@code sessionsKept} and {@code packetsKept} are
 * gauges (what the store holds now); the others are counters since start. {@code packetsEvicted} and
 * {@code sessionsEvicted} count what the store's bounds pushed out before it expired: a client whose
 * offset or session was evicted reconnects without recovery. {@code ownPacketsUnordered} counts this node's own
 * broadcasts written to its sockets before the entries other nodes added just before them (streams mode, when
 * its stream reader was too far behind): a client of this node may then miss those earlier entries for good.
 * {@code restoredFromMemory} counts the restores (part of {@code restored}) whose missed packets came from
 * memory rather than from Redis: all of them with the in-memory adapter, those whose offset was in the
 * reader's window with the streams adapter.
 */
public record RecoveryMetrics(
        long sessionsKept,
        long packetsKept,
        long restored,
        long notRestored,
        long packetsEvicted,
        long sessionsEvicted,
        long ownPacketsUnordered,
        long restoredFromMemory) {

    public static final RecoveryMetrics NONE = new RecoveryMetrics(0, 0, 0, 0, 0, 0, 0, 0);

    /**
     * A store that never writes its own packets ahead of the order and reads no missed packets from Redis (the
     * in-memory one): every restore is from memory.
     */
    public RecoveryMetrics(
            long sessionsKept,
            long packetsKept,
            long restored,
            long notRestored,
            long packetsEvicted,
            long sessionsEvicted) {
        this(sessionsKept, packetsKept, restored, notRestored, packetsEvicted, sessionsEvicted, 0, restored);
    }
}

package org.socketiooperator.adapter.recovery;

/**
 * Connection state recovery as the adapter sees it. {@code sessionsKept} and {@code packetsKept} are
 * gauges (what the store holds now); the others are counters since start. {@code packetsEvicted} and
 * {@code sessionsEvicted} count what the store's bounds pushed out before it expired: a client whose
 * offset or session was evicted reconnects without recovery.
 */
public record RecoveryMetrics(
        long sessionsKept,
        long packetsKept,
        long restored,
        long notRestored,
        long packetsEvicted,
        long sessionsEvicted) {

    public static final RecoveryMetrics NONE = new RecoveryMetrics(0, 0, 0, 0, 0, 0);
}

package org.socketiooperator.adapter;

import org.socketiooperator.adapter.recovery.RecoveryMetrics;

/**
 * One per process: owns the Redis connections shared by every namespace and hands out a
 * {@link NamespaceAdapter} for each namespace of the node.
 */
public interface Adapter extends AutoCloseable {

    NamespaceAdapter attach(LocalNamespace namespace);

    /** Whether cross-node traffic can flow right now; readiness probes report it. */
    AdapterHealth health();

    /** Counters for the node's metrics endpoint. */
    AdapterMetrics metrics();

    /** What connection state recovery keeps and achieves; zero for adapters that cannot recover sessions. */
    default RecoveryMetrics recoveryMetrics() {
        return RecoveryMetrics.NONE;
    }

    @Override
    void close();
}

package org.socketiooperator.adapter;

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

    @Override
    void close();
}

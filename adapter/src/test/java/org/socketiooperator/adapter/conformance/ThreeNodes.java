package org.socketiooperator.adapter.conformance;

import org.socketiooperator.adapter.Adapter;
import org.socketiooperator.adapter.testing.Trio;

/**
 * Three Java nodes of one adapter mode on one Redis, as the conformance suite sees them: what differs
 * between modes (how a node is built, where its request bookkeeping lives, when its subscriptions are
 * in place) and nothing else.
 */
public interface ThreeNodes extends AutoCloseable {

    /** Attaches namespace {@code nsp} on every node, one client each, and waits until the nodes see each other. */
    Trio<? extends Adapter> open(String nsp);

    /** Requests of the trio's namespace that node {@code oneBased} still waits on. */
    int pendingRequests(Trio<? extends Adapter> trio, int oneBased);

    /**
     * Waits until Redis shows exactly the subscriptions the trio's rooms need (sharded dynamic modes
     * subscribe room channels asynchronously; classic mode has nothing to wait for).
     */
    void awaitSubscriptions(Trio<? extends Adapter> trio);

    @Override
    void close();
}

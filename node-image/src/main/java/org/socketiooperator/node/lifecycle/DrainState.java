package org.socketiooperator.node.lifecycle;

import java.util.concurrent.atomic.AtomicBoolean;

/** Flips once, when the node starts shutting down; readiness reads it on every probe. */
public final class DrainState {

    private final AtomicBoolean draining = new AtomicBoolean();

    public boolean isDraining() {
        return draining.get();
    }

    /** Returns true for the caller that started the drain, false for every later one. */
    boolean begin() {
        return draining.compareAndSet(false, true);
    }
}

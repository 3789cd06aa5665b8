package org.socketiooperator.operator.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Lets a bounded number of clusters at a time roll to a new default node image (the one an operator upgrade
 * brings), so upgrading the operator does not restart every cluster at once. A cluster holds its slot from the
 * moment it may roll until its StatefulSet reports the rollout done; a holder that stops reporting (deleted,
 * or gone to another operator) loses its slot after {@code staleAfter}. The holders live in memory, but
 * {@link NodeRollout} tells it ({@link #seen}) of every cluster whose StatefulSet shows a default-image
 * rollout under way before it gives out a slot, so an operator restart does not exceed the bound
 * (docs/adr/0002-rollouts.md).
 */
public final class DefaultImageRollouts {
    private final int maxConcurrent;
    private final Duration staleAfter;
    private final Map<String, Instant> holders = new HashMap<>();

    /**
     * @param maxConcurrent clusters rolling a new default image at once; 0: none unless the cluster opts in
     * @param staleAfter how long a holder may go without reporting before its slot is freed
     */
    public DefaultImageRollouts(int maxConcurrent, Duration staleAfter) {
        if (maxConcurrent < 0) {
            throw new IllegalArgumentException("maxConcurrent must not be negative");
        }
        this.maxConcurrent = maxConcurrent;
        this.staleAfter = staleAfter;
    }

    /** Whether {@code cluster} may start (or go on with) its default-image rollout now. */
    public synchronized boolean tryAcquire(String cluster, boolean optedIn, Instant now) {
        holders.values().removeIf(seen -> seen.plus(staleAfter).isBefore(now));
        if (holders.containsKey(cluster) || optedIn || holders.size() < maxConcurrent) {
            holders.put(cluster, now);
            return true;
        }
        return false;
    }

    /** A cluster's StatefulSet shows it rolling to the default image: it holds a slot, whoever gave it out. */
    public synchronized void seen(String cluster, Instant now) {
        holders.put(cluster, now);
    }

    /** The holder's rollout is still running: keep its slot. No effect on clusters that hold none. */
    public synchronized void stillRolling(String cluster, Instant now) {
        holders.computeIfPresent(cluster, (k, v) -> now);
    }

    /** The cluster's rollout is done (or no longer about a default image): its slot goes to the next one. */
    public synchronized void release(String cluster) {
        holders.remove(cluster);
    }

    synchronized int holders() {
        return holders.size();
    }
}

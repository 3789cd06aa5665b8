package org.socketiooperator.node.rebalance;

import java.util.List;

/**
 * One round's arithmetic: the cluster's mean from this node's clients and every peer's, the most a node may
 * hold ({@code target}, the mean plus the tolerance, rounded up) and what this node sheds ({@code excess}, only
 * what it holds above the target; nothing when it is at or below it).
 */
public record ShedPlan(int nodes, long clients, long target, long excess) {

    public static ShedPlan of(long own, List<Long> peers, int tolerancePercent) {
        int nodes = 1 + peers.size();
        long clients = own + peers.stream().mapToLong(Long::longValue).sum();
        // ceil(clients / nodes * (100 + tolerance) / 100), in whole numbers
        long scaled = clients * (100L + tolerancePercent);
        long divisor = 100L * nodes;
        long target = (scaled + divisor - 1) / divisor;
        return new ShedPlan(nodes, clients, target, Math.max(0, own - target));
    }
}

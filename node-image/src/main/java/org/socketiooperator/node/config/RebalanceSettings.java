package org.socketiooperator.node.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Rebalancing after a scale-out (docs/node-contract.md, "Rebalance"): every {@code interval} the node compares
 * its clients with the cluster's mean and sheds those above {@code mean * (1 + tolerancePercent / 100)}, at
 * most {@code maxDisconnectsPerSecond}.
 */
public record RebalanceSettings(int maxDisconnectsPerSecond, int tolerancePercent, Duration interval) {

    public static final int DEFAULT_MAX_DISCONNECTS_PER_SECOND = 10;
    public static final int DEFAULT_TOLERANCE_PERCENT = 20;
    public static final long DEFAULT_INTERVAL_MS = 30_000;

    /** Empty unless {@code SIO_REBALANCE_ENABLED=true}: off, the node never disconnects a client on purpose. */
    static Optional<RebalanceSettings> read(Env env) {
        if (!env.bool("SIO_REBALANCE_ENABLED", false)) {
            return Optional.empty();
        }
        return Optional.of(new RebalanceSettings(
                env.integer("SIO_REBALANCE_MAX_DISCONNECTS_PER_SECOND", DEFAULT_MAX_DISCONNECTS_PER_SECOND, 1, 10_000),
                env.integer("SIO_REBALANCE_TOLERANCE_PERCENT", DEFAULT_TOLERANCE_PERCENT, 0, 1_000),
                env.millis("SIO_REBALANCE_INTERVAL_MS", DEFAULT_INTERVAL_MS, 100)));
    }

    @Override
    public String toString() {
        return "on (at most " + maxDisconnectsPerSecond + "/s, tolerance " + tolerancePercent + " %, every "
                + interval.toMillis() + "ms)";
    }
}

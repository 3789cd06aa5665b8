package org.socketiooperator.node.management;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.socketiooperator.adapter.AdapterHealth;

/**
 * Ready means serving and not draining. Redis does not count: while it is away (a failover of 10-30 s
 * is common with managed Redis) local rooms keep working and new clients can still connect, so taking
 * every pod out of its Service would turn a partial outage into a total one. Redis health is reported
 * in the body, in {@code socketio_redis_connected} and in the cluster's {@code RedisReachable} condition.
 */
public final class NodeReadiness implements Supplier<ReadinessReport> {

    private final Supplier<AdapterHealth> adapterHealth;
    private final BooleanSupplier draining;

    public NodeReadiness(Supplier<AdapterHealth> adapterHealth, BooleanSupplier draining) {
        this.adapterHealth = adapterHealth;
        this.draining = draining;
    }

    @Override
    public ReadinessReport get() {
        if (draining.getAsBoolean()) {
            return new ReadinessReport(false, "draining: the node is shutting down");
        }
        String redis;
        try {
            AdapterHealth health = adapterHealth.get();
            redis = health.connected()
                    ? health.detail()
                    : "adapter not connected (" + health.detail() + "); local delivery continues";
        } catch (RuntimeException e) {
            redis = "adapter health check failed: " + e.getMessage();
        }
        return new ReadinessReport(true, "ready: " + redis);
    }
}

package org.socketiooperator.node.management;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.socketiooperator.adapter.AdapterHealth;

/** Ready means: the adapter can reach Redis (always, in memory) and the node is not draining. */
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
        AdapterHealth health;
        try {
            health = adapterHealth.get();
        } catch (RuntimeException e) {
            return new ReadinessReport(false, "adapter health check failed: " + e.getMessage());
        }
        return health.connected()
                ? new ReadinessReport(true, "ready: " + health.detail())
                : new ReadinessReport(false, "adapter not connected: " + health.detail());
    }
}

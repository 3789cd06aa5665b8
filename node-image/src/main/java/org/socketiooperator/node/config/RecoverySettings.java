package org.socketiooperator.node.config;

import java.util.Optional;
import org.socketiooperator.adapter.recovery.RecoveryLimits;
import org.socketiooperator.server.api.ConnectionStateRecovery;

/**
 * Connection state recovery as the environment asks for it: the official options, and the bounds of what
 * the in-memory adapter keeps for it (docs/node-contract.md, "Connection state recovery").
 */
public record RecoverySettings(ConnectionStateRecovery options, RecoveryLimits limits) {

    /** Empty unless {@code SIO_CONNECTION_STATE_RECOVERY=true}, the official default being off. */
    static Optional<RecoverySettings> read(Env env) {
        if (!env.bool("SIO_CONNECTION_STATE_RECOVERY", false)) {
            return Optional.empty();
        }
        ConnectionStateRecovery options = new ConnectionStateRecovery(
                env.millis(
                        "SIO_MAX_DISCONNECTION_DURATION_MS",
                        RecoveryLimits.DEFAULT_MAX_DISCONNECTION_DURATION.toMillis(),
                        1),
                env.bool("SIO_RECOVERY_SKIP_MIDDLEWARES", true));
        RecoveryLimits limits = new RecoveryLimits(
                options.maxDisconnectionDuration(),
                env.integer("SIO_RECOVERY_MAX_PACKETS", RecoveryLimits.DEFAULT_MAX_PACKETS, 1, 10_000_000),
                env.integer("SIO_RECOVERY_MAX_SESSIONS", RecoveryLimits.DEFAULT_MAX_SESSIONS, 1, 10_000_000));
        return Optional.of(new RecoverySettings(options, limits));
    }

    @Override
    public String toString() {
        return "on (maxDisconnectionDuration "
                + options.maxDisconnectionDuration().toMillis() + "ms, skipMiddlewares "
                + options.skipMiddlewares() + ", in memory at most " + limits.maxPackets() + " packets and "
                + limits.maxSessions() + " sessions)";
    }
}

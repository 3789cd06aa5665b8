package org.socketiooperator.server.api;

import java.time.Duration;
import java.util.Objects;

/**
 * The official {@code connectionStateRecovery} option: a client that comes back within
 * {@code maxDisconnectionDuration} with its private session id gets its socket id, rooms, data and the
 * packets it missed, and with {@code skipMiddlewares} the connection middlewares do not run again.
 * The adapter keeps the sessions and packets: the in-memory adapter on one node (the default when
 * recovery is on), the Redis Streams adapter across nodes; the Pub/Sub adapters cannot recover.
 */
public record ConnectionStateRecovery(Duration maxDisconnectionDuration, boolean skipMiddlewares) {

    /** The official defaults: two minutes, middlewares skipped. */
    public static final ConnectionStateRecovery DEFAULTS = new ConnectionStateRecovery(Duration.ofMinutes(2), true);

    public ConnectionStateRecovery {
        Objects.requireNonNull(maxDisconnectionDuration, "maxDisconnectionDuration");
        if (maxDisconnectionDuration.isNegative() || maxDisconnectionDuration.isZero()) {
            throw new IllegalArgumentException("maxDisconnectionDuration must be positive");
        }
    }
}

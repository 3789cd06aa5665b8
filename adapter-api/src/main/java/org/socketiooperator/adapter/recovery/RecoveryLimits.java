package org.socketiooperator.adapter.recovery;

import java.time.Duration;
import java.util.Objects;

/**
 * How long and how much an adapter keeps for connection state recovery. Sessions and packets older than
 * {@code maxDisconnectionDuration} are dropped; beyond {@code maxPackets} or {@code maxSessions} the
 * oldest go first, so memory stays bounded however busy the node is.
 */
public record RecoveryLimits(Duration maxDisconnectionDuration, int maxPackets, int maxSessions) {

    public static final Duration DEFAULT_MAX_DISCONNECTION_DURATION = Duration.ofMinutes(2);
    public static final int DEFAULT_MAX_PACKETS = 10_000;
    public static final int DEFAULT_MAX_SESSIONS = 10_000;

    public RecoveryLimits {
        Objects.requireNonNull(maxDisconnectionDuration, "maxDisconnectionDuration");
        if (maxDisconnectionDuration.isNegative() || maxDisconnectionDuration.isZero()) {
            throw new IllegalArgumentException("maxDisconnectionDuration must be positive");
        }
        if (maxPackets < 1 || maxSessions < 1) {
            throw new IllegalArgumentException("maxPackets and maxSessions must be at least 1");
        }
    }

    public static RecoveryLimits of(Duration maxDisconnectionDuration) {
        return new RecoveryLimits(maxDisconnectionDuration, DEFAULT_MAX_PACKETS, DEFAULT_MAX_SESSIONS);
    }
}

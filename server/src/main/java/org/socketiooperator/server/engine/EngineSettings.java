package org.socketiooperator.server.engine;

import java.util.Set;
import org.socketiooperator.server.api.Transport;

/** The Engine.IO knobs, in milliseconds and bytes. */
public record EngineSettings(Set<Transport> transports, long pingIntervalMs, long pingTimeoutMs, int maxPayload,
                             long upgradeTimeoutMs) {
}

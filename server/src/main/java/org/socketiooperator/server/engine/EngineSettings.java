package org.socketiooperator.server.engine;

import java.util.Set;
import org.socketiooperator.server.api.Transport;

/**
 * The Engine.IO knobs, in milliseconds and bytes. {@code maxBufferedBytes} bounds what may wait for one
 * client: past it the client is taken for one that does not read and is disconnected.
 */
public record EngineSettings(
        Set<Transport> transports,
        long pingIntervalMs,
        long pingTimeoutMs,
        int maxPayload,
        long upgradeTimeoutMs,
        int maxBufferedBytes) {}

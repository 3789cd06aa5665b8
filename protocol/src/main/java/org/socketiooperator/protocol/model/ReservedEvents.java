package org.socketiooperator.protocol.model;

import java.util.Set;

/**
 * Event names the Socket.IO libraries keep for themselves: a client may not send them, and emitting them
 * would confuse every receiver. One list for the server's parser, the emitter and the gateway.
 */
public final class ReservedEvents {

    public static final Set<String> NAMES =
            Set.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");

    private ReservedEvents() {}

    public static boolean isReserved(String event) {
        return NAMES.contains(event);
    }
}

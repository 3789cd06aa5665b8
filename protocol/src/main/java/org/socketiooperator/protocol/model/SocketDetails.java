package org.socketiooperator.protocol.model;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code fetchSockets} returns about a socket, local or remote: its id, the handshake as Node
 * serialises it ({@code headers, time, address, xdomain, secure, issued, url, query, auth}), its rooms
 * (its own id included) and its {@code data}.
 */
public record SocketDetails(String id, Map<String, Object> handshake, Set<String> rooms, Object data) {

    public SocketDetails {
        Objects.requireNonNull(id, "id");
        handshake = handshake == null ? Map.of() : handshake;
        rooms = rooms == null ? Set.of() : Set.copyOf(rooms);
    }
}

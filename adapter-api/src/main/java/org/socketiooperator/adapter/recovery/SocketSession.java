package org.socketiooperator.adapter.recovery;

import java.util.List;
import java.util.Objects;

/**
 * What a disconnected socket leaves behind for connection state recovery: its public id ({@code sid}),
 * the private session id the client presents to come back ({@code pid}), its rooms (its own id room
 * included) and its application data.
 */
public record SocketSession(String sid, String pid, List<String> rooms, Object data) {

    public SocketSession {
        Objects.requireNonNull(sid, "sid");
        Objects.requireNonNull(pid, "pid");
        rooms = List.copyOf(rooms);
    }
}

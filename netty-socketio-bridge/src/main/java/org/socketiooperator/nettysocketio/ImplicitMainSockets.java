package org.socketiooperator.nettysocketio;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * netty-socketio 2.0.14 puts every Engine.IO v4 connection in the main namespace {@code /} as soon as its
 * transport opens, before (and whether or not) the client sends CONNECT for {@code /}: a client of
 * {@code /chat} alone also has a {@code /} socket that it never asked for and that never answers
 * (evaluation B5). When the client does send CONNECT for {@code /}, netty-socketio replaces that socket
 * object with a new one. The bridge remembers the object created at transport open (netty-socketio
 * publishes CONNECT then JOIN for it, on one thread) and hides it from the cluster for as long as it is
 * still the one in the namespace: no broadcasts from other nodes, no acknowledgements waited for, not in
 * fetchSockets, rooms or counts.
 */
final class ImplicitMainSockets {

    /** The session whose transport is opening on this thread (netty-socketio's CONNECT publication). */
    private static final ThreadLocal<UUID> OPENING = new ThreadLocal<>();

    private final Map<UUID, SocketIOClient> implicit = new ConcurrentHashMap<>();

    void transportOpening(UUID sessionId) {
        OPENING.set(sessionId);
    }

    /** netty-socketio's JOIN of the main namespace's own room; {@code client} is the socket it now holds. */
    void joinedMain(UUID sessionId, SocketIOClient client) {
        if (sessionId.equals(OPENING.get())) {
            OPENING.remove();
            if (client != null && client.getEngineIOVersion() == EngineIOVersion.V4) {
                implicit.put(sessionId, client);
            }
        }
    }

    void closed(UUID sessionId) {
        implicit.remove(sessionId);
    }

    /** Whether this is still the socket netty-socketio made up, not one the client connected. */
    boolean isImplicit(SocketIOClient client) {
        SocketIOClient made = implicit.get(client.getSessionId());
        if (made == null) {
            return false;
        }
        if (made != client) {
            implicit.remove(client.getSessionId(), made); // the client has connected "/" since
            return false;
        }
        return true;
    }
}

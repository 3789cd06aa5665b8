package org.socketiooperator.protocol.classic;

import java.util.List;
import java.util.Objects;
import org.socketiooperator.protocol.model.SocketDetails;

/**
 * A message on a response channel. Responses carry no uid: the requester matches them by
 * {@code requestId} alone.
 */
public sealed interface ClassicResponse {

    int SERVER_SIDE_EMIT = 6;
    int BROADCAST_CLIENT_COUNT = 8;
    int BROADCAST_ACK = 9;

    String requestId();

    /** Answer to type 0. */
    record SocketIds(String requestId, List<String> sockets) implements ClassicResponse {
        public SocketIds {
            Objects.requireNonNull(requestId, "requestId");
            sockets = List.copyOf(sockets);
        }
    }

    /** Answer to type 1. */
    record AllRooms(String requestId, List<String> rooms) implements ClassicResponse {
        public AllRooms {
            Objects.requireNonNull(requestId, "requestId");
            rooms = List.copyOf(rooms);
        }
    }

    /** Answer to type 5, sent even when no local socket matches. */
    record FetchSockets(String requestId, List<SocketDetails> sockets) implements ClassicResponse {
        public FetchSockets {
            Objects.requireNonNull(requestId, "requestId");
            sockets = List.copyOf(sockets);
        }
    }

    /** Type 6: the first argument a server-side listener passed to its callback. */
    record ServerSideEmitAck(String requestId, Object data) implements ClassicResponse {
        public ServerSideEmitAck {
            Objects.requireNonNull(requestId, "requestId");
        }
    }

    /** Type 8: how many local clients a type 7 broadcast was written to (0 included). */
    record BroadcastClientCount(String requestId, long clientCount) implements ClassicResponse {
        public BroadcastClientCount {
            Objects.requireNonNull(requestId, "requestId");
        }
    }

    /** Type 9: one client's acknowledgement (its first argument). */
    record BroadcastAck(String requestId, Object packet) implements ClassicResponse {
        public BroadcastAck {
            Objects.requireNonNull(requestId, "requestId");
        }
    }
}

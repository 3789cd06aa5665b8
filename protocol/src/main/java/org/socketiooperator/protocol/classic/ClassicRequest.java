package org.socketiooperator.protocol.classic;

import java.util.List;
import java.util.Objects;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;

/**
 * A message on {@code P-request#NSP#}. {@code uid} is the sending adapter; it is null for the
 * emitter's join/leave/disconnect requests. {@code requestId} is null for requests nobody answers.
 */
public sealed interface ClassicRequest {

    int SOCKETS = 0;
    int ALL_ROOMS = 1;
    int REMOTE_JOIN = 2;
    int REMOTE_LEAVE = 3;
    int REMOTE_DISCONNECT = 4;
    int REMOTE_FETCH = 5;
    int SERVER_SIDE_EMIT = 6;
    int BROADCAST = 7;

    String uid();

    int type();

    /** Type 0, legacy (adapters before v8 send it): the ids of the sockets in {@code rooms}. */
    record SocketIds(String uid, String requestId, List<String> rooms) implements ClassicRequest {
        public SocketIds {
            Objects.requireNonNull(requestId, "requestId");
            rooms = List.copyOf(rooms);
        }

        @Override
        public int type() {
            return SOCKETS;
        }
    }

    /** Type 1. */
    record AllRooms(String uid, String requestId) implements ClassicRequest {
        public AllRooms {
            Objects.requireNonNull(requestId, "requestId");
        }

        @Override
        public int type() {
            return ALL_ROOMS;
        }
    }

    /** Type 2: the selected sockets join {@code rooms}; every node applies it, nobody answers. */
    record Join(String uid, BroadcastOptions opts, List<String> rooms) implements ClassicRequest {
        public Join {
            Objects.requireNonNull(opts, "opts");
            rooms = List.copyOf(rooms);
        }

        @Override
        public int type() {
            return REMOTE_JOIN;
        }
    }

    /** Type 3. */
    record Leave(String uid, BroadcastOptions opts, List<String> rooms) implements ClassicRequest {
        public Leave {
            Objects.requireNonNull(opts, "opts");
            rooms = List.copyOf(rooms);
        }

        @Override
        public int type() {
            return REMOTE_LEAVE;
        }
    }

    /** Type 4. */
    record Disconnect(String uid, BroadcastOptions opts, boolean close) implements ClassicRequest {
        public Disconnect {
            Objects.requireNonNull(opts, "opts");
        }

        @Override
        public int type() {
            return REMOTE_DISCONNECT;
        }
    }

    /** Type 5. */
    record FetchSockets(String uid, String requestId, BroadcastOptions opts) implements ClassicRequest {
        public FetchSockets {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(opts, "opts");
        }

        @Override
        public int type() {
            return REMOTE_FETCH;
        }
    }

    /** Type 6; {@code requestId} is present iff the sender waits for acknowledgements. */
    record ServerSideEmit(String uid, String requestId, List<Object> data) implements ClassicRequest {
        public ServerSideEmit {
            Objects.requireNonNull(data, "data");
        }

        @Override
        public int type() {
            return SERVER_SIDE_EMIT;
        }
    }

    /** Type 7: broadcast whose clients' acknowledgements go back to the sender. */
    record BroadcastWithAck(String uid, String requestId, EventPacket packet, BroadcastOptions opts)
            implements ClassicRequest {
        public BroadcastWithAck {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(packet, "packet");
            Objects.requireNonNull(opts, "opts");
        }

        @Override
        public int type() {
            return BROADCAST;
        }
    }
}
